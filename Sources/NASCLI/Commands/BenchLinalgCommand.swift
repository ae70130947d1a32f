import ArgumentParser
import Foundation
import NASCore
import NASLinalg

/// `naswift bench linalg`: Cholesky, symmetric eigendecomposition and thin SVD timings
/// (median milliseconds) at the given sizes, optionally beside numpy (scripts/bench/linalg_numpy.py)
/// run in the same invocation on the same machine.
public struct BenchLinalgCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "linalg",
        abstract: "Time Cholesky, eigh and thin SVD (ms, median) and compare with numpy.")

    @Option(help: "Comma-separated matrix sizes n (n x n matrices).")
    var sizes: String = "100,500"
    @Option(help: "Timed repetitions per measurement (median reported).")
    var repeats: Int = 7
    @Option(help: "numpy reference script; pass an empty string to skip numpy.")
    var numpyScript: String = "scripts/bench/linalg_numpy.py"
    @OptionGroup var output: BenchOutput

    public init() {}

    public func run() throws {
        let ns = try sizes.split(separator: ",").map { s -> Int in
            guard let n = Int(s.trimmingCharacters(in: .whitespaces)), n > 0 else {
                throw NaswiftError.invalidArgument("bad size '\(s)' in --sizes \(sizes)", hint: "pass positive integers, e.g. --sizes 100,500")
            }
            return n
        }
        guard repeats > 0 else { throw NaswiftError.invalidArgument("--repeats must be positive, got \(repeats)", hint: "e.g. --repeats 7") }
        var ours: [String: Double] = [:]
        var rng = SeededGenerator(seed: 0)
        for n in ns {
            var a = Matrix(rows: n, cols: n)
            for i in a.storage.indices { a.storage[i] = rng.normal() }
            let aat = try a.multiplied(by: a, transposeOther: true)
            let spd = try (0.5 * (aat + aat.transposed)).addingToDiagonal(Double(n))
            ours["cholesky_\(n)_ms"] = try Self.medianMs(repeats) { _ = try Cholesky(spd) }
            ours["eigh_\(n)_ms"] = try Self.medianMs(repeats) { _ = try SymmetricEigen(spd) }
            ours["svd_\(n)_ms"] = try Self.medianMs(repeats) { _ = try SVD(a) }
        }
        var numpy: [String: Any] = [:]
        if !numpyScript.isEmpty {
            numpy = try Self.runNumpy(script: numpyScript, sizes: sizes, repeats: repeats)
        }
        func pad(_ s: String, _ w: Int, left: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, w - s.count))
            return left ? s + fill : fill + s
        }
        print(pad("operation", 10, left: true) + pad("n", 6) + pad("naswift ms", 14) + pad("numpy ms", 12) + pad("numpy/naswift", 15))
        for n in ns {
            for op in ["cholesky", "eigh", "svd"] {
                let key = "\(op)_\(n)_ms"
                let o = ours[key] ?? .nan
                let p = (numpy[key] as? NSNumber)?.doubleValue
                print(pad(op, 10, left: true) + pad("\(n)", 6) + pad(String(format: "%.3f", o), 14)
                      + pad(p.map { String(format: "%.3f", $0) } ?? "-", 12)
                      + pad(p.map { String(format: "%.2fx", $0 / o) } ?? "-", 15))
            }
        }
        var doc: [String: Any] = ["naswift": ours, "repeats": repeats]
        if !numpy.isEmpty { doc["numpy"] = numpy }
        try output.write(doc)
    }

    /// Median wall time in milliseconds of `repeats` runs of `body` after one warm-up run.
    static func medianMs(_ repeats: Int, _ body: () throws -> Void) throws -> Double {
        try body()
        var times: [Double] = []
        for _ in 0..<repeats {
            let t = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
        }
        times.sort()
        return times[times.count / 2]
    }

    static func runNumpy(script: String, sizes: String, repeats: Int) throws -> [String: Any] {
        guard FileManager.default.fileExists(atPath: script) else {
            throw NaswiftError(.dataMissing, "numpy benchmark script not found at \(script)",
                               hint: "run from the repository root, pass --numpy-script PATH, or --numpy-script '' to skip numpy")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script, "--sizes", sizes, "--repeats", String(repeats)]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0,
              let doc = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw NaswiftError(.io, "numpy benchmark script \(script) failed (status \(p.terminationStatus))",
                               hint: "check that python3 with numpy is installed, or pass --numpy-script '' to skip numpy")
        }
        return doc
    }
}
