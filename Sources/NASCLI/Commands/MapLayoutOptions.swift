import ArgumentParser
import Foundation
import NASCore
import NASLatentSearch

/// The colouring and layout options of every `embed ... map` command (arch2vec, CENA), declared
/// once, and the layout they ask for.
struct MapLayoutOptions: ParsableArguments {
    @Option(help: "Task preset; the map is coloured by its guide metric unless --metric is given.")
    var task: String?
    @Option(help: "Metric that colours the points (default: the task's guide metric).")
    var metric: String?
    @Option(help: "tsne (exact, O(points^2) per iteration) or pca.")
    var method: String = "tsne"
    @Option(help: "t-SNE perplexity.")
    var perplexity: Double = 30
    @Option(help: "t-SNE iterations.")
    var iterations: Int = 1000

    /// Refuses an unknown method or a non-positive iteration count.
    func check() throws {
        guard method == "tsne" || method == "pca" else { throw NaswiftError.unknownName("map method", method, valid: ["tsne", "pca"]) }
        guard iterations >= 1 else { throw NaswiftError.invalidArgument("--iterations must be at least 1 (got \(iterations))", hint: "e.g. --iterations 1000") }
    }

    /// 2-D positions `[n * 2]` (x, y per point) of `vectors` (`[n, d]` row-major) by PCA or t-SNE
    /// (seeded), with a note describing the layout for the plot's subtitle.
    func layout(_ vectors: [Double], n: Int, d: Int, seed: UInt64) throws -> (xy: [Double], note: String) {
        if method == "pca" {
            let (p, explained) = try LatentMap.pca(vectors, n: n, d: d)
            return (p, String(format: "PCA, explained variance %.1f%% + %.1f%%", 100 * explained[0], 100 * explained[1]))
        }
        var s = LatentMap.TSNESettings()
        s.perplexity = perplexity
        s.iterations = iterations
        return (try LatentMap.tsne(vectors, n: n, d: d, settings: s, seed: seed), "t-SNE, perplexity \(perplexity), \(iterations) iterations")
    }

    /// The axis labels of the layout.
    var axes: (x: String, y: String) { method == "pca" ? ("PC 1", "PC 2") : ("t-SNE 1", "t-SNE 2") }
}
