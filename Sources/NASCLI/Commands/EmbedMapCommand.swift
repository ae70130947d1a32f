import ArgumentParser
import Foundation
import NASArch2Vec
import NASBenchmarks
import NASCore
import NASLatentSearch
import NASReports
import NASRunner

/// `naswift embed map --model MODEL --benchmark B [--task T] [--method tsne|pca] [--points N] --out map.svg`.
struct EmbedMapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "map",
        abstract: "2-D map (t-SNE or PCA) of arch2vec embeddings of a benchmark's cells, coloured by a metric, as SVG.")

    @Option(help: "arch2vec model file (naswift embed arch2vec train --space S --out MODEL).")
    var model: String
    @Option(help: "Benchmark whose cells are embedded (see `naswift data list`).")
    var benchmark: String
    @OptionGroup var map: MapLayoutOptions
    @Option(help: "Cells drawn at random from the benchmark (all when fewer).")
    var points: Int = 2000
    @Option(help: "Seed of the point sample and of the t-SNE layout.")
    var seed: UInt64 = 0
    @Option(name: .customLong("data-dir"), help: "Data directory (default: $NASWIFT_DATA, else ~/.cache/naswift).")
    var dataDirectory: String?
    @Option(help: "Output file: FILE.svg for the plot alone, FILE.html for a self-contained page with the plot and its settings.")
    var out: String

    func run() throws {
        try map.check()
        guard points >= 3 else { throw NaswiftError.invalidArgument("--points must be at least 3 (got \(points))", hint: "e.g. --points 2000") }
        let url = URL(fileURLWithPath: model)
        let m = try Arch2VecModel.load(from: url)
        let store = BenchmarkStore(directory: dataDirectory.map { URL(fileURLWithPath: $0) })
        let bench = try store.load(benchmark)
        let table = try RunTable(benchmark: bench, task: map.task, guide: map.metric, report: nil)
        try m.require(space: table.spaceName, source: "the model file '\(url.path)'")
        var rows = table.architectures.indices.filter { table.guide[$0].isFinite }
        var rng = SeededGenerator(seed: seed, stream: 0x3A9)
        rows.shuffle(using: &rng)
        rows = Array(rows.prefix(points)).sorted()
        let vectors = try m.embed(architectures: rows.map { table.architectures[$0] }).map(Double.init)
        let n = rows.count, d = m.latent
        let start = Date()
        let (xy, note) = try map.layout(vectors, n: n, d: d, seed: seed)
        var plot = SVGScatter(title: "arch2vec embeddings of \(benchmark) (\(m.space))",
                              subtitle: "\(n) cells, \(note); colour: \(table.guideMetric)",
                              xLabel: map.axes.x, yLabel: map.axes.y,
                              colorLabel: table.guideMetric)
        plot.x = (0..<n).map { xy[2 * $0] }
        plot.y = (0..<n).map { xy[2 * $0 + 1] }
        plot.value = rows.map { table.guide[$0] }
        let outURL = URL(fileURLWithPath: out)
        if outURL.pathExtension.lowercased() == "html" {
            var page = HTMLPage(title: "arch2vec embedding map of \(benchmark)", subtitle: "naswift embed map")
            page.facts([("model", url.path), ("space", m.space), ("benchmark", "\(benchmark), colour \(table.guideMetric)"),
                        ("data sha256", table.dataSHA256), ("points", "\(n) (seed \(seed))"), ("method", note)])
            page.figure(svg: plot.render(), caption: "Each dot is one architecture, coloured by \(table.guideMetric).")
            try page.write(to: outURL)
        } else {
            try plot.write(to: outURL)
        }
        print(String(format: "wrote %@ (%d points, %@, %.1f s)", out, n, map.method, Date().timeIntervalSince(start)))
    }
}
