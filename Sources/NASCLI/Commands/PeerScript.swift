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

/// The side-by-side options of the CENA benchmarks (`bench cena`, `bench cena-train`): threads for
/// both sides and the python that runs the PyTorch workload.
struct TorchPeerOptions: ParsableArguments {
    @Option(help: "Threads for BLAS here and for torch.set_num_threads.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(name: .customLong("torch-python"), help: "Python with torch (default: $NASWIFT_TORCH_PYTHON); '' skips PyTorch.")
    var torchPython: String?

    /// `--torch-python`, else `$NASWIFT_TORCH_PYTHON`, else '' (no PyTorch run).
    var python: String { torchPython ?? ProcessInfo.processInfo.environment["NASWIFT_TORCH_PYTHON"] ?? "" }

    /// The python to run `script` with, or nil (after saying why) when the comparison is skipped.
    func peer(script: String) -> String? {
        if !python.isEmpty && FileManager.default.fileExists(atPath: script) { return python }
        print("PyTorch comparison skipped (python '\(python)', script '\(script)')")
        return nil
    }
}
