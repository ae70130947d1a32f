import ArgumentParser
import Foundation
import NASBenchmarks
import NASLinalg
import NASTensor

/// `naswift system [--json | --blas-core]`: what this machine gives naswift: CPU model and vector
/// extensions, the OpenBLAS kernels in use and the thread count, the data directory. The first
/// thing to paste into a bug report or beside a benchmark figure.
struct SystemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "system",
        abstract: "Show the CPU, vector kernels, OpenBLAS kernels and threads naswift uses here.")

    @Flag(help: "Print a JSON object instead of lines.") var json = false
    @Flag(help: "Print only the OpenBLAS kernel set in use (e.g. SkylakeX), for scripts.") var blasCore = false

    func run() throws {
        if blasCore {
            print(BLASCore.name)
            return
        }
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        let flags = BLASCore.cpuFlags(fromCPUInfo: cpuinfo)
        let env = ProcessInfo.processInfo.environment
        let fields: [(String, String)] = [
            ("cpu", model),
            ("cores", "\(ProcessInfo.processInfo.activeProcessorCount)"),
            ("avx512", flags.contains("avx512f") ? "yes" : "no"),
            ("avx2", flags.contains("avx2") ? "yes" : "no"),
            ("conv kernels", "\(CPUFeatures.convPath.rawValue): \(CPUFeatures.convPath.summary)"),
            ("openblas kernels", BLASCore.name + (env["OPENBLAS_CORETYPE"].map { " (OPENBLAS_CORETYPE=\($0))" } ?? "")),
            ("blas threads", "\(BLAS.threadCount)"),
            ("data directory", BenchmarkStore().directory.path),
        ]
        if json {
            let object = Dictionary(uniqueKeysWithValues: fields.map { ($0.0.replacingOccurrences(of: " ", with: "_"), $0.1) })
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            for (k, v) in fields { print(k.padding(toLength: 18, withPad: " ", startingAt: 0) + v) }
        }
    }
}
