import NASCore
import NASStrategies

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
    public var ensembleSize = 5
    public var hiddenLayers = 10
    public var width = 20
    public var epochs = 150
    public var batchSize = 32
    public var learningRate = 0.01

    public static let optionKeys = ["initial", "parents", "candidates", "per-iteration", "ensemble", "layers", "width",
                                    "epochs", "batch", "lr"]

    public init() {}

    public init(options: StrategyOptions, strategy: String = "bananas") throws {
        try options.requireKnown(Self.optionKeys, strategy: strategy)
        initial = try options.int("initial", default: 20, in: 1...100_000)
        topParents = try options.int("parents", default: 10, in: 1...10_000)
        maxCandidates = try options.int("candidates", default: 100, in: 1...100_000)
        perIteration = try options.int("per-iteration", default: 10, in: 1...10_000)
        ensembleSize = try options.int("ensemble", default: 5, in: 1...100)
        hiddenLayers = try options.int("layers", default: 10, in: 1...100)
        width = try options.int("width", default: 20, in: 1...4096)
        epochs = try options.int("epochs", default: 150, in: 1...100_000)
        batchSize = try options.int("batch", default: 32, in: 1...100_000)
        learningRate = try options.double("lr", default: 0.01, in: 1e-8...10)
    }
}
