import NASCore

/// "Add your own search space": a chain of four convolution stages, each with a width from
/// {8, 16, 32, 64}, as a naswift `SearchSpace` (256 architectures).
///
/// An architecture is the four widths; its string form is "8-16-32-64". Everything a strategy or
/// a study needs comes from these few functions: parsing and formatting, a stable key, sampling,
/// mutation (one stage changes width), neighbours (every single-stage change) and a labelled DAG
/// for graph-based encodings.
struct WidthSpace: SearchSpace {
    typealias Architecture = [Int]
    static let widths = [8, 16, 32, 64]
    static let stages = 4

    var name: String { "widths4" }

    func parse(_ text: String) throws -> [Int] {
        let parts = text.split(separator: "-").map { Int($0) }
        guard parts.count == Self.stages, parts.allSatisfy({ $0.map(Self.widths.contains) ?? false }) else {
            throw NaswiftError.malformedArchitecture(text, space: name, reason: "not \(Self.stages) widths from \(Self.widths)",
                                                     example: "8-16-32-64")
        }
        return parts.compactMap { $0 }
    }

    func format(_ arch: [Int]) -> String { arch.map(String.init).joined(separator: "-") }
    func key(_ arch: [Int]) -> String { format(arch) }

    func sample<G: RandomNumberGenerator>(using rng: inout G) -> [Int] {
        (0..<Self.stages).map { _ in Self.widths.randomElement(using: &rng)! }
    }

    func mutate<G: RandomNumberGenerator>(_ arch: [Int], using rng: inout G) -> [Int] {
        var a = arch
        let stage = Int.random(in: 0..<Self.stages, using: &rng)
        a[stage] = Self.widths.filter { $0 != arch[stage] }.randomElement(using: &rng)!
        return a
    }

    func neighbours(of arch: [Int]) -> [[Int]] {
        (0..<Self.stages).flatMap { s in
            Self.widths.filter { $0 != arch[s] }.map { w in var a = arch; a[s] = w; return a }
        }
    }

    func graph(_ arch: [Int]) -> LabelledDAG {
        LabelledDAG(nodeCount: Self.stages, edges: (1..<Self.stages).map { ($0 - 1, $0) },
                    labels: arch.map { "conv\($0)" })
    }

    func json(_ arch: [Int]) -> String { "{\"widths\":[\(arch.map(String.init).joined(separator: ","))]}" }

    /// Every architecture, for a domain the strategies can exhaust.
    var all: [[Int]] {
        var out: [[Int]] = [[]]
        for _ in 0..<Self.stages { out = out.flatMap { p in Self.widths.map { p + [$0] } } }
        return out
    }
}
