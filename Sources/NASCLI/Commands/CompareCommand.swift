import ArgumentParser
import Foundation
import NASCore
import NASRunner
import NASStrategies

/// `naswift compare`: several strategies on the same task, seeds and budget; one Markdown table
/// (+ CSV) with Mann-Whitney p-values against random search, and one plot.
public struct CompareCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare several search strategies on one benchmark task (one table, one plot).",
        discussion: """
        Strategies:
        \(SearchArguments.strategyHelp)
        --option key=value goes to every compared strategy that has the option (e.g. embeddings= to cena-bo only), \
        --option NAME.key=value to strategy NAME only.
        Example: naswift compare --benchmark analognas --task cifar10 --strategies random,re,ls --budget 100 --seeds 100
        """)

    @Option(help: "Comma-separated strategy names.")
    var strategies: String
    @OptionGroup var arguments: SearchArguments

    public init() {}

    public func run() throws {
        let (results, files) = try Self.execute(strategies: strategies, arguments: arguments)
        print(RunReport.markdown(results), terminator: "")
        print("\nwrote " + files.map(\.path).joined(separator: ", "))
    }

    /// The strategy list, checked (non-empty, known, no repeats).
    static func names(_ text: String) throws -> [String] {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else {
            throw NaswiftError.invalidArgument("--strategies is empty", hint: "e.g. --strategies random,re,ls")
        }
        for n in names { _ = try StrategyRegistry.factory(n) }
        guard Set(names).count == names.count else {
            throw NaswiftError.invalidArgument("--strategies names a strategy twice: \(text)", hint: "list each strategy once")
        }
        return names
    }

    static func execute(strategies: String, arguments a: SearchArguments) throws -> ([RunResult], [URL]) {
        try a.validateNumbers()
        let list = try names(strategies)
        for n in list { _ = try a.spec(strategy: n, among: list) }   // every --option goes somewhere, before any data is read
        let table = try a.table()
        let prepared = try PreparedSpace(table)
        let results = try list.map { try a.run($0, on: table, prepared: prepared, among: list) }
        let out = URL(fileURLWithPath: a.out ?? "out/compare/\(table.benchmark)-\(table.task)")
        let files = try RunReport.write(results, to: out)
        try a.writeJSON(try CompareSummary(results).json())
        return (results, files)
    }
}

/// The `--json` of `naswift compare`: the shared protocol, then one run summary per strategy and
/// the one-sided Mann-Whitney p-value of each against the baseline (random search when present).
struct CompareSummary: Codable {
    let benchmark: String
    let task: String
    let guide_metric: String
    let report_metric: String
    let budget: Double
    let budget_unit: String
    let seeds: Int
    let data_sha256: String
    let wall_seconds: Double
    let baseline: String
    let p_value_vs_baseline: [String: Double]
    let strategies: [RunSummary]

    init(_ results: [RunResult]) {
        let s = results.map(\.summary)
        let base = RunReport.baseline(results)
        benchmark = s.first?.benchmark ?? ""; task = s.first?.task ?? ""
        guide_metric = s.first?.guide_metric ?? ""; report_metric = s.first?.report_metric ?? ""
        budget = s.first?.budget ?? 0; budget_unit = s.first?.budget_unit ?? "queries"
        seeds = s.first?.seeds ?? 0; data_sha256 = s.first?.data_sha256 ?? ""
        wall_seconds = results.reduce(0) { $0 + $1.wallSeconds }
        baseline = base?.strategy ?? ""
        var p: [String: Double] = [:]
        if let base {
            for r in results where r.strategy != base.strategy {
                let v = RunReport.pValue(r, vs: base)
                if v.isFinite { p[r.strategy] = v }
            }
        }
        p_value_vs_baseline = p
        strategies = s
    }

    func json() throws -> Data { try JSONText.encode(self, what: "the comparison summary (--json)") }
}
