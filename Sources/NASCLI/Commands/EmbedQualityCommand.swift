import ArgumentParser
import Foundation
import NASBenchmarks
import NASCENA
import NASCore
import NASRepresentations
import NASRunner
import NASSpaces

/// The random-forest protocol options of `embed quality` and `embed cena transfer`, declared once
/// (defaults: CENA's 10 repeats, 100 trees, max_features 8).
struct ForestOptions: ParsableArguments {
    @Option(help: "Repeats (random-forest seeds).")
    var repeats: Int = 10
    @Option(help: "Trees per forest.")
    var trees: Int = 100
    @Option(help: "Features tried per split.")
    var maxFeatures: Int = 8
    @Option(help: "Seed of the splits and the forests.")
    var seed: UInt64 = 0
}

/// `naswift embed quality --benchmark nb201 --task cifar10 --representation cena=cena.npy
/// --representation arch2vec=a2v.npy --onehot --out quality.md [--json quality.json]`: how well
/// each representation predicts the benchmark metric (`RepresentationQuality`).
struct EmbedQualityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Compare representations: a random forest on each, Kendall tau and Pearson r on the same held-out cells.",
        discussion: """
            Every representation is read from an export (.npy with its -index.csv: `naswift embed cena export`, \
            [cells, inits, embedding], or `naswift embed arch2vec export`, [cells, latent]); --onehot adds the space's \
            one-hot encoding. Only the cells every file holds and the benchmark has a value for are used, split once \
            (seeded) into --train training cells and the rest held out, the same for every representation. Per repeat, a \
            random forest (--trees, --max-features) per representation; a cell with several views (CENA's inits) gives \
            one training row per view and is predicted by the mean over its views. Values: the task's report metric \
            unless --metric is given.
            """)

    @Option(help: "Benchmark holding the cells' values (e.g. nb201).")
    var benchmark: String
    @Option(help: "Task preset (e.g. cifar10).")
    var task: String?
    @Option(help: "Metric used as the value (default: the task's report metric).")
    var metric: String?
    @Option(help: "NAME=FILE.npy: an exported representation (repeatable).")
    var representation: [String] = []
    @Flag(help: "Also compare the space's one-hot encoding on the same cells.")
    var onehot = false
    @Option(help: "Training cells (the rest of the common cells are held out).")
    var train: Int = RepresentationQuality.Settings().train
    @OptionGroup var forest: ForestOptions
    @Option(name: .customLong("data-dir"), help: "Data directory (default: $NASWIFT_DATA, else ~/.cache/naswift).")
    var dataDirectory: String?
    @Option(help: "Markdown file for the table.")
    var out: String
    @Option(help: "JSON file for every repeat's figures.")
    var json: String?

    func run() throws {
        var settings = RepresentationQuality.Settings()
        settings.train = train; settings.repeats = forest.repeats; settings.trees = forest.trees
        settings.maxFeatures = forest.maxFeatures; settings.seed = forest.seed
        guard !representation.isEmpty || onehot else {
            throw NaswiftError.invalidArgument("no representation to compare", hint: "pass --representation NAME=FILE.npy (repeatable) and/or --onehot")
        }
        var files: [(name: String, e: CENAEmbeddings)] = []
        for spec in representation {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw NaswiftError.invalidArgument("--representation '\(spec)' is not NAME=FILE.npy", hint: "e.g. --representation cena=cena-nb201.npy")
            }
            guard !files.contains(where: { $0.name == parts[0] }) && !(onehot && parts[0] == "onehot") else {
                throw NaswiftError.invalidArgument("representation name '\(parts[0])' given twice", hint: "give each representation its own name")
            }
            files.append((parts[0], try CENAEmbeddings.load(npy: URL(fileURLWithPath: parts[1]))))
        }
        for o in [out] + (json.map { [$0] } ?? []) { try FileChecks.prepareOutput(o, option: o == out ? "--out" : "--json") }
        let table = try RunTable(benchmark: try BenchmarkStore(directory: dataDirectory.map { URL(fileURLWithPath: $0) }).load(benchmark),
                                 task: task, guide: metric, report: metric)
        var valueOf: [String: Double] = [:]
        for (a, v) in zip(table.architectures, table.report) where v.isFinite { valueOf[a] = v }
        // the cells: those of the first file (or of the benchmark) that every file holds and that have a value
        let rowOf = files.map { f in Dictionary(f.e.archs.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a }) }
        var cells = files.first?.e.archs ?? table.architectures
        cells = cells.filter { a in valueOf[a] != nil && rowOf.allSatisfy { $0[a] != nil } }
        for (f, rows) in zip(files, rowOf) where rows.keys.allSatisfy({ valueOf[$0] == nil }) {
            throw NaswiftError.invalidArgument("representation \(f.name) holds no cell of \(benchmark) with a value",
                                               hint: "compare representations of the benchmark's space (\(table.spaceName))")
        }
        print("embed quality: \(cells.count) common cells with a value (\(benchmark) \(table.reportMetric)), train \(train), \(forest.repeats) repeats")
        var reps = zip(files, rowOf).map { f, rows in
            let w = f.e.inits * f.e.embedding
            return RepresentationQuality.Representation(
                name: f.name, views: f.e.inits, dimension: f.e.embedding,
                vectors: cells.flatMap { a in f.e.vectors[(rows[a]! * w)..<((rows[a]! + 1) * w)].map(Double.init) })
        }
        if onehot { reps.append(try Self.oneHot(space: table.spaceName, cells: cells)) }
        let r = try RepresentationQuality.run(reps, values: cells.map { valueOf[$0]! }, settings: settings) { print($0) }
        let md = r.markdown
        print(md)
        do {
            try md.write(toFile: out, atomically: true, encoding: .utf8)
            if let json { try JSONText.encode(r, what: "the quality table").write(to: URL(fileURLWithPath: json), options: .atomic) }
        } catch let e as NaswiftError { throw e } catch {
            throw NaswiftError(.io, "cannot write the quality table: \(error.localizedDescription)", hint: "check that --out / --json name writable files")
        }
        print("wrote \(out)" + (json.map { " and \($0)" } ?? ""))
    }

    /// The one-hot encoding (`CategoricalOneHotEncoding`) of `cells` of `space` (nb201, natsss or nbgraph).
    static func oneHot(space: String, cells: [String]) throws -> RepresentationQuality.Representation {
        func encode<S: SearchSpace>(_ s: S) throws -> RepresentationQuality.Representation {
            let enc = try CategoricalOneHotEncoding(space: s)
            let v = try cells.flatMap { try enc.encode(s.parse($0)).map(Double.init) }
            return RepresentationQuality.Representation(name: "onehot", views: 1, dimension: enc.dimension, vectors: v)
        }
        switch space {
        case NB201Space().name: return try encode(NB201Space())
        case NATSSizeSpace().name: return try encode(NATSSizeSpace())
        default:
            throw NaswiftError.invalidArgument("--onehot is available for the NB201 and NATS size spaces, not \(space)",
                                               hint: "leave out --onehot, or pass the encoding as --representation NAME=FILE.npy")
        }
    }
}
