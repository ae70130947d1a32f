import NASCore
import NASLinalg
import NASStrategyTestSupport
import Testing
@testable import NASStrategies

@Suite struct StrategyRegistryTests {
    let domain = SearchDomain(space: BitSpace(bits: 8))

    @Test func builtinsAreRegistered() {
        #expect(Set(["random", "re", "ls"]).isSubset(of: StrategyRegistry.names))
    }

    @Test func unknownStrategyListsValidNames() {
        do {
            _ = try StrategyRegistry.make("evolution", domain: domain, seed: 0)
            Issue.record("expected an error")
        } catch let e as NaswiftError {
            #expect(e.kind == .unknownName)
            #expect(e.message.contains("evolution"))
            #expect(e.hint?.contains("ls, random, re") == true)
        } catch { Issue.record("wrong error \(error)") }
    }

    @Test func optionsAreTypedAndChecked() throws {
        let re = try StrategyRegistry.make("re", domain: domain, seed: 0,
                                           options: StrategyOptions(parsing: ["population=30", "tournament=5"]))
        let inner = try #require(re.unwrap(as: RegularizedEvolution<BitSpace>.self))
        #expect(inner.populationSize == 30 && inner.tournamentSize == 5 && inner.initialCount == 20)

        #expect(throws: NaswiftError.self) { try StrategyRegistry.make("re", domain: domain, seed: 0, options: StrategyOptions(["popsize": "3"])) }
        #expect(throws: NaswiftError.self) { try StrategyRegistry.make("re", domain: domain, seed: 0, options: StrategyOptions(["population": "0"])) }
        #expect(throws: NaswiftError.self) { try StrategyRegistry.make("re", domain: domain, seed: 0, options: StrategyOptions(["population": "many"])) }
        #expect(throws: NaswiftError.self) { try StrategyRegistry.make("random", domain: domain, seed: 0, options: StrategyOptions(["x": "1"])) }
        #expect(throws: NaswiftError.self) { try StrategyOptions(parsing: ["population"]) }
        #expect(throws: NaswiftError.self) { try StrategyOptions(parsing: ["a=1", "a=2"]) }
    }

    @Test func pluginsRegisterByName() throws {
        struct Plugin: StrategyFactory {
            let name = "test-plugin-random"
            let summary = "random search registered as a plug-in"
            let neverRepeats = true
            func make<S: SearchSpace>(domain: SearchDomain<S>, seed: UInt64, options: StrategyOptions) throws -> AnyStrategy<S> {
                AnyStrategy(RandomSearch(domain: domain, seed: seed))
            }
        }
        StrategyRegistry.register(Plugin())
        #expect(StrategyRegistry.names.contains("test-plugin-random"))
        var s = try StrategyRegistry.make("test-plugin-random", domain: domain, seed: 1)
        #expect(try s.ask(3).count == 3)
    }

    /// Registry strategies ask and tell with OpenBLAS on one thread whatever the process's count
    /// (`AnyStrategy`): their proposals must not depend on it nor race other threads' BLAS calls.
    @Test func asksAndTellsRunWithOneBLASThread() throws {
        final class Seen { var counts: [Int] = [] }
        struct Probe: Strategy {
            typealias Space = BitSpace
            var base: RandomSearch<BitSpace>
            let seen: Seen
            var name: String { "probe" }
            mutating func ask(_ count: Int) throws -> [BitSpace.Architecture] {
                seen.counts.append(BLAS.threadCount)
                return try base.ask(count)
            }
            mutating func tell(_ observations: [Observation<BitSpace.Architecture>]) throws {
                seen.counts.append(BLAS.threadCount)
                try base.tell(observations)
            }
        }
        let seen = Seen()
        var s = AnyStrategy(Probe(base: RandomSearch(domain: domain, seed: 3), seen: seen))
        try BLAS.withThreadCount(2) {
            let asked = try s.ask(2)
            try s.tell(asked.map { Observation($0, value: 1) })
        }
        #expect(seen.counts == [1, 1], "\(seen.counts)")
    }
}
