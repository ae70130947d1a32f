import ArgumentParser
import Dispatch
import Foundation
import NASBenchmarks
import NASCore
import NASReports
import NASRunner
import NASStrategies

/// `naswift bench runner`: runner throughput (queries per second) on a real benchmark, by default
/// 500 seeds x 200 queries x the 3 baselines on NB201 cifar10 (target: under 60 s in total).
public struct BenchRunnerCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "runner",
        abstract: "Measure the multi-seed runner: queries per second, 500 seeds x 200 queries x 3 baselines.")

    @Option(help: "Benchmark (must be imported; see `naswift data list`).")
    var benchmark: String = "nb201"
    @Option(help: "Task preset.")
    var task: String = "cifar10"
    @Option(help: "Comma-separated strategies.")
    var strategies: String = "random,re,ls"
    @Option(help: "Seeds per strategy.")
    var seeds: Int = 500
    @Option(help: "Queries per seed.")
    var budget: Int = 200
    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?
    @OptionGroup var output: BenchOutput
    @OptionGroup var data: DataDirectoryOption

    public init() {}

    public func run() throws {
        let list = try CompareCommand.names(strategies)
        _ = try RunSpec(strategy: "random", budget: budget, seeds: seeds)
        let t0 = DispatchTime.now().uptimeNanoseconds
        let store = data.store
        let table = try RunTable(benchmark: try store.load(benchmark), task: task)
        let prepared = try PreparedSpace(table)
        let setup = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        var rows: [[String: Any]] = []
        var results: [RunResult] = []
        var totalQueries = 0, totalSeconds = 0.0
        print("runner benchmark: \(benchmark)/\(task), \(seeds) seeds x \(budget) queries, "
              + "\(threads ?? ProcessInfo.processInfo.activeProcessorCount) threads, load + parse \(String(format: "%.3f", setup)) s")
        print("strategy   queries     wall s   queries/s   report of best guided")
        for name in list {
            let r = try prepared.run(try RunSpec(strategy: name, budget: budget, seeds: seeds), on: table, threads: threads, progress: nil)
            results.append(r)
            let (m, s) = Statistics.meanStd(r.finalBestGuidedReport)
            let qps = Double(r.totalQueries) / r.wallSeconds
            totalQueries += r.totalQueries; totalSeconds += r.wallSeconds
            print(name.padding(toLength: 8, withPad: " ", startingAt: 0)
                  + String(format: "%10d %10.3f %11.0f   %.3f ± %.3f", r.totalQueries, r.wallSeconds, qps, m, s))
            rows.append(["strategy": name, "queries": r.totalQueries, "wall_seconds": r.wallSeconds, "queries_per_second": qps,
                         "report_of_best_guided_mean": m, "report_of_best_guided_std": s])
        }
        print(String(format: "total   %10d %10.3f %11.0f", totalQueries, totalSeconds, Double(totalQueries) / totalSeconds))
        // Writing every query (CSV + JSONL), the table and the plot, as `naswift compare` does.
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-bench-runner-\(UUID().uuidString)")
        let w0 = DispatchTime.now().uptimeNanoseconds
        try RunReport.write(results, to: tmp)
        let reportSeconds = Double(DispatchTime.now().uptimeNanoseconds - w0) / 1e9
        try? FileManager.default.removeItem(at: tmp)
        print(String(format: "reports (queries.csv/.jsonl, report.md/.csv, curves.svg/.png): %.3f s", reportSeconds))
        let o: [String: Any] = ["benchmark": benchmark, "task": task, "seeds": seeds, "budget": budget,
                                "threads": threads ?? ProcessInfo.processInfo.activeProcessorCount,
                                "setup_seconds": setup, "report_seconds": reportSeconds, "total_seconds": totalSeconds, "total_queries": totalQueries,
                                "queries_per_second": Double(totalQueries) / totalSeconds,
                                "data_sha256": table.dataSHA256, "strategies": rows]
        try output.write(o)
    }
}
