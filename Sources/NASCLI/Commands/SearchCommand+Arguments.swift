import ArgumentParser
import Foundation
import NASBenchmarks
import NASCore
import NASRunner
import NASSpaces
import NASStrategies

/// The options `naswift search` and `naswift compare` share: benchmark, task, metrics, budget,
/// seeds, outputs.
struct SearchArguments: ParsableArguments {
    @Option(help: "Benchmark name (see `naswift data list`).")
    var benchmark: String
    @Option(help: "Task preset of the benchmark (names the guide, report and cost metrics).")
    var task: String?
    @Option(help: "Budget in queries per seed.")
    var budget: Int?
    @Option(name: .customLong("time-budget"), help: "Budget in simulated training seconds per seed (the task's cost metric).")
    var timeBudget: Double?
    @Option(help: "Number of seeds (independent searches).")
    var seeds: Int = 10
    @Option(name: .customLong("first-seed"), help: "First seed; seeds are first-seed, first-seed+1, ...")
    var firstSeed: UInt64 = 0
    @Option(name: .customLong("batch-size"), help: "Architectures asked and evaluated at once.")
    var batchSize: Int = 1
    @Option(help: "Metric that guides the search (default: the task's).")
    var guide: String?
    @Option(help: "Metric reported for the chosen architectures (default: the task's).")
    var report: String?
    @Option(name: .customLong("guide-direction"), help: "auto, max or min (auto: names with error/loss/latency/seconds/time/params/... are minimised).")
    var guideDirection: String = "auto"
    @Option(name: .customLong("report-direction"), help: "auto, max or min.")
    var reportDirection: String = "auto"
    @Option(name: .customLong("option"), help: "Strategy option key=value (repeatable), e.g. population=50. In compare it goes to the strategies that have the option; NAME.key=value to strategy NAME only.")
    var options: [String] = []
    @Option(help: "Pretrained embedding model for latent-space strategies (arch2vec-rl, arch2vec-bo); same as --option model=FILE.")
    var model: String?
    @Option(help: "Worker threads (default: all cores; results do not depend on it).")
    var threads: Int?
    @Option(help: "Write the summary JSON to this file.")
    var json: String?
    @Option(help: "Directory for queries.csv/.jsonl, report.md/.csv and curves.svg/.png.")
    var out: String?
    @Option(name: .customLong("data-dir"), help: "Data directory (default: $NASWIFT_DATA, else ~/.cache/naswift).")
    var dataDirectory: String?
    @Option(help: "Search only these cells: a text file with one architecture per line, or a CSV with an 'arch' column (e.g. an `embed ... export` -index.csv). Every listed cell must be in the task.")
    var cells: String?

    /// The task's table (benchmark loaded and checked, metrics and directions resolved).
    func table() throws -> RunTable {
        if let threads, threads < 1 {
            throw NaswiftError.invalidArgument("--threads must be at least 1 (got \(threads))", hint: "omit it to use all cores")
        }
        let store = BenchmarkStore(directory: dataDirectory.map { URL(fileURLWithPath: $0) })
        let bench = try store.load(benchmark)
        var table = try RunTable(benchmark: bench, task: task, guide: guide, report: report)
        if guideDirection != "auto" || reportDirection != "auto" {
            table = try RunTable(benchmark: bench, task: task, guide: table.guideMetric, report: table.reportMetric,
                                 guideDirection: MetricDirection.parse(guideDirection, for: table.guideMetric),
                                 reportDirection: MetricDirection.parse(reportDirection, for: table.reportMetric))
        }
        if let cells { table.cells = try CellList(path: cells) }
        return table
    }

    /// The run of `strategy`; `compared`: the strategies of a comparison (see `route`).
    func spec(strategy: String, among compared: [String]? = nil) throws -> RunSpec {
        try RunSpec(strategy: strategy, options: strategyOptions(for: strategy, among: compared), budget: budget,
                    timeBudget: timeBudget, seeds: seeds, firstSeed: firstSeed, batchSize: batchSize)
    }

    /// The `--option` pairs (in a comparison, those `route` gives `strategy`), plus `model=FILE`
    /// from `--model` for strategies that take a model (declare a `model` option); other strategies
    /// of a comparison do not get it.
    func strategyOptions(for strategy: String, among compared: [String]? = nil) throws -> StrategyOptions {
        let pairs = try compared.map { try Self.route(options, to: strategy, among: $0) } ?? options
        return try Self.strategyOptions(pairs, model: model, for: strategy, refuseUnusedModel: false)
    }

