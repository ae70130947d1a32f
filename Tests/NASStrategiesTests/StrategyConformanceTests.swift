import NASCore
import Testing
import NASTWNAS
import NASLatentSearch
@testable import NASStrategies

/// Drives a strategy for `evaluations` evaluations in batches of `batch`, telling `oracle`'s
/// values; returns every proposal in order (one entry per batch).
func drive<S: SearchSpace>(_ strategy: inout AnyStrategy<S>, evaluations: Int, batch: Int,
                           oracle: (S.Architecture) -> Double?) throws -> [[S.Architecture]] {
    var batches: [[S.Architecture]] = []
    var done = 0
    while done < evaluations {
        let asked = try strategy.ask(min(batch, evaluations - done))
        if asked.isEmpty { break }
        batches.append(asked)
        done += asked.count
        try strategy.tell(asked.map { Observation($0, value: oracle($0)) })
    }
    return batches
}

/// The shared conformance suite: every registered strategy must pass it (like Optuna's sampler
/// tests). Runs on a restricted bit-string domain with a rugged value function (`ConformanceWorld`).
@Suite struct StrategyConformanceTests {
    /// Every registered strategy (method plug-ins included) that works on any space.
    static let names: [String] = {
        TWNASPlugin.register()
        Arch2VecPlugin.register()
        return StrategyRegistry.names.filter { name in
            guard let factory = try? StrategyRegistry.factory(name) else { return false }
            return factory.supportedSpaces == nil
        }
    }()

    @Test(arguments: names) func sameSeedSameProposals(name: String) throws {
        let w = ConformanceWorld()
        var a = try StrategyRegistry.make(name, domain: w.domain, seed: 11)
        var b = try StrategyRegistry.make(name, domain: w.domain, seed: 11)
        var c = try StrategyRegistry.make(name, domain: w.domain, seed: 12)
        let pa = try drive(&a, evaluations: 120, batch: 3, oracle: w.value)
        let pb = try drive(&b, evaluations: 120, batch: 3, oracle: w.value)
        let pc = try drive(&c, evaluations: 120, batch: 3, oracle: w.value)
        #expect(pa == pb)
        #expect(pa != pc)
        #expect(pa.joined().count == 120)
    }

    @Test(arguments: names) func proposalsLieInTheDomain(name: String) throws {
        let w = ConformanceWorld()
        for seed in 0..<5 as Range<UInt64> {
            var s = try StrategyRegistry.make(name, domain: w.domain, seed: seed)
            let all = try drive(&s, evaluations: 200, batch: 1, oracle: w.value).joined()
            #expect(all.count == 200)
            #expect(all.allSatisfy { w.domain.contains($0) })
        }
    }

    @Test(arguments: names) func noRepeatsWhenPromised(name: String) throws {
        let w = ConformanceWorld()
        guard try StrategyRegistry.factory(name).neverRepeats else { return }
        var s = try StrategyRegistry.make(name, domain: w.domain, seed: 3)
        let all = Array(try drive(&s, evaluations: 300, batch: 4, oracle: w.value).joined())
        #expect(Set(all).count == all.count)
    }

    @Test(arguments: names) func exhaustsASmallDomainWithoutRepeats(name: String) throws {
        let w = ConformanceWorld(memberCount: 37)
        guard try StrategyRegistry.factory(name).neverRepeats else { return }
        var s = try StrategyRegistry.make(name, domain: w.domain, seed: 5)
        let all = Array(try drive(&s, evaluations: 100, batch: 2, oracle: w.value).joined())
        #expect(all.count == 37)
        #expect(Set(all) == Set(w.domain.members!))
        #expect(try s.ask(5).isEmpty)
    }

