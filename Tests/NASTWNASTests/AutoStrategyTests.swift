import NASCore
import NASSpaces
import NASStrategies
import NASStrategyTestSupport
import Testing
@testable import NASTWNAS

/// `auto` runs the strategy picked for the space, exactly: same seed, same proposals as the picked
/// strategy; it passes the shared conformance checks on the real NATS table and NB201.
@Suite struct AutoStrategyTests {
    init() { TWNASPlugin.register() }

    func proposals<S: SearchSpace>(_ name: String, domain: SearchDomain<S>, seed: UInt64, value: (S.Architecture) -> Double?) throws -> [S.Architecture] {
        var s = try StrategyRegistry.make(name, domain: domain, seed: seed)
        return Array(try StrategyConformance<S>.drive(&s, evaluations: 40, batch: 1, value: value).joined())
    }

    @Test func runsThePickedStrategy() throws {
        #expect(AutoStrategyFactory.pick(space: "natsss") == "tw-gp")
        #expect(AutoStrategyFactory.pick(space: "nbgraph") == "tw-gp")
        #expect(AutoStrategyFactory.pick(space: "nb201") == "bananas")
        #expect(AutoStrategyFactory.pick(space: "nb101") == "tpe-nas")
        #expect(AutoStrategyFactory.pick(space: ConformanceWorld().space.name) == "re")
        let w = try NATSWorld.shared()
        for seed in [3, 4] as [UInt64] {
            #expect(try proposals("auto", domain: w.domain, seed: seed, value: w.value) == proposals("tw-gp", domain: w.domain, seed: seed, value: w.value))
        }
        let table = TWStrategyTests.table, prepared = TWStrategyTests.prepared
        let nb201: (NB201Cell) -> Double? = { table.guide[prepared.rowOf[$0]!] }
        #expect(try proposals("auto", domain: prepared.domain, seed: 5, value: nb201) == proposals("bananas", domain: prepared.domain, seed: 5, value: nb201))
        #expect(throws: NaswiftError.self) { _ = try StrategyRegistry.make("auto", domain: w.domain, seed: 0, options: StrategyOptions(["initial": "5"])) }
    }

    /// Task picks fall back to the space's pick elsewhere; on the NATS table `auto` with the cifar100
    /// context runs tw-gp, exactly. (That every pick is registered with the plug-ins and runs on its
    /// task's space is checked where every plug-in is registered: NASCLITests' StrategiesCommandTests.)
    @Test func taskPicksRunTheirStrategyExactly() throws {
        #expect(AutoStrategyFactory.pick(space: "nbgraph", context: SearchContext(benchmark: "nbgraph", task: "proteins")) == "random")
        #expect(AutoStrategyFactory.pick(space: "nbgraph", context: SearchContext(benchmark: "nbgraph", task: "pubmed")) == "tw-gp")
        let w = try NATSWorld.shared()
        let options = StrategyOptions(context: SearchContext(benchmark: "natsss", task: "cifar100"))
        var auto = try StrategyRegistry.make("auto", domain: w.domain, seed: 9, options: options)
        var tw = try StrategyRegistry.make("tw-gp", domain: w.domain, seed: 9)
        #expect(try StrategyConformance<NATSSizeSpace>.drive(&auto, evaluations: 30, batch: 1, value: w.value)
                == StrategyConformance<NATSSizeSpace>.drive(&tw, evaluations: 30, batch: 1, value: w.value))
    }

    @Test(arguments: StrategyConformance<NATSSizeSpace>.checks)
    func conformsOnNATS(check: String) throws {
        let w = try NATSWorld.shared()
        try StrategyConformance(strategy: "auto", domain: w.domain, options: StrategyOptions(), evaluations: 60, value: w.value).run(check: check)
    }
}
