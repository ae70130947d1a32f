import NASCore
import NASRunner
import NASSpaces
import NASStrategies
import NASStrategyTestSupport
import Testing
@testable import NASTWNAS

/// The shared conformance checks for tw-gp and tw-kdpp (both modes) on the real 12-epoch NB201
/// table and on 1,000 real NB101 cells with their real accuracies; on the NATS size space with its
/// real CIFAR-10 accuracies and on all of NAS-Bench-Graph (fixed mode, 1-gram: the representations
/// of ours for those spaces).
@Suite struct TWConformanceTests {
    static let variants: [[String: String]] = [[:], ["mode": "faithful"]]
    init() { TWNASPlugin.register() }

    @Test(arguments: ["tw-gp", "tw-kdpp"], StrategyConformance<NB201Space>.checks)
    func onNB201(name: String, check: String) throws {
        let table = TWStrategyTests.table, prepared = TWStrategyTests.prepared
        let domain = SearchDomain(space: NB201Space(), members: Array(prepared.domain.members!.prefix(3000)))
        for options in Self.variants {
            try StrategyConformance(strategy: name, domain: domain, options: StrategyOptions(options.merging(["initial": "10"]) { $1 }),
                                    evaluations: 80, value: { table.guide[prepared.rowOf[$0]!] }).run(check: check)
        }
    }

    @Test(arguments: ["tw-gp", "tw-kdpp"], StrategyConformance<NB101Space>.checks)
    func onNB101(name: String, check: String) throws {
        let w = try NB101World.shared()
        try StrategyConformance(strategy: name, domain: w.domain, options: StrategyOptions(["initial": "10"]),
                                evaluations: 80, value: w.value).run(check: check)
    }

    @Test(arguments: ["tw-gp", "tw-kdpp"], StrategyConformance<NATSSizeSpace>.checks)
    func onNATS(name: String, check: String) throws {
        let w = try NATSWorld.shared()
        try StrategyConformance(strategy: name, domain: w.domain, options: StrategyOptions(["initial": "10"]),
                                evaluations: 80, value: w.value).run(check: check)
    }

    /// NAS-Bench-Graph's values come from PyPI, not ../shared/data; the checks are about proposals,
    /// so the value is a fixed rugged function of the architecture (its hash mixed by SplitMix).
    @Test(arguments: ["tw-gp", "tw-kdpp"], StrategyConformance<NBGraphSpace>.checks)
    func onNBGraph(name: String, check: String) throws {
        let domain = SearchDomain(space: NBGraphSpace(), members: NBGraphSpace.all)
        try StrategyConformance(strategy: name, domain: domain, options: StrategyOptions(["initial": "10"]),
                                evaluations: 80, value: { a in
                                    var g = SeededGenerator(seed: UInt64(a.hash))
                                    return g.uniform() + Double(a.ops.filter { $0 == 1 }.count)
                                }).run(check: check)
    }
}
