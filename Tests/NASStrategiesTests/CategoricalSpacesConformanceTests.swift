import Foundation
import NASCore
import NASSpaces
import NASStrategyTestSupport
import NASTestSupport
import Testing
@testable import NASStrategies

/// The shared conformance checks for every space-specific strategy of this module on the NATS size
/// space and NAS-Bench-Graph (tpe in both estimator modes, bananas on one-hot parameters).
@Suite struct CategoricalSpacesConformanceTests {
    static func runs(_ space: String) -> [String] {
        StrategyRegistry.names(supporting: space).filter { (try? StrategyRegistry.factory($0).supportedSpaces) != nil }
            .flatMap { $0 == "tpe" ? ["tpe", "tpe multivariate=0"] : [$0] }
    }

    /// "name key=value" -> name and options (BANANAS trains 20 epochs instead of 150 to stay fast).
    static func parse(_ run: String) -> (String, StrategyOptions, Int) {
        let parts = run.split(separator: " ").map(String.init)
        var o: [String: String] = [:]
        for kv in parts.dropFirst() { let p = kv.split(separator: "="); o[String(p[0])] = String(p[1]) }
        if parts[0] == "bananas" { o["epochs"] = "20" }
        return (parts[0], StrategyOptions(o), parts[0] == "bananas" ? 60 : 120)
    }

    @Test func everyMethodCoversBothSpaces() {
        #expect(Set(Self.runs("natsss")).isSuperset(of: ["tpe", "bananas"]))
        #expect(Set(Self.runs("nbgraph")).isSuperset(of: ["tpe", "bananas"]))
    }

    @Test(arguments: runs("natsss"), StrategyConformance<NATSSizeSpace>.checks)
    func onNATS(run: String, check: String) throws {
        let w = try NATSWorld.shared()
        let (name, options, evaluations) = Self.parse(run)
        try StrategyConformance(strategy: name, domain: w.domain, options: options, evaluations: evaluations, value: w.value).run(check: check)
    }

    /// NAS-Bench-Graph's values come from PyPI, not ../shared/data; the checks are about proposals,
    /// so the value is a fixed rugged function of the cell (its package hash mixed by SplitMix).
    @Test(arguments: runs("nbgraph"), StrategyConformance<NBGraphSpace>.checks)
    func onNBGraph(run: String, check: String) throws {
        let domain = SearchDomain(space: NBGraphSpace(), members: NBGraphSpace.all)
        let (name, options, evaluations) = Self.parse(run)
        try StrategyConformance(strategy: name, domain: domain, options: options, evaluations: evaluations, value: { a in
            var g = SeededGenerator(seed: UInt64(a.hash))
            return g.uniform() + Double(a.ops.filter { $0 == 1 }.count)
        }).run(check: check)
    }

    /// Both beat random search on the real NATS CIFAR-10 table at 100 queries, mean over 10 seeds.
    @Test(arguments: ["tpe", "bananas"]) func beatsRandomOnNATS(name: String) throws {
        let w = try NATSWorld.shared()
        func mean(_ name: String) throws -> Double {
            var total = 0.0
            for seed in 0..<10 as Range<UInt64> {
                var s = try StrategyRegistry.make(name, domain: w.domain, seed: seed)
                let all = Array(try drive(&s, evaluations: 100, batch: 1, oracle: w.value).joined())
                total += (all.compactMap(w.value).max() ?? 0) / 10
            }
            return total
        }
        let m = try mean(name), r = try mean("random")
        #expect(m > r + 0.2, "\(name) \(m) vs random \(r)")
    }
}
