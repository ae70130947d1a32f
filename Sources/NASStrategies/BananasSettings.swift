import NASCore
import NASSurrogates

/// Settings of the `bananas` strategy (White et al. 2021, as run by the TW-NAS repository,
/// METHODS §3.7), read from `--option key=value`.
///
/// Defaults: 20 random initial architectures; per iteration an ensemble of 5 feed-forward nets
/// (10 hidden layers x 20 units, ReLU, MAE loss, Adam lr 0.01, 150 epochs, mini-batches of 32) is
/// trained on the path encodings; candidates are 100 mutations of the 10 best (de-duplicated by
/// path encoding); independent Thompson sampling picks 10 to evaluate.
public struct BananasSettings: Sendable, Equatable {
    public var initial = 20
    public var topParents = 10
    public var maxCandidates = 100
    /// Architectures chosen per model fit (evaluated before the next fit).
    public var perIteration = 10
    public var ensemble = MLPEnsemble.Settings()

    public static let declarations: [StrategyOption] = [
        StrategyOption("initial", .integer(1...100_000, default: 20), "random architectures before the model"),
        StrategyOption("parents", .integer(1...10_000, default: 10), "best architectures mutated into candidates"),
        StrategyOption("candidates", .integer(1...100_000, default: 100), "candidates per model iteration"),
        StrategyOption("per-iteration", .integer(1...10_000, default: 10), "architectures chosen per ensemble fit"),
        StrategyOption("ensemble", .integer(1...100, default: 5), "networks in the ensemble"),
        StrategyOption("layers", .integer(1...100, default: 10), "hidden layers per network"),
        StrategyOption("width", .integer(1...4096, default: 20), "units per hidden layer"),
        StrategyOption("epochs", .integer(1...100_000, default: 150), "training epochs per fit"),
        StrategyOption("batch", .integer(1...100_000, default: 32), "mini-batch size"),
        StrategyOption("lr", .number(1e-8...10, default: 0.01), "Adam learning rate"),
    ]

    public init() {}

    public init(options: StrategyOptions, strategy: String = "bananas") throws {
        let d = Self.declarations
        try options.requireKnown(Self.declarations, strategy: strategy)
        initial = try options.int(d[key: "initial"])
        topParents = try options.int(d[key: "parents"])
        maxCandidates = try options.int(d[key: "candidates"])
        perIteration = try options.int(d[key: "per-iteration"])
        ensemble.ensembleSize = try options.int(d[key: "ensemble"])
        ensemble.hiddenLayers = try options.int(d[key: "layers"])
        ensemble.width = try options.int(d[key: "width"])
        ensemble.epochs = try options.int(d[key: "epochs"])
        ensemble.batchSize = try options.int(d[key: "batch"])
        ensemble.learningRate = try options.double(d[key: "lr"])
    }
}
