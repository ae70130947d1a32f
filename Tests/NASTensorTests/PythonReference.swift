import Foundation

/// Runs reference computations in a python3 subprocess (numpy always; PyTorch when available).
enum PythonReference {
    /// Runs `script` with `interpreter`, passing `args`; returns stdout, or throws with stderr.
    static func run(_ script: String, args: [String] = [], interpreter: String = "python3") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nastensor-py-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("ref.py")
        try script.write(to: file, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [interpreter, file.path] + args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw PythonError(message: String(decoding: e, as: UTF8.self))
        }
        return String(decoding: o, as: UTF8.self)
    }

    struct PythonError: Error, CustomStringConvertible { let message: String; var description: String { message } }

    /// A python interpreter that can `import torch`: `$NASWIFT_TORCH_PYTHON`, else `python3` if it has
    /// torch; `nil` when neither (the PyTorch cross-checks are then skipped with a visible message).
    static let torchInterpreter: String? = {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["NASWIFT_TORCH_PYTHON"], !env.isEmpty { candidates.append(env) }
        candidates.append("python3")
        for c in candidates where (try? run("import torch; print(torch.__version__)", interpreter: c)) != nil { return c }
        return nil
    }()

    static var torchAvailable: Bool { torchInterpreter != nil }

    static func tempURL(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("nastensor-\(UUID().uuidString)-\(name)")
    }
}
