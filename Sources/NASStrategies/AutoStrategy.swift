import NASCore

/// `auto`: the strategy this project recommends, picked on validation seeds (1000-1099, 100
/// queries; REPRODUCTION.md "Against Optuna" says when each rule was written: the per-space picks
/// before the report seeds of their rows ran, the per-task rule after).
///
/// On a benchmark task with validation runs it runs that task's pick (`taskPicks`): the naswift
/// strategy with the highest validation mean of the report metric there. Elsewhere (another task,
/// a study over the whole space, a user's own data) it runs the space's pick (`picks`):
///
/// | space | per task (validation means) | otherwise |
/// |---|---|---|
/// | nb201 | `tpe-nas` on cifar10; `arch2vec-bo` on cifar100; `bananas` on imagenet16 and the three 12-epoch tasks | `bananas` (4 of the 6 tasks) |
/// | natsss | `tw-gp` on cifar10, cifar100 | `tw-gp` |
/// | nbgraph | `bananas` on cora, `tw-gp` on citeseer, `random` on proteins (its guide misleads at the top) | `tw-gp` |
/// | other | | `tpe-nas` where it applies, else `re` (not validated) |
///
/// It builds the picked strategy with its defaults, so `auto` with seed s proposes exactly what the
/// picked strategy proposes with seed s. Its one option, `model=FILE`, goes to a pick that takes a
/// model (`arch2vec-bo`, from the NASLatentSearch plug-in) and is ignored by the others; without it
/// such a pick uses the space's default model (trained on first use, under a minute on nb201). It accepts any budget: below a
/// picked strategy's initial design (bananas: 20) the run is that strategy's random start. The picked strategy must be
/// registered (`tw-gp` comes from the NASTWNAS plug-in); `make` says so when it is not.
public struct AutoStrategyFactory: StrategyFactory {
    public init() {}
    public var name: String { "auto" }
    public var summary: String {
        "the recommended strategy, picked on validation seeds per benchmark task where validated (\(Self.taskPicks.count) tasks, "
            + "e.g. arch2vec-bo on nb201 cifar100), else per space: " + Self.picks.sorted { $0.key < $1.key }
            .map { "\($0.value) on \($0.key)" }.joined(separator: ", ") + ", else tpe-nas or re"
    }
    public var neverRepeats: Bool { false }
    static let model = StrategyOption("model", .path(required: false), "model file for a pick that takes one (arch2vec-bo); ignored by the others",
                                      defaultNote: "the pick's default model")
    public var options: [StrategyOption] { [Self.model] }

    /// Space name -> strategy name, where no task pick applies.
    public static let picks: [String: String] = ["nb201": "bananas", "natsss": "tw-gp", "nbgraph": "tw-gp"]

    /// Benchmark task -> strategy name: the highest mean of the report metric on validation seeds
    /// 1000-1099 at 100 queries among the naswift strategies run there (REPRODUCTION.md, "per-task
    /// picks for `auto`"; the rule was fixed before these picks were read off the validation tables).
    public static let taskPicks: [SearchContext: String] = [
        SearchContext(benchmark: "nb201", task: "cifar10"): "tpe-nas",
        SearchContext(benchmark: "nb201", task: "cifar100"): "arch2vec-bo",
        SearchContext(benchmark: "nb201", task: "imagenet16"): "bananas",
        SearchContext(benchmark: "nb201", task: "cifar10-12ep"): "bananas",
        SearchContext(benchmark: "nb201", task: "cifar100-12ep"): "bananas",
        SearchContext(benchmark: "nb201", task: "imagenet16-12ep"): "bananas",
        SearchContext(benchmark: "natsss", task: "cifar10"): "tw-gp",
        SearchContext(benchmark: "natsss", task: "cifar100"): "tw-gp",
        SearchContext(benchmark: "nbgraph", task: "cora"): "bananas",
        SearchContext(benchmark: "nbgraph", task: "citeseer"): "tw-gp",
        SearchContext(benchmark: "nbgraph", task: "proteins"): "random",
    ]

    /// The strategy `auto` runs on the space named `space`, on the benchmark task `context` when
    /// there is one.
    public static func pick(space: String, context: SearchContext? = nil) -> String {
        if let context, let p = taskPicks[context] { return p }
        if let p = picks[space] { return p }
        let tpe = try? StrategyRegistry.factory("tpe-nas")
        return tpe?.supportedSpaces?.contains(space) == true ? "tpe-nas" : "re"
    }

    public func delegate(space: String, context: SearchContext?) -> String? { Self.pick(space: space, context: context) }
    public var delegations: StrategyDelegations? { StrategyDelegations(perTask: Self.taskPicks, perSpace: Self.picks) }

    public func make<S: SearchSpace>(domain: SearchDomain<S>, seed: UInt64, options: StrategyOptions) throws -> AnyStrategy<S> {
        try options.requireKnown(self.options.map(\.key), strategy: name)
        let picked = Self.pick(space: domain.space.name, context: options.context)
        guard let factory = try? StrategyRegistry.factory(picked) else {
            throw NaswiftError.invalidArgument("auto picks '\(picked)' on \(domain.space.name), which is not registered",
                                               hint: "register the plug-in that provides it (Plugins.registerAll() in naswift), or name a strategy")
        }
        var passed: [String: String] = [:]
        if let model = options.values[Self.model.key], factory.declares(Self.model.key) { passed[Self.model.key] = model }
        return try factory.make(domain: domain, seed: seed, options: StrategyOptions(passed, context: options.context))
    }
}
