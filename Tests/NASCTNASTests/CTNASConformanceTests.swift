import Foundation
import NASCore
import NASSpaces
import NASStrategies
import NASStrategyTestSupport
import NASTestSupport
import Testing
@testable import NASCTNAS

/// The shared strategy conformance checks for `ctnas` on real cells, with a small configuration
/// (20 labels, 20 NAC epochs, 300 controller iterations, baseline every 100 or 300, pseudo-label
/// rounds every 150) so each run stays short: NB201 (3,000 cells, cifar10-valid validation
/// accuracy) and NB101 (the 1,000 cells of `NB101World`, 108-epoch validation accuracy; the
/// controller's tournament samples are drawn by rejection until they are members).
@Suite struct CTNASConformanceTests {
    init() { CTNASPlugin.register() }
    static let options = StrategyOptions(["labels": "20", "epochs": "20", "iterations": "300", "every": "100", "pseudo": "150"])

    @Test(arguments: StrategyConformance<NB201Space>.checks)
    func onNB201(check: String) throws {
        let f = try Fixtures.nb201()
        let value = Dictionary(uniqueKeysWithValues: zip(f.cells, f.values))
        let domain = SearchDomain(space: NB201Space(), members: Array(f.cells.prefix(3000)))
        try StrategyConformance(strategy: "ctnas", domain: domain, options: Self.options, evaluations: 60, value: { value[$0] })
            .run(check: check)
    }

    @Test(arguments: StrategyConformance<NB101Space>.checks)
    func onNB101(check: String) throws {
        let w = try NB101World.shared()
        let options = StrategyOptions(["labels": "20", "epochs": "20", "iterations": "300", "every": "300", "pseudo": "150"])
        try StrategyConformance(strategy: "ctnas", domain: w.domain, options: options, evaluations: 40, value: { w.value($0) })
            .run(check: check)
    }

    /// NAS-Bench-Graph's values come from PyPI, not ../shared/data; the checks are about proposals,
    /// so the value is a fixed rugged function of the cell (its package hash mixed by SplitMix, plus
    /// the number of gcn operations), the same as the categorical strategies' nbgraph checks.
    @Test(arguments: StrategyConformance<NBGraphSpace>.checks)
    func onNBGraph(check: String) throws {
        let domain = SearchDomain(space: NBGraphSpace(), members: NBGraphSpace.all)
        try StrategyConformance(strategy: "ctnas", domain: domain, options: Self.options, evaluations: 40, value: { a in
            var g = SeededGenerator(seed: UInt64(a.hash))
            return g.uniform() + Double(a.ops.filter { $0 == 1 }.count)
        }).run(check: check)
    }

    /// With a saved comparator (`nac=FILE`) nothing is labelled: the first proposal is the derived
    /// cell, the same as the policy learning gives with that comparator, and a member.
    @Test func savedComparatorSkipsTheLabels() throws {
        let w = try NB101World.shared()
        let enc = try NACEncoding(space: w.space)
        var s = NACSettings.reference
        s.epochs = 20
        var nac = try NACComparator(vocabulary: enc.vocabulary, settings: s, seed: 1)
        for c in w.cells.prefix(200) { try nac.append(enc.code(c), value: w.value(c)!) }
        try nac.fit()
        let url = PythonScript.tempURL("ctnas-strategy.model")
        defer { try? FileManager.default.removeItem(at: url) }
        try nac.save(to: url)
        let options = StrategyOptions(["nac": url.path, "iterations": "200", "every": "100", "pseudo": "0"])
        try StrategyRegistry.factory("ctnas").validate(budget: 1, options: options)
        var strategy = try StrategyRegistry.make("ctnas", domain: w.domain, seed: 3, options: options)
        let first = try strategy.ask(1)
        var policy = PolicySettings.reference
        policy.iterations = 200; policy.baselineEvery = 100; policy.pseudoEvery = 0
        let outcome = try NB101PolicyLearning.run(nac: nac, settings: policy, seed: 3, restrictTo: Set(w.cells))
        #expect(first.count == 1 && Set(outcome.baselines).contains(first[0]) && Set(w.cells).contains(first[0]))
        // a file of another space is refused when the strategy is made
        let nb201 = SearchDomain(space: NB201Space(), members: Array(try Fixtures.nb201().cells.prefix(100)))
        #expect { try StrategyRegistry.make("ctnas", domain: nb201, seed: 0, options: options) }
            throws: { "\($0)".contains("compares nb101 cells, not nb201") }
    }

    @Test func badBudgetsOptionsAndSpacesAreClearErrors() throws {
        let f = try StrategyRegistry.factory("ctnas")
        #expect { try f.validate(budget: 100, options: StrategyOptions()) } throws: { "\($0)".contains("--budget >= 101") }
        #expect { try f.validate(budget: 50, options: try StrategyOptions(parsing: ["labeled=20"])) } throws: { "\($0)".contains("labels") }
        #expect { try f.validate(budget: 50, options: StrategyOptions(["nac": "x.model", "labels": "20"])) }
            throws: { "\($0)".contains("labels has no effect with nac=x.model") }
        #expect { try StrategyRegistry.make("ctnas", domain: SearchDomain(space: BitSpace(bits: 6)), seed: 0) }
            throws: { "\($0)".contains("nb201, nb101 and nbgraph") }
        let w = try NB101World.shared()
        #expect { try StrategyRegistry.make("ctnas", domain: w.domain, seed: 0, options: StrategyOptions(["nac": "/nonexistent/n.model"])) }
            throws: { "\($0)".contains("no NAC file at '/nonexistent/n.model'") }
    }
}
