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
        let surrogate = EnsembleSurrogate(settings: settings.ensemble, dimension: encoding.dimension,
                                          trainRNG: SeededGenerator(seed: seed, stream: 22))
        return ModelBasedSearch(domain: domain, seed: seed, plan: plan, encoding: encoding, surrogate: surrogate)
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

    func make<S: SearchSpace>(domain: SearchDomain<S>, seed: UInt64, options: StrategyOptions) throws -> AnyStrategy<S> {
        let settings = try BananasSettings(options: options)
        if let path = try? PathEncoding(space: domain.space) {
            return AnyStrategy(try Bananas.make(domain: domain, seed: seed, settings: settings, encoding: path))
        }
        return AnyStrategy(try Bananas.make(domain: domain, seed: seed, settings: settings,
                                            encoding: try CategoricalOneHotEncoding(space: domain.space)))
    }
}

/// Throws when a query budget is below the strategy's initial random design (the run would end
/// before the design is complete, so the model would never be used).
public func requireBudget(_ budget: Int?, covers initial: Int, strategy: String) throws {
    guard let budget, budget < initial else { return }
    throw NaswiftError.invalidArgument(
        "budget of \(budget) queries is below the initial design of \(initial) random architectures of strategy '\(strategy)', so its model would never be used",
        hint: "give --budget of at least \(initial) (more to use the model), or a smaller design with --option initial=N (N < \(budget))")
}
