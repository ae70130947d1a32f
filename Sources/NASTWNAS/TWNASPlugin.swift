import NASCore
import NASRepresentations
import NASSpaces
import NASStrategies
import NASSurrogates

/// Registers the TW-NAS strategies (`tw-gp`, `tw-kdpp`) with `StrategyRegistry`.
public enum TWNASPlugin {
    public static let factories: [any StrategyFactory] = [TWGPFactory(batch: false), TWGPFactory(batch: true)]

    public static func register() {
        for f in factories { StrategyRegistry.register(f) }
    }
}

/// TW-NAS Bayesian optimisation (Nguyen et al., ICML 2021; METHODS §3.3-3.6) as a
/// `ModelBasedSearch`: the tree-Wasserstein encoding (`TWEncoding`), a GP with kernel
/// `exp(-d_op/l1 - d_in/l2 - d_out/l3)` (`DistanceGP`), on NB201, NB101, NAS-Bench-Graph or the NATS size
/// space.
///
/// - `tw-gp` (sequential): `initial` random architectures, then per ask the candidates (30
///   mutations of each of the 10 best, de-duplicated, at most 100) are scored by the acquisition
///   (LCB on the standardised error = UCB on the standardised accuracy by default) and the best
///   are proposed.
/// - `tw-kdpp` (batch): per ask of k, a k-DPP with `L = diag(q) Sigma diag(q)`, `q = exp(mu)`, over
///   the candidates' standardised posterior mean `mu` and full covariance `Sigma`, exact sampling
///   (or greedy MAP).
///
/// Hyper-parameters are refitted by marginal likelihood every `refitEvery` model iterations and
/// reused in between. `mode=faithful` reproduces the reference code (see `TWGPSettings` and
/// DESIGN.md): op-tree slips, variance instead of std in the LCB, the extra sigma^4 noise, a k-DPP
/// sampler reseeded with 14 on every draw, the reference's fitting of the degree lengthscales, its
/// scipy likelihood climb, and on NB201 a random upper-triangular 8x8 "adjacency" per architecture
/// mutated by edge flips (`TWEncoding.referenceMutation`). Both modes mutate NB201 candidates by
/// the per-op resampling of METHODS §3.4 and start the hyper-parameter fits from raw-uniform draws.
public enum TWBayesOpt {
    public typealias Search<S: SearchSpace> = ModelBasedSearch<S, TWEncoding<S>, DistanceGP<TWFeatures>>

    /// `tw-gp` (`batch` false) or `tw-kdpp` over `domain`; throws for spaces without a TW representation.
    public static func make<S: SearchSpace>(domain: SearchDomain<S>, seed: UInt64, settings: TWGPSettings, batch: Bool) throws
        -> Search<S> {
        let name = batch ? "tw-kdpp" : "tw-gp"
        let (encoding, surrogate) = try model(space: domain.space, seed: seed, settings: settings, strategy: name)
        let faithful = settings.mode == .faithful
        let plan = ModelPlan(name: name, initial: settings.initial,
                             candidates: .mutations(parents: settings.topParents, perParent: settings.mutationsPerParent,
                                                    max: settings.maxCandidates),
                             acquisition: settings.acquisition == .ei ? .expectedImprovement() : .upperConfidenceBound(beta: settings.beta),
                             spread: faithful ? .variance : .standardDeviation,
                             selection: batch ? .kDPP(greedyMAP: settings.selection == .map, reseed: faithful ? 14 : nil) : .top,
                             stream: 11)
        return ModelBasedSearch(domain: domain, seed: seed, plan: plan, encoding: encoding, surrogate: surrogate,
                                mutation: mutation(domain: domain, settings: settings, referenceCells: encoding.randomNB201Matrices))
    }

