import ArgumentParser
import Foundation
import NASBenchmarks
import NASCore

/// `naswift data list [--json]`.
struct DataListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the imported benchmarks (each cache is verified against its checksum)."
    )

    @Flag(help: "Print a JSON list of {name, space, rows, metrics, tasks, sha256, file}.")
    var json = false

    @OptionGroup var data: DataDirectoryOption

    func run() async throws {
        let store = data.store
        let summaries = try store.list()
        if json {
            print(try Self.jsonText(summaries))
            return
        }
        if summaries.isEmpty {
            print("no benchmarks in \(store.directory.path); import one with `naswift data import analognas`")
            return
        }
        for s in summaries {
            print("\(s.name)  space \(s.space)  \(s.rows) rows  sha256 \(s.sha256)")
            print("  tasks:   \(s.tasks.isEmpty ? "(none)" : s.tasks.joined(separator: ", "))")
            print("  metrics: \(s.metrics.joined(separator: ", "))")
        }
    }

    /// The `--json` output: a JSON list of objects with name, space, rows, metrics, tasks, sha256, file.
    static func jsonText(_ summaries: [BenchmarkSummary]) throws -> String {
        if summaries.isEmpty { return "[]" }
        return String(decoding: try JSONText.encode(summaries, what: "the benchmark list",
                                                    formatting: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
    }
}
