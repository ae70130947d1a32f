import NASCore
import NASStrategies
import NASSurrogates

/// Settings of the latent-space strategies, with arch2vec's per-space defaults (METHODS §2.4-2.5).
///
/// Told values are divided by `valueScale` before use, so rewards and regression targets are
/// fractions as in the reference code (our NB201 accuracies are percent, NB101's are fractions).
public struct LatentSearchSettings: Sendable, Equatable {
    /// Told values are divided by this (100 for percent accuracies).
    public var valueScale: Double
    // REINFORCE
    /// Fixed REINFORCE baseline (0.4 NB201, 0.95 NB101).
    public var baseline: Double
    /// Steps per policy update; the LSTM state is reset after each (16).
    public var episode: Int
    /// Adam learning rate of the policy (1e-2).
    public var learningRate: Double
    /// Skip the single nearest architecture to the action (the NB201 code's quirk; on for nb201).
    public var skipNearest: Bool
    /// LSTM hidden units (128).
    public var hidden: Int
    // DNGO BO
    /// Random architectures before the first surrogate fit (16).
    public var initial: Int
    /// Proposals per surrogate fit, by EI (1 NB201, 5 NB101).
    public var topK: Int
    /// EI's fixed target, as a fraction (1.0 NB201, 0.95 NB101).
    public var target: Double
    /// EI spread: the predictive variance (arch2vec's code) or the standard deviation.
    public var spread: Acquisition.Spread
    /// The surrogate's training recipe (128 tanh units, 100 epochs, batch 10, Adam 0.01).
    public var dngo: DNGO.Settings

    /// arch2vec's defaults for a space name ("nb201", "nb101"; any other space gets NB101's
    /// search constants and `valueScale` 1: nbgraph, whose values are fractions like NB101's).
    public static func arch2vecDefaults(space: String) -> LatentSearchSettings {
        let nb201 = space == "nb201"
        return LatentSearchSettings(valueScale: nb201 ? 100 : 1, baseline: nb201 ? 0.4 : 0.95, episode: 16, learningRate: 1e-2,
                                    skipNearest: nb201, hidden: 128, initial: 16, topK: nb201 ? 1 : 5, target: nb201 ? 1.0 : 0.95,
                                    spread: .variance, dngo: DNGO.Settings())
    }

    /// The options of `arch2vec-rl` (`rl`) or `arch2vec-bo` besides `model`, declared once (the
    /// defaults shown are NB201's; NB101's are in the notes).
    public static func declarations(rl: Bool) -> [StrategyOption] {
        let common = [StrategyOption("valuescale", .number(1e-9...1e9, default: 100),
                                     "told values are divided by it (fractions, as the reference)", defaultNote: "1 on nb101 and nbgraph")]
        if rl {
            return common + [
                StrategyOption("baseline", .number(-1e6...1e6, default: 0.4), "fixed REINFORCE baseline", defaultNote: "0.95 on nb101 and nbgraph"),
                StrategyOption("episode", .integer(1...100_000, default: 16), "steps per policy update"),
                StrategyOption("lr", .number(1e-9...10, default: 0.01), "Adam learning rate of the policy"),
                StrategyOption("skipnearest", .integer(0...1, default: 1), "skip the nearest architecture to the action (the NB201 code)",
                               defaultNote: "0 on nb101 and nbgraph"),
            ]
        }
        return common + [
            StrategyOption("initial", .integer(1...100_000, default: 16), "random architectures before the first DNGO fit"),
            StrategyOption("k", .integer(1...100_000, default: 1), "proposals per DNGO fit, by EI", defaultNote: "5 on nb101 and nbgraph"),
            StrategyOption("target", .number(-1e6...1e6, default: 1.0), "EI's fixed target, as a fraction", defaultNote: "0.95 on nb101 and nbgraph"),
            StrategyOption("spread", .choice(["variance", "std"], default: "variance"), "EI spread: the predictive variance (the reference) or std"),
            StrategyOption("epochs", .integer(1...100_000, default: 100), "DNGO network training epochs"),
        ]
    }

    /// These settings with the options in `options` applied (typed and range-checked).
    public func applying(_ options: StrategyOptions, rl: Bool, extra: [StrategyOption] = []) throws -> LatentSearchSettings {
        let strategy = rl ? "arch2vec-rl" : "arch2vec-bo"
        let declared = Self.declarations(rl: rl)
        let d = declared
        try options.requireKnown(declared + extra, strategy: strategy)
        var s = self
        s.valueScale = try options.double(d[key: "valuescale"], default: valueScale)
        if rl {
            s.baseline = try options.double(d[key: "baseline"], default: baseline)
            s.episode = try options.int(d[key: "episode"], default: episode)
            s.learningRate = try options.double(d[key: "lr"], default: learningRate)
            s.skipNearest = try options.int(d[key: "skipnearest"], default: skipNearest ? 1 : 0) == 1
        } else {
            s.initial = try options.int(d[key: "initial"], default: initial)
            s.topK = try options.int(d[key: "k"], default: topK)
            s.target = try options.double(d[key: "target"], default: target)
            s.dngo.epochs = try options.int(d[key: "epochs"], default: dngo.epochs)
            s.spread = try options.choice(d[key: "spread"], strategy: strategy, default: spread)
        }
        return s
    }
}