    /// The encoding and the GP the strategies search with (`strategy` names them in errors):
    /// the tree-Wasserstein encoding of `space` and a `DistanceGP` with the three components
    /// `[d_op, d_in, d_out]`, its hyper-parameter fit (box, restarts, refit schedule, degree
    /// lengthscales) from `settings`, seeded with `seed` (stream 12). Also used on its own to
    /// measure how well the GP ranks held-out cells (`naswift ctnas nac --predictors tw-gp`).
    /// Throws for spaces without a TW representation (`TWRepresentation.spaces`).
    public static func model<S: SearchSpace>(space: S, seed: UInt64, settings: TWGPSettings, strategy: String = "tw-gp") throws
        -> (encoding: TWEncoding<S>, surrogate: DistanceGP<TWFeatures>) {
        let encoding = try TWEncoding(space: space, twoGram: settings.twoGram, mode: settings.mode, strategy: strategy,
                                      positionalOps: settings.positionalOps)
        var gp = DistanceGP<TWFeatures>.Settings(components: 3)
        gp.gp = GPOptions(referenceNoiseQuirk: settings.mode == .faithful)
        gp.fit = settings.fitOptions(gp: gp.gp)
        gp.bounds = settings.bounds
        gp.refitEvery = settings.refitEvery
        let shared = [[0], [1, 2]], separate = [[0], [1], [2]]
        gp.fitComponents = settings.fitsSharedDegree ? shared : separate
        gp.predictComponents = settings.predictsSharedDegree ? shared : separate
        gp.unfittedLengthscale = TWGPSettings.unfittedLengthscale
        let representation = encoding.representation
        let surrogate = DistanceGP<TWFeatures>(settings: gp, components: 3,
                                               distance: { representation.components($0, $1) },
                                               distances: { representation.componentMatrices($0, $1) },
                                               fitRNG: SeededGenerator(seed: seed, stream: 12))
        return (encoding, surrogate)
    }

    /// The candidate mutation: the reference's cell-and-matrix mutation in faithful NB201 runs;
    /// otherwise on a dense NB201 domain the per-op resampling of METHODS §3.4
    /// (`TWCandidateMutation.nb201`: each of the 6 ops changed with probability 1/6), else the
    /// domain's mutation (`DomainMutator`: the space's mutation, or nearest members on sparse domains).
    static func mutation<S: SearchSpace>(domain: SearchDomain<S>, settings: TWGPSettings, referenceCells: Bool) -> Search<S>.Mutation {
        if referenceCells {
            return { parent, encoding, rng, seen in encoding.referenceMutation(parent, seen: seen, rng: &rng) }
        }
        let mutator = DomainMutator(domain: domain)
        let resample = !settings.singleOpMutation && !mutator.isSparse
        return { parent, _, rng, _ in
            if resample, let cell = parent as? NB201Cell, let child = TWCandidateMutation.nb201(cell, using: &rng) as? S.Architecture {
                return child
            }
            return mutator.mutate(parent, using: &rng)
        }
    }
}

struct TWGPFactory: StrategyFactory {
    let batch: Bool
    var name: String { batch ? "tw-kdpp" : "tw-gp" }
    var summary: String {
        batch ? "TW-NAS batch BO: GP on tree-Wasserstein distances, quality k-DPP batches (nb201, nb101, nbgraph, natsss)"
              : "TW-NAS sequential BO: GP on tree-Wasserstein distances with LCB/UCB/EI (nb201, nb101, nbgraph, natsss)"
    }
    var options: [StrategyOption] { TWGPSettings.declarations(batch: batch) }
    var neverRepeats: Bool { true }
    var supportedSpaces: [String]? { TWRepresentation.spaces }

    /// A query budget below the initial random design would never reach the model.
    func validate(budget: Int?, options: StrategyOptions) throws {
        let settings = try TWGPSettings(options: options, batch: batch, strategy: name)
        try requireBudget(budget, covers: settings.initial, strategy: name)
    }

    func validate(budget: Int?, batchSize: Int, options: StrategyOptions) throws {
        let settings = try TWGPSettings(options: options, batch: batch, strategy: name)
        try requireBudget(budget, covers: settings.initial, batchSize: batchSize, strategy: name)
    }

    func make<S: SearchSpace>(domain: SearchDomain<S>, seed: UInt64, options: StrategyOptions) throws -> AnyStrategy<S> {
        let settings = try TWGPSettings(options: options, batch: batch, strategy: name)
        return AnyStrategy(try TWBayesOpt.make(domain: domain, seed: seed, settings: settings, batch: batch))
    }
}
