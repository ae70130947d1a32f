import NASCore
import NASStrategies

/// Settings of `cena-bo` (METHODS.md section 1.4), with the reference's defaults, and its
/// strategy options, declared once.
public struct CENABOSettings: Sendable, Equatable {
    /// Uniformly random cells before the first GP (5).
    public var initial = 5
    /// Random unseen candidate cells scored per step (20).
    public var candidates = 20
    /// EI's offset over the best value, in the values' unit (0.15, accuracy in %).
    public var offset = 0.15
    /// Matern-5/2 lengthscale (1) and noise variance (0.1), fixed.
    public var lengthscale = 1.0
    public var noise = 0.1
    /// Standardise the GP targets (false: raw targets as the reference).
    public var standardise = false

    public init() {}

    public static let embeddings = StrategyOption("embeddings", .path(required: true),
                                                  "CENA embeddings (.npy with its -index.csv, from naswift embed cena export)")

    /// The options of `cena-bo`.
    public static let declarations: [StrategyOption] = [
        embeddings,
        StrategyOption("initial", .integer(1...100_000, default: 5), "uniformly random cells before the first GP"),
        StrategyOption("candidates", .integer(1...1_000_000, default: 20), "random unseen cells scored by EI per step"),
        StrategyOption("offset", .number(-1e6...1e6, default: 0.15), "EI offset over the best value, in the values' unit (accuracy %)"),
        StrategyOption("lengthscale", .number(1e-9...1e9, default: 1), "Matern-5/2 lengthscale (fixed)"),
        StrategyOption("noise", .number(1e-12...1e9, default: 0.1), "GP noise variance (fixed)"),
        StrategyOption("standardise", .integer(0...1, default: 0), "1: standardise the GP targets (the reference models raw values)"),
    ]

    /// The defaults with `options` applied (typed and range-checked; unknown keys refused).
    public static func from(_ options: StrategyOptions) throws -> CENABOSettings {
        let d = declarations
        try options.requireKnown(d, strategy: "cena-bo")
        var s = CENABOSettings()
        s.initial = try options.int(d[key: "initial"])
        s.candidates = try options.int(d[key: "candidates"])
        s.offset = try options.double(d[key: "offset"])
        s.lengthscale = try options.double(d[key: "lengthscale"])
        s.noise = try options.double(d[key: "noise"])
        s.standardise = try options.flag(d[key: "standardise"])
        return s
    }
}
