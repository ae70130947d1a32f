import ArgumentParser
import Dispatch
import Foundation
import NASBenchmarks
import NASCore
import NASLinalg
import NASRunner
import NASSpaces
import NASStrategies
import NASTWNAS

/// `naswift bench tw`: seconds per TW-NAS run (default: one 200-query tw-gp run on NB201
/// cifar10-12ep, repeated) with the profile of where the time goes; `--strategy bananas` times
/// the BANANAS baseline (ensemble training, candidates, scoring).
public struct BenchTWCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tw",
        abstract: "Time TW-NAS runs (tw-gp / tw-kdpp / bananas) and show where the time goes.")

    @Option(help: "Benchmark (must be imported; see `naswift data list`).")
    var benchmark: String = "nb201"
    @Option(help: "Task preset.")
    var task: String = "cifar10-12ep"
    @Option(help: "tw-gp, tw-kdpp or bananas.")
    var strategy: String = "tw-gp"
    @Option(help: "Queries per run.")
    var budget: Int = 200
    @Option(name: .customLong("batch-size"), help: "Architectures per ask (5 for tw-kdpp).")
    var batchSize: Int?
    @Option(help: "Runs (seeds 0..<runs), one after another on one thread.")
    var runs: Int = 5
    @Option(name: .customLong("option"), help: "Strategy option key=value (repeatable).")
    var options: [String] = []
    @Option(help: "Also write the figures as JSON to this file.")
    var json: String?
    @Option(name: .customLong("data-dir"), help: "Data directory (default: $NASWIFT_DATA, else ~/.cache/naswift).")
    var dataDirectory: String?

    public init() {}

    public func run() throws {
        guard ["tw-gp", "tw-kdpp", "bananas"].contains(strategy) else {
            throw NaswiftError.unknownName("TW strategy", strategy, valid: ["tw-gp", "tw-kdpp", "bananas"])
        }
        guard runs >= 1, budget >= 1 else {
            throw NaswiftError.invalidArgument("--runs and --budget must be at least 1", hint: "e.g. --runs 5 --budget 200")
        }
        let batch = batchSize ?? (strategy == "tw-kdpp" ? 5 : 1)
        guard batch >= 1 else { throw NaswiftError.invalidArgument("--batch-size must be at least 1", hint: "e.g. --batch-size 5") }
        // One run on one thread, BLAS included: multi-threaded OpenBLAS on these small matrices
        // only adds synchronisation (and on a loaded machine inflates the wall time many-fold).
        try BLAS.withThreadCount(1) {
            let store = BenchmarkStore(directory: dataDirectory.map { URL(fileURLWithPath: $0) })
            let table = try RunTable(benchmark: try store.load(benchmark), task: task)
            let space = try SpaceRegistry.make(table.spaceName)
            let figures = strategy == "bananas" ? try measureBananas(space, table: table, batch: batch)
                                                : try measure(space, table: table, batch: batch)
            for (k, v) in figures.sorted(by: { $0.key < $1.key }) { print(String(format: "%-34@ %.4f", k as NSString, v)) }
            if let json {
                try JSONSerialization.data(withJSONObject: figures, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: json))
            }
        }
    }

    /// Runs `strategy` for `budget` evaluations answered from `table` (`batch` per ask) and returns
    /// the best oriented report value among the evaluated rows.
    func simulate<St: Strategy>(_ strategy: inout St, rowOf: [St.Space.Architecture: Int], table: RunTable,
                                guide: [Double], batch: Int) throws -> Double {
        var count = 0, best = -Double.infinity
        while count < budget {
            let asked = try strategy.ask(min(batch, budget - count))
            if asked.isEmpty { break }
            var obs: [Observation<St.Space.Architecture>] = []
            for a in asked {
                guard let row = rowOf[a] else { continue }
                best = max(best, table.reportDirection.oriented(table.report[row]))
                obs.append(Observation(a, value: guide[row].isNaN ? nil : guide[row]))
            }
            count += asked.count
            try strategy.tell(obs)
        }
        return best
    }

    func measure<S: SearchSpace>(_ space: S, table: RunTable, batch: Int) throws -> [String: Double] {
        let prepared = try Runner.prepare(table, space: space)
        let settings = try TWGPSettings(options: StrategyOptions(parsing: options), batch: strategy == "tw-kdpp", strategy: strategy)
        var total = TWProfile(), wall = 0.0, finalErrors: [Double] = []
        let guide = table.guide.map { table.guideDirection.oriented($0) }
        for seed in 0..<runs {
            let t0 = DispatchTime.now().uptimeNanoseconds
            var s = try TWBayesOpt(domain: prepared.domain, seed: UInt64(seed), settings: settings, batch: strategy == "tw-kdpp")
            let best = try simulate(&s, rowOf: prepared.rowOf, table: table, guide: guide, batch: batch)
            wall += Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            finalErrors.append(best)
            let p = s.profile
            total.trainDistanceSeconds += p.trainDistanceSeconds; total.candidateSeconds += p.candidateSeconds
            total.candidateDistanceSeconds += p.candidateDistanceSeconds; total.fitSeconds += p.fitSeconds
            total.gpSeconds += p.gpSeconds; total.predictSeconds += p.predictSeconds; total.selectSeconds += p.selectSeconds
            total.fits += p.fits
        }
        let r = Double(runs)
        return [
            "seconds_per_run": wall / r,
            "profile_train_distances_s": total.trainDistanceSeconds / r,
            "profile_candidates_s": total.candidateSeconds / r,
            "profile_candidate_distances_s": total.candidateDistanceSeconds / r,
            "profile_hyperparameter_fit_s": total.fitSeconds / r,
            "profile_gp_refactor_s": total.gpSeconds / r,
            "profile_predict_s": total.predictSeconds / r,
            "profile_select_s": total.selectSeconds / r,
            "fits_per_run": Double(total.fits) / r,
            "mean_best_report_oriented": finalErrors.reduce(0, +) / r,
        ]
    }

    /// Seconds per `bananas` run and its phases (one run per seed, one after another).
    func measureBananas<S: SearchSpace>(_ space: S, table: RunTable, batch: Int) throws -> [String: Double] {
        let prepared = try Runner.prepare(table, space: space)
        let settings = try BananasSettings(options: StrategyOptions(parsing: options))
        let guide = table.guide.map { table.guideDirection.oriented($0) }
        var wall = 0.0, train = 0.0, cand = 0.0, score = 0.0, iterations = 0.0, best = 0.0
        for seed in 0..<runs {
            let t0 = DispatchTime.now().uptimeNanoseconds
            var s = try Bananas(domain: prepared.domain, seed: UInt64(seed), settings: settings)
            let runBest = try simulate(&s, rowOf: prepared.rowOf, table: table, guide: guide, batch: batch)
            wall += Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            train += s.trainSeconds; cand += s.candidateSeconds; score += s.scoreSeconds
            iterations += Double(s.iterations); best += runBest
        }
        let r = Double(runs)
        return [
            "seconds_per_run": wall / r,
            "profile_ensemble_training_s": train / r,
            "profile_candidates_s": cand / r,
            "profile_scoring_s": score / r,
            "iterations_per_run": iterations / r,
            "mean_best_report_oriented": best / r,
        ]
    }
}
