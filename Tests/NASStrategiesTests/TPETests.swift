import Foundation
import NASCore
import NASSpaces
import NASStrategyTestSupport
import NASSurrogates
import NASTestSupport
import Testing
@testable import NASStrategies

/// The `tpe` strategy: the shared conformance checks on every space it supports (NB201 runs in
/// `NB201ConformanceTests` with the defaults), its Parzen estimators against Optuna's own, and its
/// never-repeat path.
@Suite struct TPETests {
    static let modes = ["0", "1"]

    @Test(arguments: modes, StrategyConformance<NB101Space>.checks)
    func conformanceOnNB101(multivariate: String, check: String) throws {
        let w = try NB101World.shared()
        try StrategyConformance(strategy: "tpe", domain: w.domain, options: StrategyOptions(["multivariate": multivariate]),
                                evaluations: 60, value: w.value).run(check: check)
    }

    @Test(arguments: StrategyConformance<NB201Space>.checks)
    func independentConformanceOnNB201(check: String) throws {
        let w = NB201World.shared
        try StrategyConformance(strategy: "tpe", domain: w.domain(first: 3000), options: StrategyOptions(["multivariate": "0"]),
                                value: w.value).run(check: check)
    }

    @Test func unknownSpaceAndOptionsAreClearErrors() throws {
        #expect(throws: NaswiftError.self) { try StrategyRegistry.make("tpe", domain: ConformanceWorld().domain, seed: 1) }
        let d = NB201World.shared.domain()
        #expect(throws: NaswiftError.self) { try StrategyRegistry.make("tpe", domain: d, seed: 1, options: StrategyOptions(["multivariate": "2"])) }
        #expect(throws: NaswiftError.self) { try StrategyRegistry.make("tpe", domain: d, seed: 1, options: StrategyOptions(["gama": "2"])) }
    }

    @Test func rankedCombinationsVisitEveryVectorInDecreasingScore() {
        let scores: [[Double]] = [[3, 1, 0.5], [2, 2, -1], [0.25, 0], [5]]
        var r = RankedCombinations(scores: scores)
        var got: [[Int]] = []
        while let v = r.next() { got.append(v) }
        var all: [[Int]] = []
        for a in 0..<3 { for b in 0..<3 { for c in 0..<2 { all.append([a, b, c, 0]) } } }
        func score(_ v: [Int]) -> Double { v.indices.reduce(0) { $0 + scores[$1][v[$1]] } }
        let expected = all.sorted { score($0) != score($1) ? score($0) > score($1) : $0.lexicographicallyPrecedes($1) }
        #expect(got == expected)
    }

    /// TPE on the real NB201 table at 100 queries: better than random search on average over 20 seeds
    /// (cifar10-valid validation accuracy, the preset's guide), and never a repeated query.
    @Test func beatsRandomOnNB201() throws {
        let w = NB201World.shared
        var tpe = 0.0, random = 0.0
        for seed in 0..<20 as Range<UInt64> {
            for (name, total) in [("tpe", 0), ("random", 1)] {
                var s = try StrategyRegistry.make(name, domain: w.domain(), seed: seed)
                let all = Array(try drive(&s, evaluations: 100, batch: 1, oracle: w.value).joined())
                #expect(Set(all).count == 100)
                let best = all.compactMap(w.value).max() ?? 0
                if total == 0 { tpe += best / 20 } else { random += best / 20 }
            }
        }
        #expect(tpe > random + 0.1, "tpe \(tpe) vs random \(random)")
    }
}

