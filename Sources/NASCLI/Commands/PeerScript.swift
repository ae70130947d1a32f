import ArgumentParser
import Foundation
import NASCore

/// Runs a peer's workload script (PyTorch, numpy, ...) for a side-by-side benchmark and returns its
/// standard output; its standard error goes to ours. Throws `NaswiftError` (.io) with the command
/// to re-run by hand when the interpreter cannot start or the script exits non-zero.
enum PeerScript {
    static func run(python: String, script: String, arguments: [String]) throws -> String {
        let p = Process(), pipe = Pipe()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [python, script] + arguments
        p.standardOutput = pipe
        do { try p.run() } catch {
            throw NaswiftError(.io, "cannot start '\(python)': \(error.localizedDescription)",
                               hint: "pass --torch-python PATH, or '' to skip the peer")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw NaswiftError(.io, "the peer workload failed (status \(p.terminationStatus))",
                               hint: "run \(([python, script] + arguments).joined(separator: " ")) to see the error, or pass --torch-python ''")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The last number of each non-empty line of `text`.
    static func lastNumbers(_ text: String) -> [Double] {
        text.split(separator: "\n").compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
    }
}

/// The side-by-side options of the benchmarks that run a PyTorch peer (`bench cena`, `cena-train`,
/// `arch2vec`, `ctnas`), declared once: threads for both sides, the python that runs the PyTorch
/// workload and the workload script. Each command gives its defaults through `Defaults`.
struct TorchPeerOptions<Defaults: TorchPeerDefaults>: ParsableArguments {
    @Option(help: "Threads for BLAS here and for torch.set_num_threads.")
    var threads: Int = Defaults.threads
    @Option(name: .customLong("torch-python"), help: "Python with torch (default: $NASWIFT_TORCH_PYTHON); '' skips PyTorch.")
    var torchPython: String?
    @Option(name: .customLong("torch-script"), help: "The PyTorch workload script.")
    var torchScript: String = Defaults.script

    /// `--torch-python`, else `$NASWIFT_TORCH_PYTHON`, else '' (no PyTorch run).
    var python: String { torchPython ?? ProcessInfo.processInfo.environment["NASWIFT_TORCH_PYTHON"] ?? "" }

    /// The python to run the script with, or nil (after saying why) when the comparison is skipped.
    func peer() -> String? {
        if !python.isEmpty && FileManager.default.fileExists(atPath: torchScript) { return python }
        print("PyTorch comparison skipped (python '\(python)', script '\(torchScript)')")
        return nil
    }

    /// Runs the workload script with `arguments` (`PeerScript.run`).
    func run(python: String, _ arguments: [String]) throws -> String {
        try PeerScript.run(python: python, script: torchScript, arguments: arguments)
    }
}

/// A benchmark's defaults for `TorchPeerOptions`.
protocol TorchPeerDefaults {
    static var threads: Int { get }
    static var script: String { get }
}

extension TorchPeerDefaults {
    /// All cores (the CENA benchmarks time whole-machine workloads).
    static var threads: Int { ProcessInfo.processInfo.activeProcessorCount }
}

/// A JSON object of numbers written by a peer script (`--json FILE`); throws with the command to
/// re-run when the file or a key is missing.
func peerJSON(_ url: URL, keys: [String], command: String) throws -> [String: Double] {
    guard let doc = try? JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
        throw NaswiftError(.io, "the peer workload wrote no JSON to \(url.path)", hint: "run \(command) to see why")
    }
    var out: [String: Double] = [:]
    for k in keys {
        if let v = doc[k] as? Double { out[k] = v } else if let v = (doc[k] as? [Double])?.first { out[k] = v } else {
            throw NaswiftError(.io, "the peer workload's JSON has no number '\(k)'", hint: "run \(command) and check its output")
        }
    }
    return out
}
