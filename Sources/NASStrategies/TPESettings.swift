import NASCore

/// Settings of the `tpe` strategy (Optuna 5's default `TPESampler`), read from `--option key=value`.
///
/// Defaults are Optuna's: 10 random start-up trials, 24 candidates drawn from l(x), prior weight 1,
/// the multivariate estimator (Optuna 5's default for one objective) and the constant liar
/// (in-flight proposals count as bad observations, Optuna 5's default). gamma(n) = min(ceil(0.1 n),
/// 25) good observations and Optuna's weights of old observations are fixed.
public struct TPESettings: Sendable, Equatable {
    public var multivariate = true
    public var startup = 10
    public var candidates = 24
    public var priorWeight = 1.0
    public var constantLiar = true

    /// The options of `tpe`, with Optuna's defaults.
    public static let declarations = declarations(defaults: TPESettings())

    /// `tpe-nas`: prior weight 2 and 64 candidates, chosen on validation seeds 1000-1099 of the NB201
    /// presets (REPRODUCTION.md "Against Optuna"), never on the report seeds.
    public static let nas: TPESettings = { var s = TPESettings(); s.priorWeight = 2; s.candidates = 64; return s }()

    /// The option declarations with `defaults` as their defaults.
    public static func declarations(defaults d: TPESettings) -> [StrategyOption] {
        [
            StrategyOption("multivariate", .integer(0...1, default: d.multivariate ? 1 : 0),
                           "1: one Parzen mixture over all parameters (Optuna 5's default); 0: one per parameter (Optuna's multivariate=False)"),
            StrategyOption("startup", .integer(0...1_000_000, default: d.startup), "successful random evaluations before the model"),
            StrategyOption("candidates", .integer(1...100_000, default: d.candidates), "candidates drawn from l(x) per proposal"),
            StrategyOption("prior", .number(0...1_000, default: d.priorWeight), "weight of the uniform prior kernel"),
            StrategyOption("liar", .integer(0...1, default: d.constantLiar ? 1 : 0),
                           "1: in-flight proposals join the bad group (Optuna's constant liar)"),
        ]
    }

    public init() {}

    public init(options: StrategyOptions, strategy: String = "tpe", defaults: TPESettings = TPESettings()) throws {
        let d = Self.declarations(defaults: defaults)
        try options.requireKnown(d, strategy: strategy)
        multivariate = try options.flag(d[key: "multivariate"])
        startup = try options.int(d[key: "startup"])
        candidates = try options.int(d[key: "candidates"])
        priorWeight = try options.double(d[key: "prior"])
        constantLiar = try options.flag(d[key: "liar"])
    }
}
