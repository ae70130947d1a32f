import NASCore

/// `auto`: the strategy this project recommends for the space, picked on validation seeds (1000+)
/// against Optuna's default TPE before any report seed ran (REPRODUCTION.md "Against Optuna"):
///
/// | space | runs | why (validation seeds 1000-1099, 100 queries) |
/// |---|---|---|
/// | nb201 | `bananas` | higher mean than `tpe-nas` on 4 of the 6 NB201 tasks (imagenet16 and the three 12-epoch tasks; `tpe-nas` on cifar10, cifar100), the rule fixed before the runs (2026-12-07) |
/// | natsss | `tw-gp` | stage-width chains: 90.68 / 70.81 against Optuna TPE's 90.46 / 70.48 (cifar10 / cifar100) |
/// | nbgraph | `tw-gp` | see `picks` |
/// | other | `tpe-nas` where it applies, else `re` | not validated |
///
/// It takes no options and builds the picked strategy with its defaults, so `auto` with seed s
/// proposes exactly what the picked strategy proposes with seed s. It accepts any budget: below a
/// picked strategy's initial design (bananas: 20) the run is that strategy's random start. The picked strategy must be
/// registered (`tw-gp` comes from the NASTWNAS plug-in); `make` says so when it is not.
public struct AutoStrategyFactory: StrategyFactory {
    public init() {}
    public var name: String { "auto" }
    public var summary: String {
        "the recommended strategy for the space, picked on validation seeds: " + Self.picks.sorted { $0.key < $1.key }
            .map { "\($0.value) on \($0.key)" }.joined(separator: ", ") + ", else tpe-nas or re"
    }
    public var neverRepeats: Bool { false }

    /// Space name -> strategy name.
    public static let picks: [String: String] = ["nb201": "bananas", "natsss": "tw-gp", "nbgraph": "tw-gp"]

    /// The strategy `auto` runs on the space named `space`.
    public static func pick(space: String) -> String {
        if let p = picks[space] { return p }
        let tpe = try? StrategyRegistry.factory("tpe-nas")
        return tpe?.supportedSpaces?.contains(space) == true ? "tpe-nas" : "re"
    }

    public func make<S: SearchSpace>(domain: SearchDomain<S>, seed: UInt64, options: StrategyOptions) throws -> AnyStrategy<S> {
        try options.requireKnown([String](), strategy: name)
        let picked = Self.pick(space: domain.space.name)
        guard let factory = try? StrategyRegistry.factory(picked) else {
            throw NaswiftError.invalidArgument("auto picks '\(picked)' on \(domain.space.name), which is not registered",
                                               hint: "register the plug-in that provides it (Plugins.registerAll() in naswift), or name a strategy")
        }
        return try factory.make(domain: domain, seed: seed, options: StrategyOptions())
    }
}
