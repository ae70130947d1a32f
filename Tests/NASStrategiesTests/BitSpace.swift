import NASCore

/// Test fixture: bit strings of `bits` bits (an architecture is its integer code). Mutation flips
/// one random bit; the neighbourhood is every single-bit flip. Small enough to exhaust in tests.
struct BitSpace: SearchSpace {
    typealias Architecture = UInt32
    let bits: Int
    var name: String { "bits\(bits)" }

    func parse(_ text: String) throws -> UInt32 {
        guard text.count == bits, let v = UInt32(text, radix: 2) else {
            throw NaswiftError.malformedArchitecture(text, space: name, reason: "not \(bits) binary digits",
                                                     example: String(repeating: "0", count: bits))
        }
        return v
    }
    func format(_ a: UInt32) -> String {
        let s = String(a, radix: 2)
        return String(repeating: "0", count: bits - s.count) + s
    }
    func key(_ a: UInt32) -> String { format(a) }
    func sample<G: RandomNumberGenerator>(using rng: inout G) -> UInt32 { UInt32(rng.next() % (1 << UInt64(bits))) }
    func mutate<G: RandomNumberGenerator>(_ a: UInt32, using rng: inout G) -> UInt32 {
        a ^ (1 << UInt32(rng.next() % UInt64(bits)))
    }
    func neighbours(of a: UInt32) -> [UInt32] { (0..<bits).map { a ^ (1 << UInt32($0)) } }
    func graph(_ a: UInt32) -> LabelledDAG {
        LabelledDAG(nodeCount: bits, edges: (1..<bits).map { ($0 - 1, $0) },
                    labels: (0..<bits).map { (a >> UInt32($0)) & 1 == 1 ? "one" : "zero" })
    }
    func json(_ a: UInt32) -> String { "{\"bits\":\"\(format(a))\"}" }
}
