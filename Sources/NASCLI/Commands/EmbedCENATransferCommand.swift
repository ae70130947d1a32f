import ArgumentParser
import Foundation
import NASBenchmarks
import NASCENA
import NASCore
import NASLinalg
import NASRunner

/// `naswift embed cena transfer --model MODEL --jacobians A B --benchmarks nb201,natsss --task cifar10 --out table.md [--json table.json]`.
struct EmbedCENATransferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "Transfer between spaces: a random forest on one space's CENA embeddings, Kendall tau and Pearson r on each space's held-out cells.",
        discussion: """
            Train the model on the union first (naswift embed cena train --jacobians A B). Per space: --train training and \
            --held-out held-out cells (10 : 3 of the cells with a value when there are fewer); per repeat and training space a \
            random forest (--trees, --max-features) on every init's embedding of its training cells; each held-out cell's \
            prediction is the mean over its embeddings. Values: the task's report metric (test accuracy, as the reference) \
            unless --metric is given. Prints the table and writes it as Markdown (--out) and JSON (--json).
            """)

    @Option(help: "CENA model file trained on the union of the stores.")
    var model: String
    @OptionGroup var stores: CENAStoresOption
    @Option(help: "Benchmarks holding the cells' values, one per space, comma-separated (e.g. nb201,natsss).")
    var benchmarks: String
    @Option(help: "Task preset of every benchmark (e.g. cifar10).")
    var task: String?
    @Option(help: "Metric used as the value (default: each task's report metric).")
    var metric: String?
    @Option(help: "Training cells per space.")
    var train: Int = 10_000
    @Option(help: "Held-out cells per space.")
    var heldOut: Int = 3_000
    @OptionGroup var forest: ForestOptions
    @Option(name: .customLong("data-dir"), help: "Data directory (default: $NASWIFT_DATA, else ~/.cache/naswift).")
    var dataDirectory: String?
    @Option(help: "BLAS threads for the embedding pass (default: all cores).")
    var threads: Int?
    @Option(help: "Markdown file for the table.")
    var out: String
    @Option(help: "JSON file for every repeat's figures.")
    var json: String?

    func run() throws {
        var s = ContrastiveTransfer.Settings()
        s.train = train; s.heldOut = heldOut; s.repeats = forest.repeats; s.trees = forest.trees; s.maxFeatures = forest.maxFeatures; s.seed = forest.seed
        guard forest.trees >= 1, forest.maxFeatures >= 1 else { throw NaswiftError.invalidArgument("--trees and --max-features must be >= 1", hint: "the reference uses 100 and 8") }
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        guard threadCount >= 1 else { throw NaswiftError.invalidArgument("--threads must be >= 1, got \(threadCount)", hint: "e.g. --threads 2") }
        let m = try ContrastiveModel.load(from: URL(fileURLWithPath: model))
        let sets = try stores.sets()
        let store = BenchmarkStore(directory: dataDirectory.map { URL(fileURLWithPath: $0) })
        var valueOf: [String: [String: Double]] = [:]
        for name in benchmarks.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            let table = try RunTable(benchmark: try store.load(name), task: task, guide: metric, report: metric)
            guard valueOf[table.spaceName] == nil else {
                throw NaswiftError.invalidArgument("two benchmarks of space \(table.spaceName) given", hint: "pass one benchmark per space")
            }
            var d: [String: Double] = [:]
            for (a, v) in zip(table.architectures, table.report) where v.isFinite { d[a] = v }
            valueOf[table.spaceName] = d
            print("values of \(table.spaceName): \(name) \(table.reportMetric)")
        }
        let values = sets.items.indices.map { valueOf[sets.items[$0].space.rawValue]?[sets.arch($0)] ?? .nan }
        for sp in Set(sets.items.map(\.space.rawValue)) where valueOf[sp] == nil {
            throw NaswiftError.invalidArgument("no benchmark of space \(sp) given", hint: "add one to --benchmarks (see `naswift data list`)")
        }
        let embeddings = try BLAS.withThreadCount(threadCount) { try m.embed(sets, items: Array(0..<sets.count)) }
        let r = try ContrastiveTransfer.run(sets: sets, embeddings: embeddings, embedding: m.header.config.embedding, values: values,
                                            settings: s) { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }
        for sp in r.spaces where r.trainCells[sp]! < train || r.heldOutCells[sp]! < heldOut {
            print("note: \(sp) has fewer cells with a value than \(train) + \(heldOut): \(r.trainCells[sp]!) train / \(r.heldOutCells[sp]!) held out")
        }
        let md = r.markdown
        print(md)
        do {
            try md.write(toFile: out, atomically: true, encoding: .utf8)
            if let json {
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
                try enc.encode(r).write(to: URL(fileURLWithPath: json), options: .atomic)
            }
        } catch {
            throw NaswiftError(.io, "cannot write the transfer table: \(error.localizedDescription)", hint: "check that --out / --json name writable files")
        }
        print("wrote \(out)" + (json.map { " and \($0)" } ?? ""))
    }
}
