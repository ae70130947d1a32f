import NASCore

/// Regularized (aging) evolution, Real et al. 2019, as the baseline of the BANANAS / TW-NAS code
/// (METHODS §3.7).
///
/// - The first `initial` proposals (default 20, as §3.7) are distinct uniformly random members.
/// - Then each proposal: draw `tournament` (default 10) population members uniformly without
///   replacement (all of them while the population is smaller), take the one with the best value
///   (ties: the older), and propose `domain.mutate` of it (the space's reference mutation, kept
///   inside the domain).
/// - Every successful tell joins the population at the young end; when it exceeds `population`
///   (default 50) the oldest member dies (aging, not the worst). Failed tells (value `nil`) never
///   join. A batch ask runs `count` independent tournaments on the current population.
/// - Mutants may repeat architectures evaluated before (as in the reference code); no dedup.
/// - Rebuilt from tells only: the population is the last `population` successful tells and the
///   random phase is over once `initial` observations were told.
public struct RegularizedEvolution<S: SearchSpace>: Strategy {
    public typealias Space = S
    public let name = "re"
    public let domain: SearchDomain<S>
    public let populationSize: Int
    public let tournamentSize: Int
    public let initialCount: Int
    private var rng: SeededGenerator
    private var fresh = FreshSampler<S>()
    /// Oldest first: (architecture, value).
    public private(set) var population: [(S.Architecture, Double)] = []
    private var told = 0
    private var pendingRandom: [S.Architecture] = []

    public init(domain: SearchDomain<S>, seed: UInt64, population: Int = 50, tournament: Int = 10, initial: Int = 20) {
        self.domain = domain
        self.populationSize = max(population, 1)
        self.tournamentSize = max(tournament, 1)
        self.initialCount = max(initial, 0)
        self.rng = SeededGenerator(seed: seed, stream: 2)
    }

    public mutating func ask(_ count: Int) throws -> [S.Architecture] {
        var out: [S.Architecture] = []
        for _ in 0..<max(count, 0) {
            if told + pendingRandom.count < initialCount || population.isEmpty {
                guard let a = fresh.draw(from: domain, using: &rng) else {
                    if population.isEmpty { break } else { out.append(mutant()); continue }
                }
                pendingRandom.append(a)
                out.append(a)
            } else {
                out.append(mutant())
            }
        }
        return out
    }

    /// Tournament selection then mutation (population must be non-empty).
    private mutating func mutant() -> S.Architecture {
        let n = population.count
        let k = min(tournamentSize, n)
        var idx = Array(0..<n)
        var best = -1
        for i in 0..<k {  // partial Fisher-Yates: k distinct indices
            let j = i + Int(rng.next() % UInt64(n - i))
            idx.swapAt(i, j)
            let c = idx[i]
            if best < 0 || population[c].1 > population[best].1 || (population[c].1 == population[best].1 && c < best) {
                best = c
            }
        }
        let child = domain.mutate(population[best].0, using: &rng)
        fresh.markSeen(child)
        return child
    }

    public mutating func tell(_ observations: [Observation<S.Architecture>]) throws {
        for o in observations {
            told += 1
            fresh.markSeen(o.architecture)
            if let i = pendingRandom.firstIndex(of: o.architecture) { pendingRandom.remove(at: i) }
            guard let v = o.value, !v.isNaN else { continue }
            population.append((o.architecture, v))
            if population.count > populationSize { population.removeFirst(population.count - populationSize) }
        }
    }
}

struct RegularizedEvolutionFactory: StrategyFactory {
    let name = "re"
    let summary = "regularized (aging) evolution: 20 random, population 50, tournament 10"
    static let population = StrategyOption("population", .integer(1...1_000_000, default: 50), "architectures kept (the oldest dies)")
    static let tournament = StrategyOption("tournament", .integer(1...1_000_000, default: 10), "random sample whose best is mutated")
    static let initial = StrategyOption("initial", .integer(0...1_000_000, default: 20), "random architectures before evolution")
    var options: [StrategyOption] { [Self.population, Self.tournament, Self.initial] }
    func make<S: SearchSpace>(domain: SearchDomain<S>, seed: UInt64, options: StrategyOptions) throws -> AnyStrategy<S> {
        try options.requireKnown(self.options, strategy: name)
        return AnyStrategy(RegularizedEvolution(
            domain: domain, seed: seed,
            population: try options.int(Self.population),
            tournament: try options.int(Self.tournament),
            initial: try options.int(Self.initial)))
    }
}
