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
    public var spread: Spread
    /// The surrogate's training recipe (128 tanh units, 100 epochs, batch 10, Adam 0.01).
    public var dngo: DNGO.Settings

    public enum Spread: String, Sendable, Equatable { case variance, std }

    /// arch2vec's defaults for a space name ("nb201", "nb101"; any other space gets NB101's
    /// search constants and `valueScale` 1).
    public static func arch2vecDefaults(space: String) -> LatentSearchSettings {
        let nb201 = space == "nb201"
        return LatentSearchSettings(valueScale: nb201 ? 100 : 1, baseline: nb201 ? 0.4 : 0.95, episode: 16, learningRate: 1e-2,
                                    skipNearest: nb201, hidden: 128, initial: 16, topK: nb201 ? 1 : 5, target: nb201 ? 1.0 : 0.95,
                                    spread: .variance, dngo: DNGO.Settings())
    }

    /// Option keys understood by `applying(_:strategy:rl:)`, with their meaning for help text.
    public static func optionHelp(rl: Bool) -> [String] {
        let common = ["valuescale=S (100 nb201, 1 nb101: told values / S are fractions)"]
        if rl {
            return common + ["baseline=B (0.4 nb201, 0.95 nb101)", "episode=16", "lr=0.01", "skipnearest=0|1 (1 nb201, 0 nb101)"]
        }
        return common + ["initial=16", "k=K (1 nb201, 5 nb101)", "target=T (1.0 nb201, 0.95 nb101)", "spread=variance|std (variance)",
                         "epochs=100"]
    }

    /// These settings with the options in `options` applied (typed and range-checked).
    public func applying(_ options: StrategyOptions, rl: Bool, extraKeys: [String] = []) throws -> LatentSearchSettings {
        let strategy = rl ? "arch2vec-rl" : "arch2vec-bo"
        let keys = rl ? ["valuescale", "baseline", "episode", "lr", "skipnearest"]
                      : ["valuescale", "initial", "k", "target", "spread", "epochs"]
        try options.requireKnown(keys + extraKeys, strategy: strategy)
        var s = self
        s.valueScale = try options.double("valuescale", default: valueScale, in: 1e-9...1e9)
        if rl {
            s.baseline = try options.double("baseline", default: baseline, in: -1e6...1e6)
            s.episode = try options.int("episode", default: episode, in: 1...100_000)
            s.learningRate = try options.double("lr", default: learningRate, in: 1e-9...10)
            s.skipNearest = try options.int("skipnearest", default: skipNearest ? 1 : 0, in: 0...1) == 1
        } else {
            s.initial = try options.int("initial", default: initial, in: 1...100_000)
            s.topK = try options.int("k", default: topK, in: 1...100_000)
            s.target = try options.double("target", default: target, in: -1e6...1e6)
            s.dngo.epochs = try options.int("epochs", default: dngo.epochs, in: 1...100_000)
            if let text = options.values["spread"] {
                guard let sp = Spread(rawValue: text) else {
                    throw NaswiftError.unknownName("spread of strategy '\(strategy)'", text, valid: ["variance", "std"])
                }
                s.spread = sp
            }
        }
        return s
    }
}
