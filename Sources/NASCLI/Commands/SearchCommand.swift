import ArgumentParser
import Foundation
import NASCore
import NASRunner
import NASStrategies

/// `naswift search`: one strategy, many seeds, on a benchmark task; prints the result table and
/// writes query logs, the curve plot and (with --json) the summary.
public struct SearchCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Run one search strategy over many seeds on a tabular benchmark task.",
        discussion: """
        Per seed: the report metric of the architecture with the best guide metric so far, and the \
        oracle best report metric so far, over queries. Strategies:
        \(SearchArguments.strategyHelp)
        Example: naswift search --benchmark nb201 --task cifar10 --strategy re --budget 100 --seeds 100
        """)

    @Option(help: "Strategy name.")
    var strategy: String
    @OptionGroup var arguments: SearchArguments

    public init() {}

    public func run() throws {
        let (result, files) = try Self.execute(strategy: strategy, arguments: arguments)
        print(RunReport.markdown([result]), terminator: "")
        print("\nwrote " + files.map(\.path).joined(separator: ", "))
    }

    /// Runs and writes everything; returns the result and the files written.
    static func execute(strategy: String, arguments a: SearchArguments) throws -> (RunResult, [URL]) {
        try a.validateNumbers()
        _ = try StrategyRegistry.factory(strategy)
        let table = try a.table()
        let prepared = try PreparedSpace(table)
        let result = try a.run(strategy, on: table, prepared: prepared)
        let out = URL(fileURLWithPath: a.out ?? "out/search/\(table.benchmark)-\(table.task)-\(strategy)")
        let files = try RunReport.write([result], to: out)
        try a.writeJSON(try result.summary.json())
        return (result, files)
    }
}
