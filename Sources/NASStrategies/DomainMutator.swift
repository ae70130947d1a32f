import Foundation
import NASCore

/// Mutation that stays inside a search domain and stays cheap when the domain is a small part of
/// its space (e.g. `nb101-20k`: 20,001 of 423,624 NB101 cells, where 95% of the space's mutations
/// land outside and `SearchDomain.mutate` retries up to 100 times).
///
/// - Dense domains (the whole space, or where at least half of the space's mutations of sampled
///   members land inside): `SearchDomain.mutate`, unchanged.
/// - Sparse domains: a uniform draw from the parent's `neighbourhood` nearest members by graph
///   edit distance (`DomainGraphIndex.nearest`; the space's mutations have distance 1, so on a
///   dense table these would be the mutation neighbours). A documented deviation from the
///   reference mutation, whose children the table mostly cannot evaluate.
///
/// A value type; the per-parent neighbour lists are cached in a shared box (one strategy uses a
/// mutator from one thread at a time).
public struct DomainMutator<S: SearchSpace>: Sendable {
    public let domain: SearchDomain<S>
    /// The graph index, or nil when the domain is dense.
    public let index: DomainGraphIndex?
    /// Members drawn from per parent on a sparse domain.
    public let neighbourhood: Int
    private let position: [S.Architecture: Int]
    private let cache = NeighbourCache()

    public init(domain: SearchDomain<S>, neighbourhood: Int = 30) {
        self.domain = domain
        self.neighbourhood = max(1, neighbourhood)
        if let members = domain.members, !DomainMutator.isDense(domain, members: members),
           let idx = DomainGraphIndex.shared(for: domain) {
            index = idx
            var pos: [S.Architecture: Int] = [:]
            pos.reserveCapacity(members.count)
            for (i, m) in members.enumerated() { pos[m] = i }
            position = pos
        } else {
            index = nil
            position = [:]
        }
    }

    /// True when the domain uses the graph index.
    public var isSparse: Bool { index != nil }

    /// The members a sparse-domain mutation of `arch` draws from (empty on dense domains).
    public func neighbours(of arch: S.Architecture) -> [S.Architecture] {
        guard let index, let members = domain.members, let i = position[arch] else { return [] }
        return cache.list(i) { index.nearest(i, k: neighbourhood) }.map { members[Int($0)] }
    }

    /// A member of the domain near `arch`, never `arch` itself (unless the domain has no other).
    public func mutate<G: RandomNumberGenerator>(_ arch: S.Architecture, using rng: inout G) -> S.Architecture {
        guard let index, let members = domain.members else { return domain.mutate(arch, using: &rng) }
        guard let i = position[arch] else { return domain.sample(using: &rng) }
        let near = cache.list(i) { index.nearest(i, k: neighbourhood) }
        guard !near.isEmpty else { return arch }
        return members[Int(near[Int(rng.next() % UInt64(near.count))])]
    }

    /// Whether at least half of one space mutation of each of up to 200 evenly spaced members
    /// lands in the domain (fixed generator, so the decision is deterministic).
    static func isDense(_ domain: SearchDomain<S>, members: [S.Architecture]) -> Bool {
        let probes = min(200, members.count)
        guard probes > 0 else { return true }
        var rng = SeededGenerator(seed: 0x5eed, stream: 99)
        var hits = 0
        for k in 0..<probes {
            let m = members[k * members.count / probes]
            if domain.contains(domain.space.mutate(m, using: &rng)) { hits += 1 }
        }
        return hits * 2 >= probes
    }
}

/// Per-parent neighbour lists of one mutator (lock-protected).
final class NeighbourCache: @unchecked Sendable {
    private let lock = NSLock()
    private var lists: [Int: [Int32]] = [:]

    func list(_ i: Int, _ make: () -> [Int32]) -> [Int32] {
        lock.lock()
        if let l = lists[i] { lock.unlock(); return l }
        lock.unlock()
        let l = make()
        lock.lock(); defer { lock.unlock() }
        lists[i] = l
        return l
    }
}
