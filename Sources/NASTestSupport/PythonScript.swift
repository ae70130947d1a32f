import Foundation

/// Runs reference scripts in a python subprocess with arguments (numpy always; PyTorch when
/// available), for cross-checks that exchange arrays through `.npz` files.
public enum PythonScript {
    /// Runs `script` with `interpreter`, passing `args`; returns stdout, or throws with stderr.
    public static func run(_ script: String, args: [String] = [], interpreter: String = "python3") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-py-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("ref.py")
        try script.write(to: file, atomically: true, encoding: .utf8)
        return try PythonProcess.text([file.path] + args, interpreter: interpreter)
    }

    /// A python interpreter that can `import torch`: `$NASWIFT_TORCH_PYTHON`, else `python3` if it has
    /// torch; `nil` when neither (the PyTorch cross-checks are then skipped with a visible message).
    public static let torchInterpreter: String? = {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["NASWIFT_TORCH_PYTHON"], !env.isEmpty { candidates.append(env) }
        candidates.append("python3")
        for c in candidates where (try? run("import torch; print(torch.__version__)", interpreter: c)) != nil { return c }
        return nil
    }()

    public static var torchAvailable: Bool { torchInterpreter != nil }

    /// A python interpreter that can `import optuna` (for the TPE cross-checks): `$NASWIFT_OPTUNA_PYTHON`,
    /// else `python3` if it has optuna; `nil` when neither (those checks are then skipped visibly).
    /// A throwaway one: `python3 -m venv /tmp/venv-optuna && /tmp/venv-optuna/bin/pip install optuna`.
    public static let optunaInterpreter: String? = {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["NASWIFT_OPTUNA_PYTHON"], !env.isEmpty { candidates.append(env) }
        candidates.append("python3")
        for c in candidates where (try? run("import optuna; print(optuna.__version__)", interpreter: c)) != nil { return c }
        return nil
    }()

    public static var optunaAvailable: Bool { optunaInterpreter != nil }

    public static func tempURL(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("naswift-\(UUID().uuidString)-\(name)")
    }
}