    /// The `--option` pairs of a comparison that go to `strategy`: `key=value` goes to every
    /// compared strategy that declares `key` (e.g. `embeddings=` to cena-bo, not to random), and
    /// `NAME.key=value` to strategy NAME only. A key no compared strategy declares is an error, as
    /// is a NAME that is not compared. Pairs without `=` are passed on (their parse reports them).
    static func route(_ pairs: [String], to strategy: String, among names: [String]) throws -> [String] {
        var mine: [String] = []
        for pair in pairs {
            guard let eq = pair.firstIndex(of: "=") else { mine.append(pair); continue }
            var key = String(pair[..<eq])
            var targets = names
            if let dot = key.firstIndex(of: ".") {
                let name = String(key[..<dot])
                guard names.contains(name) else {
                    throw NaswiftError.invalidArgument("--option \(pair): '\(name)' is not one of the compared strategies (\(names.joined(separator: ", ")))",
                                                       hint: "write --option NAME.key=value with NAME from --strategies, or key=value for every strategy that has the option")
                }
                targets = [name]
                key = String(key[key.index(after: dot)...])
            }
            let declaring = try targets.filter { try StrategyRegistry.factory($0).declares(key) }
            guard !declaring.isEmpty else {
                throw NaswiftError.invalidArgument("--option \(pair): no compared strategy (\(targets.joined(separator: ", "))) has an option '\(key)'",
                                                   hint: "see `naswift strategies` for each strategy's options")
            }
            if declaring.contains(strategy) { mine.append(key + pair[eq...]) }
        }
        return mine
    }

    /// `pairs` (`key=value`) plus `model=FILE` when `model` is given and `strategy` declares a
    /// `model` option; a model given twice is an error, and so is a model `strategy` cannot use
    /// when `refuseUnusedModel` (a study has one strategy; a comparison passes it to those that take it).
    static func strategyOptions(_ pairs: [String], model: String?, for strategy: String,
                                refuseUnusedModel: Bool) throws -> StrategyOptions {
        var pairs = pairs
        if model?.isEmpty == true || pairs.contains("model=") {
            throw NaswiftError.invalidArgument("the model path is empty", hint: "give a model file, e.g. --model a2v-nb201.model")
        }
        if let model {
            let takesModel = (try? StrategyRegistry.factory(strategy))?.declares("model") ?? false
            if takesModel {
                if pairs.contains(where: { $0.hasPrefix("model=") }) {
                    throw NaswiftError.invalidArgument("the model is given twice (--model and --option model=)", hint: "give it once")
                }
                pairs.append("model=\(model)")
            } else if refuseUnusedModel {
                throw NaswiftError.invalidArgument("strategy '\(strategy)' takes no model file (--model)",
                                                   hint: "--model goes with arch2vec-rl and arch2vec-bo")
            }
        }
        return try StrategyOptions(parsing: pairs)
    }

    /// Checks the numbers, and prepares the --json file's directory, before any data is loaded.
    func validateNumbers() throws {
        if let json { try FileChecks.prepareOutput(json, option: "--json") }
        _ = try RunSpec(strategy: "random", budget: budget, timeBudget: timeBudget, seeds: seeds, firstSeed: firstSeed, batchSize: batchSize)
        _ = try StrategyOptions(parsing: options)
    }

    /// Runs `strategy` with a progress bar on a terminal.
    func run(_ strategy: String, on table: RunTable, prepared: PreparedSpace, among compared: [String]? = nil) throws -> RunResult {
        let bar = ProgressBar(label: strategy)
        return try prepared.run(try spec(strategy: strategy, among: compared), on: table, threads: threads) { done, total in
            bar.update(done, of: total)
        }
    }

    func writeJSON(_ data: Data) throws {
        guard let json else { return }
        do { try data.write(to: URL(fileURLWithPath: json)) } catch {
            throw NaswiftError(.io, "cannot write \(json): \(FileChecks.describe(error))", hint: "choose a writable path for --json")
        }
    }
}

/// A table parsed once with its space, reused by every strategy of a comparison.
struct PreparedSpace {
    let run: (RunSpec, RunTable, Int?, (@Sendable (Int, Int) -> Void)?) throws -> RunResult

    init(_ table: RunTable) throws {
        let space = try SpaceRegistry.make(table.spaceName)
        run = try PreparedSpace.opened(space, table)
    }

    private static func opened<S: SearchSpace>(_ space: S, _ table: RunTable) throws
        -> (RunSpec, RunTable, Int?, (@Sendable (Int, Int) -> Void)?) throws -> RunResult {
        let prepared = try Runner.prepare(table, space: space)
        return { spec, table, threads, progress in try Runner.run(spec, on: table, prepared: prepared, threads: threads, progress: progress) }
    }

    func run(_ spec: RunSpec, on table: RunTable, threads: Int?, progress: (@Sendable (Int, Int) -> Void)?) throws -> RunResult {
        try run(spec, table, threads, progress)
    }
}

extension SearchArguments {
    /// Every registered strategy with its spaces and options (`naswift strategies`).
    static var strategyHelp: String { StrategiesCommand.text }
}
