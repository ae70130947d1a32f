import ArgumentParser
import Foundation
import NASBenchmarks
import NASCENA
import NASCore
import NASLatentSearch
import NASLinalg
import NASReports
import NASRunner

/// `naswift embed cena map --jacobians DIR [--model MODEL] --stage raw|untrained|trained --benchmark B [--task T] --out map.svg`.
struct EmbedCENAMapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "2-D map (t-SNE or PCA) of CENA representations of the stored cells, coloured by a benchmark metric, as SVG.",
        discussion: """
            --stage raw maps the EPDJM of init 0 flattened (t-SNE only: too wide for PCA); untrained the embedding of init 0 \
            by fresh weights (seeded by --seed, the model's widths); trained by the model (the default when --model is given). \
            The reference's figures: --points 1500 for each of the three stages.
            """)

    @OptionGroup var stores: CENAStoresOption
    @Option(help: "CENA model file (naswift embed cena train); needed for --stage trained.")
    var model: String?
    @Option(help: "raw, untrained or trained (default: trained with --model, else raw).")
    var stage: String?
    @Option(help: "Benchmark whose metric colours the cells (see `naswift data list`); only stored cells it holds are mapped.")
    var benchmark: String
    @Option(help: "Task preset; the map is coloured by its guide metric unless --metric is given.")
    var task: String?
    @Option(help: "Metric that colours the points (default: the task's guide metric).")
    var metric: String?
    @Option(help: "tsne (exact, O(points^2) per iteration) or pca.")
    var method: String = "tsne"
    @Option(help: "Cells drawn at random from the stored ones (all when fewer).")
    var points: Int = 1500
    @Option(help: "t-SNE perplexity.")
    var perplexity: Double = 30
    @Option(help: "t-SNE iterations.")
    var iterations: Int = 1000
    @Option(help: "Seed of the point sample, the untrained weights and the t-SNE layout.")
    var seed: UInt64 = 0
    @Option(name: .customLong("data-dir"), help: "Data directory (default: $NASWIFT_DATA, else ~/.cache/naswift).")
    var dataDirectory: String?
    @Option(help: "BLAS threads (default: all cores).")
    var threads: Int?
    @Option(help: "Output SVG file.")
    var out: String

    func run() throws {
        let s = try ContrastiveMapStage.named(stage ?? (model == nil ? "raw" : "trained"))
        guard method == "tsne" || method == "pca" else { throw NaswiftError.unknownName("map method", method, valid: ["tsne", "pca"]) }
        guard !(s == .raw && method == "pca") else {
            throw NaswiftError.invalidArgument("PCA of raw EPDJMs (batch x proj numbers per cell) is too wide", hint: "use --method tsne for --stage raw")
        }
        guard points >= 3 else { throw NaswiftError.invalidArgument("--points must be at least 3 (got \(points))", hint: "e.g. --points 1500") }
        guard iterations >= 1 else { throw NaswiftError.invalidArgument("--iterations must be at least 1 (got \(iterations))", hint: "e.g. --iterations 1000") }
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        guard threadCount >= 1 else { throw NaswiftError.invalidArgument("--threads must be >= 1, got \(threadCount)", hint: "e.g. --threads 2") }
        let m = try model.map { try ContrastiveModel.load(from: URL(fileURLWithPath: $0)) }
        let sets = try stores.sets()
        let bench = try BenchmarkStore(directory: dataDirectory.map { URL(fileURLWithPath: $0) }).load(benchmark)
        let table = try RunTable(benchmark: bench, task: task, guide: metric, report: metric)
        var value: [String: Double] = [:]
        for (a, v) in zip(table.architectures, table.guide) where v.isFinite { value[a] = v }
        var items = sets.items.indices.filter { value[sets.arch($0)] != nil }
        guard items.count >= 3 else {
            throw NaswiftError(.dataMissing, "only \(items.count) stored cells have a \(table.guideMetric) value in \(benchmark)",
                               hint: "map a benchmark of the stores' space (\(Set(sets.items.map(\.space.rawValue)).sorted().joined(separator: ", ")))")
        }
        var rng = SeededGenerator(seed: seed, stream: 0x3A9)
        items.shuffle(using: &rng)
        items = Array(items.prefix(points)).sorted()
        let start = Date()
        let (vectors, d) = try BLAS.withThreadCount(threadCount) { try s.vectors(sets: sets, items: items, model: m, seed: seed) }
        let n = items.count
        var xy: [Double], note: String
        if method == "pca" {
            let (p, explained) = try LatentMap.pca(vectors, n: n, d: d)
            xy = p
            note = String(format: "PCA, explained variance %.1f%% + %.1f%%", 100 * explained[0], 100 * explained[1])
        } else {
            var t = LatentMap.TSNESettings()
            t.perplexity = perplexity
            t.iterations = iterations
            xy = try BLAS.withThreadCount(threadCount) { try LatentMap.tsne(vectors, n: n, d: d, settings: t, seed: seed) }
            note = "t-SNE, perplexity \(perplexity), \(iterations) iterations"
        }
        var plot = SVGScatter(title: "CENA \(s.rawValue) representations of \(benchmark) cells",
                              subtitle: "\(n) cells, \(d)-d, \(note); colour: \(table.guideMetric)",
                              xLabel: method == "pca" ? "PC 1" : "t-SNE 1", yLabel: method == "pca" ? "PC 2" : "t-SNE 2",
                              colorLabel: table.guideMetric)
        plot.x = (0..<n).map { xy[2 * $0] }
        plot.y = (0..<n).map { xy[2 * $0 + 1] }
        plot.value = items.map { value[sets.arch($0)]! }
        try plot.write(to: URL(fileURLWithPath: out))
        print(String(format: "wrote %@ (%d points, %@ %@, %.1f s)", out, n, s.rawValue, method, Date().timeIntervalSince(start)))
    }
}
