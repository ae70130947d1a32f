import NASCore
import NASRepresentations
import NASSurrogates

/// BANANAS (White, Neiswanger, Savani, AAAI 2021) as the TW-NAS repository runs it (METHODS §3.7),
/// as a `ModelBasedSearch`: path encoding, an ensemble of feed-forward nets (`EnsembleSurrogate`),
/// independent Thompson sampling, on every space with a path encoding (NB201, NB101) and, with the
/// one-hot categorical parameters instead, on the NATS size space and NAS-Bench-Graph.
///
/// `initial` random architectures first. Each model iteration trains the ensemble on the
/// observations, generates candidates (mutations of the `topParents` best in round robin,
/// de-duplicated by path encoding against every architecture asked or told and against each
/// other, at most `maxCandidates`), draws one sample per candidate from the members' mean and
/// spread, and queues the `perIteration` best (more when one ask needs more).
public enum Bananas {
    /// The strategy over `domain` with the path encoding. Throws for spaces without one.
    public static func make<S: SearchSpace>(domain: SearchDomain<S>, seed: UInt64, settings: BananasSettings) throws
        -> ModelBasedSearch<S, PathEncoding<S>, EnsembleSurrogate> {
        try make(domain: domain, seed: seed, settings: settings, encoding: try PathEncoding(space: domain.space))
    }

    /// The strategy over `domain` with any vector encoding (spaces without a path encoding use
    /// `CategoricalOneHotEncoding`: the NATS size space, NAS-Bench-Graph).
    public static func make<S: SearchSpace, E: VectorEncoding>(domain: SearchDomain<S>, seed: UInt64, settings: BananasSettings,
                                                               encoding: E) throws
        -> ModelBasedSearch<S, E, EnsembleSurrogate> where E.Architecture == S.Architecture {
        let plan = ModelPlan(name: "bananas", initial: settings.initial, proposalsPerFit: settings.perIteration,
                             candidates: .roundRobin(parents: settings.topParents, max: settings.maxCandidates),
                             dedupeByEncoding: true, acquisition: .independentThompson, stream: 21)
        return ModelBasedSearch(domain: domain, seed: seed, plan: plan, encoding: encoding,
                                surrogate: surrogate(dimension: encoding.dimension, seed: seed, settings: settings))
    }

    /// The encoding BANANAS uses on `space`: the path encoding where the space has one (NB201,
    /// NB101), else the one-hot categorical parameters (the NATS size space, NAS-Bench-Graph).
    /// Throws for a space with neither.
    public static func encoding<S: SearchSpace>(space: S) throws -> Encoding<S> {
        if let path = try? PathEncoding(space: space) { return .path(path) }
        return .oneHot(try CategoricalOneHotEncoding(space: space))
    }

    /// The two encodings BANANAS runs on (`encoding(space:)`).
    public enum Encoding<S: SearchSpace> {
        case path(PathEncoding<S>)
        case oneHot(CategoricalOneHotEncoding<S>)
    }

    /// The ensemble the strategy fits, on codes of `dimension` features, its training seeded with
    /// `seed` (stream 22). Also used on its own to measure how well the ensemble ranks held-out
    /// cells (`naswift ctnas nac --predictors bananas`).
    public static func surrogate(dimension: Int, seed: UInt64, settings: BananasSettings) -> EnsembleSurrogate {
        EnsembleSurrogate(settings: settings.ensemble, dimension: dimension, trainRNG: SeededGenerator(seed: seed, stream: 22))
    }
}

struct BananasFactory: StrategyFactory {
    var name: String { "bananas" }
    var summary: String { "BANANAS: path encoding (one-hot parameters on natsss, nbgraph), ensemble of 5 MLPs, independent Thompson sampling (nb201, nb101, natsss, nbgraph)" }
    var options: [StrategyOption] { BananasSettings.declarations }
    var neverRepeats: Bool { true }
    var supportedSpaces: [String]? { ["nb201", "nb101", "natsss", "nbgraph"] }

    func validate(budget: Int?, options: StrategyOptions) throws {
        try requireBudget(budget, covers: try BananasSettings(options: options).initial, strategy: name)
    }

    func validate(budget: Int?, batchSize: Int, options: StrategyOptions) throws {
        try requireBudget(budget, covers: try BananasSettings(options: options).initial, batchSize: batchSize, strategy: name)
    }

    func make<S: SearchSpace>(domain: SearchDomain<S>, seed: UInt64, options: StrategyOptions) throws -> AnyStrategy<S> {
        let settings = try BananasSettings(options: options)
        switch try Bananas.encoding(space: domain.space) {
        case .path(let e): return AnyStrategy(try Bananas.make(domain: domain, seed: seed, settings: settings, encoding: e))
        case .oneHot(let e): return AnyStrategy(try Bananas.make(domain: domain, seed: seed, settings: settings, encoding: e))
        }
    }
}

/// With batches of `batchSize`: the first batch is asked before any result is known, so all of it
/// is random (`ModelBasedSearch` has no observation to fit yet), and the initial design is random
/// too: the first `max(initial, batchSize)` queries are random. A budget below that never reaches
/// the model (`tw-kdpp --batch-size 100 --budget 60` would be random search) and is refused; with
/// batch size 1 this is the plain rule below.
public func requireBudget(_ budget: Int?, covers initial: Int, batchSize: Int, strategy: String) throws {
    guard batchSize > 1 else { return try requireBudget(budget, covers: initial, strategy: strategy) }
    let randomQueries = Swift.max(initial, batchSize)
    guard let budget, budget < randomQueries else { return }
    throw NaswiftError.invalidArgument(
        "budget of \(budget) queries with batches of \(batchSize) is spent before strategy '\(strategy)' proposes anything: "
        + "its first \(randomQueries) queries are random (the initial design of \(initial), and the whole first batch, "
        + "asked before any result is known), so this would be random search",
        hint: "give --budget above \(randomQueries), a smaller --batch-size, or a smaller design with --option initial=N")
}

/// Throws when a query budget is below the strategy's initial random design (the run would end
/// before the design is complete, so the model would never be used).
public func requireBudget(_ budget: Int?, covers initial: Int, strategy: String) throws {
    guard let budget, budget < initial else { return }
    throw NaswiftError.invalidArgument(
        "budget of \(budget) queries is below the initial design of \(initial) random architectures of strategy '\(strategy)', so its model would never be used",
        hint: "give --budget of at least \(initial) (more to use the model), or a smaller design with --option initial=N (N < \(budget))")
}
