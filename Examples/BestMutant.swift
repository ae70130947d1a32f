import NASCore
import NASStrategies

/// "Add your own strategy": propose mutants of the best architecture seen so far (random ones
/// until something has a value), never an architecture proposed or told before.
///
/// A strategy only asks and learns; it never sees how architectures are evaluated, so the same
/// type runs in `naswift search` on a benchmark, in studies with workers, and in this example.
struct BestMutant<S: SearchSpace>: Strategy {
    typealias Space = S
    let name = "best-mutant"
    let domain: SearchDomain<S>
    private var rng: SeededGenerator
    private var fresh = FreshSampler<S>()
    private var best: (arch: S.Architecture, value: Double)?

    init(domain: SearchDomain<S>, seed: UInt64) {
        self.domain = domain
        rng = SeededGenerator(seed: seed, stream: 77)
    }

    mutating func ask(_ count: Int) throws -> [S.Architecture] {
        var out: [S.Architecture] = []
        for _ in 0..<max(count, 0) {
            var pick: S.Architecture?
            if let best {
                // A few tries at an unseen mutant in the domain, else a fresh random member.
                for _ in 0..<20 {
                    let m = domain.space.mutate(best.arch, using: &rng)
                    if domain.contains(m) && !fresh.hasSeen(m) { pick = m; break }
                }
            }
            if pick == nil { pick = fresh.draw(from: domain, using: &rng) }
            guard let a = pick else { break }
            fresh.markSeen(a)
            out.append(a)
        }
        return out
    }

    mutating func tell(_ observations: [Observation<S.Architecture>]) throws {
        for o in observations {
            fresh.markSeen(o.architecture)
            if let v = o.value, v > (best?.value ?? -.infinity) { best = (o.architecture, v) }
        }
    }
}

/// The factory that makes `best-mutant` available by name to the runner, studies and the CLI.
struct BestMutantFactory: StrategyFactory {
    let name = "best-mutant"
    let summary = "mutants of the best architecture so far (example strategy)"
    let neverRepeats = true
    func make<S: SearchSpace>(domain: SearchDomain<S>, seed: UInt64, options: StrategyOptions) throws -> AnyStrategy<S> {
        try options.requireKnown(self.options, strategy: name)
        return AnyStrategy(BestMutant(domain: domain, seed: seed))
    }
}
