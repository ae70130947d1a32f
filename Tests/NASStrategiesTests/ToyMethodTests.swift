import NASCore
import NASRepresentations
import NASStrategyTestSupport
import NASSurrogates
import Testing
@testable import NASStrategies

// A new method in under 60 lines (DESIGN.md "How to add a method"): an encoding, a surrogate and a
// registration; the model-based strategy does the rest, and the shared checks apply at once.

/// One-hot of the bits of a `BitSpace` architecture.
struct BitsOneHot: VectorEncoding {
    let name = "bits"
    let dimension: Int
    func encode(_ a: UInt32, rng: inout SeededGenerator) -> [Float] { (0..<dimension).map { Float((a >> UInt32($0)) & 1) } }
}

/// Mean of the k nearest observations (L1), their spread as variance.
struct NearestNeighbours: Surrogate {
    let k: Int
    var x: [[Float]] = [], y: [Double] = []
    mutating func append(_ code: [Float], value: Double) throws { x.append(code); y.append(value) }
    func posterior(at candidates: [[Float]], joint: Bool) throws -> Posterior {
        var mean: [Double] = [], variance: [Double] = []
        for c in candidates {
            let distance = x.map { zip($0, c).map { abs($0 - $1) }.reduce(0, +) }
            let near = x.indices.sorted { distance[$0] < distance[$1] }
            let v = near.prefix(k).map { y[$0] }
            let m = v.reduce(0, +) / Double(v.count)
            mean.append(m); variance.append(v.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(v.count))
        }
        return Posterior(mean: mean, variance: variance, incumbent: y.max() ?? 0)
    }
}

struct ToyFactory: StrategyFactory {
    let name = "toy-nn", summary = "k-nearest-neighbour surrogate on bit one-hots, UCB"
    let neverRepeats = true
    var supportedSpaces: [String]? { ["bits12"] }
    func make<S: SearchSpace>(domain: SearchDomain<S>, seed: UInt64, options: StrategyOptions) throws -> AnyStrategy<S> {
        guard let d = domain as? SearchDomain<BitSpace> else { throw NaswiftError.invalidArgument("bits only", hint: "") }
        let plan = ModelPlan(name: name, initial: 10, candidates: .mutations(parents: 5, perParent: 10, max: 40),
                             acquisition: .upperConfidenceBound(beta: 1), stream: 1)
        let s = ModelBasedSearch(domain: d, seed: seed, plan: plan, encoding: BitsOneHot(dimension: 12), surrogate: NearestNeighbours(k: 3))
        return try AnyStrategy(s) as? AnyStrategy<S> ?? { throw NaswiftError.invalidArgument("space", hint: "") }()
    }
}

@Suite struct ToyMethodTests {
    init() { StrategyRegistry.register(ToyFactory()) }

    @Test(arguments: StrategyConformance<BitSpace>.checks) func passesTheSharedChecks(check: String) throws {
        let w = ConformanceWorld()
        try StrategyConformance(strategy: "toy-nn", domain: w.domain, value: w.value).run(check: check)
    }

    @Test func beatsRandomSearch() throws {
        let w = ConformanceWorld()
        func best(_ name: String, _ seed: UInt64) throws -> Double {
            var s = try StrategyRegistry.make(name, domain: w.domain, seed: seed)
            return try StrategyConformance<BitSpace>.drive(&s, evaluations: 60, batch: 1, value: w.value).joined().compactMap(w.value).max()!
        }
        let toy = try (0..<20).map { try best("toy-nn", $0) }.reduce(0, +), random = try (0..<20).map { try best("random", $0) }.reduce(0, +)
        #expect(toy > random + 10, "toy \(toy / 20) vs random \(random / 20)")
    }
}
