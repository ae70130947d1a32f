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
        let (summaries, damaged) = store.survey()
        // Damaged caches do not hide the good ones: those are listed, each damaged one is described
        // on stderr, and the exit is non-zero.
        if !damaged.isEmpty {
            if json { print(try Self.jsonText(summaries)) } else { Self.printTable(summaries) }
            fflush(nil)  // the list (buffered stdout) before the messages
            for d in damaged { FileHandle.standardError.write(Data(("damaged: \(d.error.description)\n").utf8)) }
            throw Self.damagedError(damaged.map(\.name), listed: summaries.count)
        }
        if json {
            print(try Self.jsonText(summaries))
            return
        }
        if summaries.isEmpty {
            print("no benchmarks in \(store.directory.path); import one with `naswift data import analognas`")
            return
        }
        Self.printTable(summaries)
    }

    /// The error `data list` ends with when caches are damaged (after listing the good ones).
    static func damagedError(_ names: [String], listed: Int) -> NaswiftError {
        NaswiftError(.dataCorrupt, "\(names.count) damaged benchmark cache(s): \(names.joined(separator: ", ")) "
                     + "(\(listed) good one(s) listed above; each damaged one is described above)",
                     hint: "rebuild each with the command its message names, or delete its .nasbench file")
    }

    static func printTable(_ summaries: [BenchmarkSummary]) {
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