    @Test(arguments: names) func failedTellsAreHandled(name: String) throws {
        let w = ConformanceWorld()
        // About a third of the architectures fail (value nil); the search must go on and still
        // find good ones among the rest.
        let oracle: (UInt32) -> Double? = { a in a % 3 == 1 ? nil : w.value(a) }
        var s = try StrategyRegistry.make(name, domain: w.domain, seed: 8)
        let all = Array(try drive(&s, evaluations: 150, batch: 2, oracle: oracle).joined())
        #expect(all.count == 150)
        #expect(all.allSatisfy { w.domain.contains($0) })
        #expect(all.contains { oracle($0) != nil })
        // Everything failing is also survivable.
        var t = try StrategyRegistry.make(name, domain: w.domain, seed: 8)
        let none = Array(try drive(&t, evaluations: 60, batch: 3, oracle: { _ in nil }).joined())
        #expect(none.count == 60)
        #expect(none.allSatisfy { w.domain.contains($0) })
    }

    @Test(arguments: names) func batchAsksReturnBetweenOneAndK(name: String) throws {
        let w = ConformanceWorld()
        var s = try StrategyRegistry.make(name, domain: w.domain, seed: 21)
        for k in [1, 5, 8, 2, 16, 3, 7] {
            let asked = try s.ask(k)
            #expect(asked.count >= 1 && asked.count <= k)
            #expect(asked.allSatisfy { w.domain.contains($0) })
            if try StrategyRegistry.factory(name).neverRepeats { #expect(Set(asked).count == asked.count) }
            try s.tell(asked.map { Observation($0, value: w.value($0)) })
        }
        // Asking again before telling still yields proposals (in-flight architectures exist).
        let first = try s.ask(4)
        let second = try s.ask(4)
        #expect(!first.isEmpty && !second.isEmpty)
        if try StrategyRegistry.factory(name).neverRepeats { #expect(Set(first).isDisjoint(with: second)) }
    }

    @Test(arguments: names) func rebuiltFromTellsBehaves(name: String) throws {
        let w = ConformanceWorld()
        var a = try StrategyRegistry.make(name, domain: w.domain, seed: 4)
        let history = Array(try drive(&a, evaluations: 80, batch: 1, oracle: w.value).joined())
        // A new instance (other process, other seed) told the stored history continues the search.
        var b = try StrategyRegistry.make(name, domain: w.domain, seed: 99)
        try b.tell(history.map { Observation($0, value: w.value($0)) })
        let next = Array(try drive(&b, evaluations: 40, batch: 2, oracle: w.value).joined())
        #expect(next.count == 40)
        #expect(next.allSatisfy { w.domain.contains($0) })
        if try StrategyRegistry.factory(name).neverRepeats { #expect(Set(next).isDisjoint(with: history)) }
        // Rebuilding is deterministic too.
        var c = try StrategyRegistry.make(name, domain: w.domain, seed: 99)
        try c.tell(history.map { Observation($0, value: w.value($0)) })
        #expect(Array(try drive(&c, evaluations: 40, batch: 2, oracle: w.value).joined()) == next)
    }

    @Test(arguments: names) func copiesAreIndependent(name: String) throws {
        let w = ConformanceWorld()
        var a = try StrategyRegistry.make(name, domain: w.domain, seed: 2)
        _ = try drive(&a, evaluations: 30, batch: 1, oracle: w.value)
        var b = a  // value semantics: b continues exactly like a would
        let pa = try drive(&a, evaluations: 30, batch: 2, oracle: w.value)
        let pb = try drive(&b, evaluations: 30, batch: 2, oracle: w.value)
        #expect(pa == pb)
    }
}

/// A restricted domain of 12-bit strings with a rugged, deterministic value landscape.
struct ConformanceWorld {
    let space = BitSpace(bits: 12)
    let domain: SearchDomain<BitSpace>

    init(memberCount: Int? = nil) {
        var members = (0..<UInt32(4096)).filter { ($0 &* 2_654_435_761) % 7 < 5 }  // ~5/7 of the space
        if let memberCount { members = Array(members.prefix(memberCount)) }
        domain = SearchDomain(space: space, members: members)
    }

    /// Number of ones plus a deterministic pseudo-random bump in [0, 3).
    func value(_ a: UInt32) -> Double? {
        var h = UInt64(a) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        return Double(a.nonzeroBitCount) + Double(h % 3000) / 1000
    }
}
