import NASCore
import NASRepresentations
import NASSurrogates

/// BANANAS (White, Neiswanger, Savani, AAAI 2021) as the TW-NAS repository runs it (METHODS §3.7),
/// as a `ModelBasedSearch`: path encoding, an ensemble of feed-forward nets (`EnsembleSurrogate`),
/// independent Thompson sampling, on every space with a path encoding (NB201, NB101).
///
/// `initial` random architectures first. Each model iteration trains the ensemble on the
/// observations, generates candidates (mutations of the `topParents` best in round robin,
/// de-duplicated by path encoding against every architecture asked or told and against each
/// other, at most `maxCandidates`), draws one sample per candidate from the members' mean and
/// spread, and queues the `perIteration` best (more when one ask needs more).
public enum Bananas {
    /// The strategy over `domain`. Throws for spaces without a path encoding.
    public static func make<S: SearchSpace>(domain: SearchDomain<S>, seed: UInt64, settings: BananasSettings) throws
        -> ModelBasedSearch<S, PathEncoding<S>, EnsembleSurrogate> {
        let encoding = try PathEncoding(space: domain.space)
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
    var summary: String { "BANANAS: path encoding, ensemble of 5 MLPs, independent Thompson sampling (nb201, nb101)" }
    var options: [StrategyOption] { BananasSettings.declarations }
    var neverRepeats: Bool { true }
    var supportedSpaces: [String]? { ["nb201", "nb101"] }

    func validate(budget: Int?, options: StrategyOptions) throws {
        try requireBudget(budget, covers: try BananasSettings(options: options).initial, strategy: name)
    }

    func make<S: SearchSpace>(domain: SearchDomain<S>, seed: UInt64, options: StrategyOptions) throws -> AnyStrategy<S> {
        AnyStrategy(try Bananas.make(domain: domain, seed: seed, settings: try BananasSettings(options: options)))
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
