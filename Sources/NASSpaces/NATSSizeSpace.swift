import NASCore

/// The NATS-Bench size search space (Dong et al. 2021): a fixed cell, five stages whose channel
/// widths are each one of 8, 16, ..., 64; 8^5 = 32,768 architectures.
///
/// String form and `key`: the channel string `c1:c2:c3:c4:c5`. Mutation sets one uniformly chosen
/// stage to a uniformly chosen different width; the neighbourhood is all 5 x 7 = 35 such
/// architectures. `graph` is a 7-node chain: input -> the 5 stages labelled by width -> output.
public struct NATSSizeSpace: SearchSpace, Hashable {
    public typealias Architecture = NATSSizeArch

    public static let example = "64:32:16:48:8"

    public init() {}

    public var name: String { "natsss" }

    /// Every architecture in code order (the row order of the NATS size tables).
    public var allArchitectures: [NATSSizeArch] { (0..<NATSSizeArch.archCount).map { NATSSizeArch(uncheckedCode: $0) } }

    /// Parses `c1:c2:c3:c4:c5` (surrounding whitespace ignored). Throws `malformedArchitecture`
    /// for a wrong stage count, a non-integer, or a width outside {8, 16, ..., 64}.
    public func parse(_ text: String) throws -> NATSSizeArch {
        let trimmed = text.trimmingWhitespace()
        func fail(_ reason: String) -> NaswiftError {
            NaswiftError.malformedArchitecture(text, space: "natsss", reason: reason, example: NATSSizeSpace.example)
        }
        if trimmed.isEmpty { throw fail("the string is empty") }
        let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == NATSSizeArch.stageCount else {
            throw fail("expected 5 ':'-separated stage widths, found \(parts.count)")
        }
        var c = 0
        for (s, p) in parts.enumerated() {
            guard let w = Int(p) else { throw fail("stage \(s + 1) width '\(p)' is not an integer") }
            guard w >= 8, w <= 64, w % 8 == 0 else {
                throw fail("stage \(s + 1) width \(w) is not one of 8, 16, 24, 32, 40, 48, 56, 64")
            }
            c = c * 8 + (w / 8 - 1)
        }
        return NATSSizeArch(uncheckedCode: c)
    }

    public func format(_ arch: NATSSizeArch) -> String { arch.description }

    public func key(_ arch: NATSSizeArch) -> String { arch.description }

    public func sample<G: RandomNumberGenerator>(using rng: inout G) -> NATSSizeArch {
        NATSSizeArch(uncheckedCode: Int(rng.next() % UInt64(NATSSizeArch.archCount)))
    }

    public func mutate<G: RandomNumberGenerator>(_ arch: NATSSizeArch, using rng: inout G) -> NATSSizeArch {
        let stage = Int(rng.next() % UInt64(NATSSizeArch.stageCount))
        let old = arch.level(stage)
        var level = Int(rng.next() % 7)
        if level >= old { level += 1 }
        return arch.replacing(stage: stage, level: level)
    }

    /// All 35 architectures differing in exactly one stage width (stage-major order).
    public func neighbours(of arch: NATSSizeArch) -> [NATSSizeArch] {
        var out: [NATSSizeArch] = []
        out.reserveCapacity(35)
        for stage in 0..<NATSSizeArch.stageCount {
            let old = arch.level(stage)
            for level in 0..<8 where level != old { out.append(arch.replacing(stage: stage, level: level)) }
        }
        return out
    }

    /// A 7-node chain: `input`, the five widths as labels (e.g. "32"), `output`.
    public func graph(_ arch: NATSSizeArch) -> LabelledDAG {
        let labels = ["input"] + arch.widths.map(String.init) + ["output"]
        return LabelledDAG(nodeCount: 7, edges: (0..<6).map { ($0, $0 + 1) }, labels: labels)
    }

    /// `{"space":"natsss","arch":"...","channels":[...]}`.
    public func json(_ arch: NATSSizeArch) -> String {
        "{\"space\":\"natsss\",\"arch\":\"\(arch)\",\"channels\":[\(arch.widths.map(String.init).joined(separator: ","))]}"
    }
}
