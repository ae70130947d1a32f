import Foundation
import NASArch2Vec
import NASSpaces
import NASStrategies

/// A small but real arch2vec model for the conformance suites: the GIN-VAE trained for one epoch
/// on 640 NB201 cells (a few seconds), saved once per test process to a temporary file.
enum Arch2VecFixture {
    static let nb201ModelPath: String = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-test-arch2vec-nb201-\(ProcessInfo.processInfo.processIdentifier).model")
        do {
            var config = Arch2VecConfig(epochs: 1, seed: 3)
            config.decodings = 100
            let cells = Array(NB201Space().allCells.prefix(640))
            let model = try Arch2VecTrainer(space: .nb201, config: config).train(graphs: Arch2VecGraphs(nb201: cells))
            try model.save(to: url)
        } catch {
            return "/nonexistent/arch2vec-fixture-failed: \(error)"
        }
        return url.path
    }()

    /// The options a registered strategy needs on NB201 in the conformance suites (arch2vec-bo
    /// trains its surrogate for 20 epochs instead of 100 to keep the suite fast; the properties
    /// checked do not depend on it).
    static func options(_ name: String) -> StrategyOptions {
        switch name {
        case "arch2vec-rl": return StrategyOptions(["model": nb201ModelPath])
        case "arch2vec-bo": return StrategyOptions(["model": nb201ModelPath, "epochs": "20"])
        default: return StrategyOptions()
        }
    }
}
