import NASCore

/// Uniform sampling *without replacement* from a search domain: draws members that have not been
/// marked as seen (asked or told) yet.
///
/// While few members are seen it samples by rejection (O(1) per draw); once rejection gets
/// expensive (half the domain seen, or 64 rejections in a row) it switches to an explicit list of
/// the unseen members in domain order and draws from it with swap-removal. Both paths consume the
/// generator deterministically, so a fixed seed gives a fixed sequence. Never iterates a `Set`.
public struct FreshSampler<Space: SearchSpace>: Sendable {
    public private(set) var seen: Set<Space.Architecture> = []
    private var remaining: [Space.Architecture]?

    public init() {}

    /// Records `arch` as seen; it will not be drawn again.
    public mutating func markSeen(_ arch: Space.Architecture) { seen.insert(arch) }

    public func hasSeen(_ arch: Space.Architecture) -> Bool { seen.contains(arch) }

    /// A uniformly random unseen member of `domain` (marked seen), or `nil` when every member is
    /// seen (for an unenumerated whole space: when 10,000 draws in a row were all seen).
    public mutating func draw<G: RandomNumberGenerator>(from domain: SearchDomain<Space>,
                                                        using rng: inout G) -> Space.Architecture? {
        guard let members = domain.members else {
            for _ in 0..<10_000 {
                let a = domain.sample(using: &rng)
                if seen.insert(a).inserted { return a }
            }
            return nil
        }
        return draw(fromMembers: members, using: &rng)
    }

    /// A uniformly random unseen element of `members` (marked seen), or nil when all are seen.
    /// Pass the same list on every call (the sampler keeps a list of the unseen ones).
    public mutating func draw<G: RandomNumberGenerator>(fromMembers members: [Space.Architecture],
                                                        using rng: inout G) -> Space.Architecture? {
        guard !members.isEmpty else { return nil }
        if remaining == nil {
            if seen.count * 2 < members.count {
                for _ in 0..<64 {
                    let a = members[Int(rng.next() % UInt64(members.count))]
                    if seen.insert(a).inserted { return a }
                }
            }
            remaining = members.filter { !seen.contains($0) }
        }
        var list = remaining ?? []
        remaining = nil  // keep `list` uniquely referenced so swap-removal is O(1)
        defer { remaining = list }
        while !list.isEmpty {
            let i = Int(rng.next() % UInt64(list.count))
            let a = list[i]
            list.swapAt(i, list.count - 1)
            list.removeLast()
            if seen.insert(a).inserted { return a }
        }
        return nil
    }
}
