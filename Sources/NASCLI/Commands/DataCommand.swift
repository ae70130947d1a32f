import ArgumentParser
import Foundation
import NASBenchmarks
import NASCore

/// `naswift data ...`: import tabular benchmarks into the data directory and list them.
public struct DataCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Import and list tabular benchmarks (data directory: $NASWIFT_DATA, else ~/.cache/naswift).",
        subcommands: [DataImportCommand.self, DataListCommand.self]
    )

    public init() {}
}

/// Options shared by the data subcommands.
struct DataDirectoryOption: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data directory (default: $NASWIFT_DATA, else ~/.cache/naswift).")
    var dataDirectory: String?

    var store: BenchmarkStore { BenchmarkStore(directory: dataDirectory.map { URL(fileURLWithPath: $0) }) }
}
