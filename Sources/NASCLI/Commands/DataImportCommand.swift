import ArgumentParser
import Foundation
import NASBenchmarks
import NASCore

/// `naswift data import NAME --space SPACE --from FILE [--from FILE ...]` and
/// `naswift data import analognas|nbgraph`.
struct DataImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a benchmark from CSV files, or the PyPI benchmarks analognas / nbgraph.",
        discussion: """
        CSV: one architecture column (`arch` in the space's string form; NB101 also accepts `hash`, \
        NAS-Bench-Graph `hash`) and numeric metric columns (empty cells = missing). Several files \
        are merged on the architecture; when a later file's values disagree with an earlier one, \
        its columns get the suffix _<last part of its file name>, e.g. nb201_12ep.csv -> _12ep.
        PyPI: `naswift data import analognas` (analog-nasbench 0.1.3) and `naswift data import \
        nbgraph` (nas-bench-graph 1.4.0) pip-install the package into the data directory if \
        missing and convert it.
        """
    )

    @Argument(help: "Benchmark name (analognas and nbgraph without --from import the PyPI packages).")
    var name: String

    @Option(help: "Search space of the CSV architectures: \(BenchmarkSpaces.names.joined(separator: ", ")).")
    var space: String?

    @Option(name: .customLong("from"), help: "A CSV file (repeat to merge several).")
    var files: [String] = []

    @Flag(help: "Overwrite an existing benchmark of this name whose contents differ (re-importing the same data needs no flag).")
    var replace = false

    @OptionGroup var data: DataDirectoryOption

    func run() async throws {
        let store = data.store
        if files.contains(where: \.isEmpty) {
            throw NaswiftError.invalidArgument("a --from path is empty", hint: "give the path of a CSV file, e.g. --from nb201_200ep.csv")
        }
        let benchmark: TabularBenchmark
        if files.isEmpty {
            guard PyPIDataPackage.named(name) != nil else {
                throw NaswiftError.invalidArgument(
                    "no --from files given for benchmark '\(name)'",
                    hint: "import CSV files with `naswift data import \(name) --space SPACE --from FILE.csv`, "
                        + "or one of the PyPI benchmarks: \(PyPIDataPackage.all.map(\.importName).joined(separator: ", "))")
            }
            if space != nil {
                throw NaswiftError.invalidArgument("--space is only for CSV imports; `naswift data import \(name)` knows its space")
            }
            benchmark = try store.importPackage(name, replace: replace)
        } else {
            guard let space else {
                throw NaswiftError.invalidArgument("missing --space for the CSV import of '\(name)'",
                                                   hint: "spaces: \(BenchmarkSpaces.names.joined(separator: ", "))")
            }
            benchmark = try store.importCSV(name: name, space: space, files: files.map { URL(fileURLWithPath: $0) }, replace: replace)
        }
        print("imported \(benchmark.name): space \(benchmark.spaceName), \(benchmark.count) rows, \(benchmark.metrics.count) metrics, tasks \(benchmark.tasks.map(\.name).joined(separator: ","))")
        print("sha256 \(benchmark.sha256)")
        print("cache  \(store.cacheURL(benchmark.name).path)")
    }
}
