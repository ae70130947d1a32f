import NASCore

/// A small search space for conformance checks: bit strings of `bits` bits (an architecture is its integer code). Mutation flips
/// one random bit; the neighbourhood is every single-bit flip. Small enough to exhaust in tests.
public struct BitSpace: SearchSpace {
    public typealias Architecture = UInt32
    public let bits: Int
    public init(bits: Int) { self.bits = bits }
    public var name: String { "bits\(bits)" }

    public func parse(_ text: String) throws -> UInt32 {
        guard text.count == bits, let v = UInt32(text, radix: 2) else {
            throw NaswiftError.malformedArchitecture(text, space: name, reason: "not \(bits) binary digits",
                                                     example: String(repeating: "0", count: bits))
        }
        return v
    }
    public func format(_ a: UInt32) -> String {
        let s = String(a, radix: 2)
        return String(repeating: "0", count: bits - s.count) + s
    }
    public func key(_ a: UInt32) -> String { format(a) }
    public func sample<G: RandomNumberGenerator>(using rng: inout G) -> UInt32 { UInt32(rng.next() % (1 << UInt64(bits))) }
    public func mutate<G: RandomNumberGenerator>(_ a: UInt32, using rng: inout G) -> UInt32 {
        a ^ (1 << UInt32(rng.next() % UInt64(bits)))
    }
    public func neighbours(of a: UInt32) -> [UInt32] { (0..<bits).map { a ^ (1 << UInt32($0)) } }
    public func graph(_ a: UInt32) -> LabelledDAG {
        LabelledDAG(nodeCount: bits, edges: (1..<bits).map { ($0 - 1, $0) },
                    labels: (0..<bits).map { (a >> UInt32($0)) & 1 == 1 ? "one" : "zero" })
    }
    public func json(_ a: UInt32) -> String { "{\"bits\":\"\(format(a))\"}" }
}

/// A restricted domain of 12-bit strings (about 5/7 of them) with a rugged, deterministic value
/// landscape: the world the conformance checks run space-agnostic strategies in.
public struct ConformanceWorld: Sendable {
    public let space = BitSpace(bits: 12)
    public let domain: SearchDomain<BitSpace>

    /// The first `memberCount` members only, when given (to exhaust a small domain).
    public init(memberCount: Int? = nil) {
        var members = (0..<UInt32(4096)).filter { ($0 &* 2_654_435_761) % 7 < 5 }
        if let memberCount { members = Array(members.prefix(memberCount)) }
        domain = SearchDomain(space: space, members: members)
    }

    /// Number of ones plus a deterministic pseudo-random bump in [0, 3).
    public func value(_ a: UInt32) -> Double? {
        var h = UInt64(a) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        return Double(a.nonzeroBitCount) + Double(h % 3000) / 1000
    }
}
