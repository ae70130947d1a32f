import ArgumentParser
import Foundation
import NASBenchmarks
import NASCore
import NASLinalg
import NASRunner
import NASSpaces
import NASStrategies

/// `naswift bench tw`: seconds per search run of a strategy (default: one 200-query tw-gp run on
/// NB201 cifar10-12ep, repeated over seeds) with the strategy's profile of where the time goes
/// (model-based strategies: candidates, encoding, surrogate phases, selection).
public struct BenchTWCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tw",
        abstract: "Time search runs of a strategy (tw-gp, tw-kdpp, bananas, ...) and show where the time goes.")

    @Option(help: "Benchmark (must be imported; see `naswift data list`).")
    var benchmark: String = "nb201"
    @Option(help: "Task preset.")
    var task: String = "cifar10-12ep"
    @Option(help: "Strategy (any registered one; model-based strategies report a profile).")
    var strategy: String = "tw-gp"
    @Option(help: "Queries per run.")
    var budget: Int = 200
    @Option(name: .customLong("batch-size"), help: "Architectures per ask (default 5 for tw-kdpp, else 1).")
    var batchSize: Int?
    @Option(help: "Runs (seeds 0..<runs), one after another on one thread.")
    var runs: Int = 5
    @Option(name: .customLong("option"), help: "Strategy option key=value (repeatable).")
    var options: [String] = []
    @OptionGroup var output: BenchOutput
    @OptionGroup var data: DataDirectoryOption

    public init() {}

    public func run() throws {
        _ = try StrategyRegistry.factory(strategy)
        guard runs >= 1, budget >= 1 else {
            throw NaswiftError.invalidArgument("--runs and --budget must be at least 1", hint: "e.g. --runs 5 --budget 200")
        }
        let batch = batchSize ?? (strategy == "tw-kdpp" ? 5 : 1)
        guard batch >= 1 else { throw NaswiftError.invalidArgument("--batch-size must be at least 1", hint: "e.g. --batch-size 5") }
        // One run on one thread, BLAS included: multi-threaded OpenBLAS on these small matrices
        // only adds synchronisation (and on a loaded machine inflates the wall time many-fold).
        try BLAS.withThreadCount(1) {
            let store = data.store
            let table = try RunTable(benchmark: try store.load(benchmark), task: task)
            let figures = try measure(try SpaceRegistry.make(table.spaceName), table: table, batch: batch)
            for (k, v) in figures.sorted(by: { $0.key < $1.key }) { print(String(format: "%-34@ %.4f", k as NSString, v)) }
            try output.write(figures)
        }
    }

    /// Seconds per run, the strategy's profile per run (keys prefixed `profile_`) and the mean best
    /// oriented report value of the evaluated rows.
    func measure<S: SearchSpace>(_ space: S, table: RunTable, batch: Int) throws -> [String: Double] {
        let prepared = try Runner.prepare(table, space: space)
        let strategyOptions = table.strategyOptions(try StrategyOptions(parsing: options))
        try StrategyRegistry.factory(strategy).validate(budget: budget, options: strategyOptions)
        let guide = table.guide.map { table.guideDirection.oriented($0) }
        var wall = 0.0, bestSum = 0.0, profile: [String: Double] = [:]
        for seed in 0..<runs {
            let t0 = monotonicSeconds()
            var s = try StrategyRegistry.make(strategy, domain: prepared.domain, seed: UInt64(seed), options: strategyOptions)
            var best = -Double.infinity
            try AskTellLoop.drive(&s, limit: budget, batch: batch) { a in
                guard let row = prepared.rowOf[a] else { return nil }
                best = max(best, table.reportDirection.oriented(table.report[row]))
                return guide[row].isNaN ? nil : guide[row]
            }
            wall += monotonicSeconds() - t0
            bestSum += best
            profile.merge(s.profile) { $0 + $1 }
        }
        let r = Double(runs)
        var figures = ["seconds_per_run": wall / r, "mean_best_report_oriented": bestSum / r]
        for (k, v) in profile { figures["profile_" + k] = v / r }
        return figures
    }
}
