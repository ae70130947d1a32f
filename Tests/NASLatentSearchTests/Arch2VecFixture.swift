import Foundation
import NASArch2Vec
import NASSpaces
import NASStrategies

/// Small but real arch2vec models for the conformance checks: the GIN-VAE trained for one epoch on
/// 640 NB201 cells, on the given NB101 cells or on 2,621 NAS-Bench-Graph cells (a few seconds), saved once per test process to a
/// temporary file.
enum Arch2VecFixture {
    static let nb201ModelPath = train(space: .nb201, tag: "nb201") { try Arch2VecGraphs(nb201: Array(NB201Space().allCells.prefix(640))) }

    /// One epoch on every 10th NAS-Bench-Graph cell (2,621 cells).
    static let nbgraphModelPath = train(space: .nbgraph, tag: "nbgraph") {
        Arch2VecGraphs(nbgraph: stride(from: 0, to: NBGraphSpace.all.count, by: 10).map { NBGraphSpace.all[$0] })
    }

    nonisolated(unsafe) private static var nb101Paths: [Int: String] = [:]
    private static let lock = NSLock()

    /// A model trained on `cells` (keyed by their count: one set of cells per test process).
    static func nb101ModelPath(cells: [NB101Cell]) -> String {
        lock.lock(); defer { lock.unlock() }
        if let p = nb101Paths[cells.count] { return p }
        let p = train(space: .nb101, tag: "nb101-\(cells.count)") { Arch2VecGraphs(nb101: cells) }
        nb101Paths[cells.count] = p
        return p
    }

    private static func train(space: Arch2VecSpace, tag: String, graphs: () throws -> Arch2VecGraphs) -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("naswift-test-arch2vec-\(tag)-\(ProcessInfo.processInfo.processIdentifier).model")
        do {
            var config = Arch2VecConfig(epochs: 1, seed: 3)
            config.decodings = 100
            let model = try Arch2VecTrainer(space: space, config: config).train(graphs: graphs())
            try model.save(to: url)
        } catch {
            return "/nonexistent/arch2vec-fixture-failed: \(error)"
        }
        return url.path
    }

    /// The options an arch2vec strategy needs with the model at `path` (arch2vec-bo trains its
    /// surrogate for 20 epochs instead of 100 to keep the suites fast; the properties checked do
    /// not depend on it).
    static func options(_ name: String, model path: String = nb201ModelPath) -> StrategyOptions {
        name == "arch2vec-bo" ? StrategyOptions(["model": path, "epochs": "20"]) : StrategyOptions(["model": path])
    }
}
