/// The part of a search space a search may visit: the whole space, or only the architectures a
/// tabular benchmark covers (e.g. the 20,001 cells of `nb101-20k`).
///
/// Strategies sample, mutate and take neighbourhoods through the domain, so they never propose an
/// architecture that cannot be evaluated.
public struct SearchDomain<Space: SearchSpace>: Sendable {
    public let space: Space
    /// Every member, when the domain is restricted; `nil` means the whole space.
    public let members: [Space.Architecture]?
    private let memberSet: Set<Space.Architecture>?

    /// The whole space.
    public init(space: Space) {
        self.space = space
        self.members = nil
        self.memberSet = nil
    }

    /// Only `members` (duplicates are dropped, order kept).
    public init(space: Space, members: [Space.Architecture]) {
        self.space = space
        var seen = Set<Space.Architecture>()
        var list: [Space.Architecture] = []
        list.reserveCapacity(members.count)
        for m in members where seen.insert(m).inserted { list.append(m) }
        self.members = list
        self.memberSet = seen
    }

    /// Number of members, or nil for the whole (possibly unenumerated) space.
    public var count: Int? { members?.count }

    @inlinable
    public func contains(_ arch: Space.Architecture) -> Bool { memberSetContains(arch) }

    @usableFromInline
    func memberSetContains(_ arch: Space.Architecture) -> Bool { memberSet?.contains(arch) ?? true }

    /// A uniformly random member.
    public func sample<G: RandomNumberGenerator>(using rng: inout G) -> Space.Architecture {
        if let members { return members[Int(rng.next() % UInt64(members.count))] }
        return space.sample(using: &rng)
    }

    /// A mutation of `arch` that lies in the domain (up to `maxTries` attempts at the space's
    /// mutation, then a uniformly random member).
    public func mutate<G: RandomNumberGenerator>(_ arch: Space.Architecture, using rng: inout G,
                                                 maxTries: Int = 100) -> Space.Architecture {
        for _ in 0..<maxTries {
            let m = space.mutate(arch, using: &rng)
            if contains(m) { return m }
        }
        return sample(using: &rng)
    }

    /// The neighbours of `arch` that lie in the domain.
    public func neighbours(of arch: Space.Architecture) -> [Space.Architecture] {
        let all = space.neighbours(of: arch)
        return memberSet == nil ? all : all.filter(contains)
    }
}
