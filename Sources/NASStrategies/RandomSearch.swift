import NASCore

/// Random search without replacement: every proposal is a uniformly random member of the domain
/// that has been neither proposed nor told before.
///
/// Promise: never re-proposes an architecture it proposed or was told about. Returns fewer than
/// `count` (possibly none) only when the domain is exhausted.
public struct RandomSearch<S: SearchSpace>: Strategy {
    public typealias Space = S
    public let name = "random"
    public let domain: SearchDomain<S>
    private var rng: SeededGenerator
    private var fresh = FreshSampler<S>()

    public init(domain: SearchDomain<S>, seed: UInt64) {
        self.domain = domain
        self.rng = SeededGenerator(seed: seed, stream: 1)
    }

    public mutating func ask(_ count: Int) throws -> [S.Architecture] {
        var out: [S.Architecture] = []
        out.reserveCapacity(max(count, 0))
        for _ in 0..<max(count, 0) {
            guard let a = fresh.draw(from: domain, using: &rng) else { break }
            out.append(a)
        }
        return out
    }

    public mutating func tell(_ observations: [Observation<S.Architecture>]) throws {
        for o in observations { fresh.markSeen(o.architecture) }
    }
}

struct RandomSearchFactory: StrategyFactory {
    let name = "random"
    let neverRepeats = true
    let summary = "random search without replacement"
    func make<S: SearchSpace>(domain: SearchDomain<S>, seed: UInt64, options: StrategyOptions) throws -> AnyStrategy<S> {
        try options.requireKnown(self.options, strategy: name)
        return AnyStrategy(RandomSearch(domain: domain, seed: seed))
    }
}
