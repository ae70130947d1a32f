import Foundation
import NASCore
import NASRepresentations
import NASSpaces
import NASStrategies
import Testing
@testable import NASLatentSearch

/// Drives `strategy` for `evaluations` evaluations in batches of `batch`; returns every proposal.
func drive<T: Strategy>(_ strategy: inout T, evaluations: Int, batch: Int,
                        oracle: (T.Space.Architecture) -> Double?) throws -> [T.Space.Architecture] {
    var all: [T.Space.Architecture] = []
    try AskTellLoop.drive(&strategy, limit: evaluations, batch: batch) { a in all.append(a); return oracle(a) }
    return all
}

@Suite struct LatentTableTests {
    @Test func nearestMatchesASortedScan() throws {
        var rng = SeededGenerator(seed: 4)
        let n = 500, d = 16
        let vectors = (0..<(n * d)).map { _ in Float.random(in: -1...1, using: &rng) }
        let table = try LatentTable<NB201Space>(architectures: Array(NB201Latent.shared.cells.prefix(n)), vectors: vectors, dimension: d)
        for _ in 0..<50 {
            let p = (0..<d).map { _ in Float.random(in: -1.5...1.5, using: &rng) }
            let excluded = (0..<n).map { _ in Double.random(in: 0..<1, using: &rng) < 0.6 }
            let dist = (0..<n).map { i in (0..<d).reduce(Float(0)) { $0 + (vectors[i * d + $1] - p[$1]) * (vectors[i * d + $1] - p[$1]) } }
            let ranked = (0..<n).sorted { dist[$0] != dist[$1] ? dist[$0] < dist[$1] : $0 < $1 }
            #expect(table.nearest(to: p, excluding: excluded) == ranked.first { !excluded[$0] })
            // The NB201 quirk: the scan starts at rank 1.
            #expect(table.nearest(to: p, excluding: excluded, skipNearest: true) == ranked.dropFirst().first { !excluded[$0] })
        }
        // Only the nearest row left: returned after all; nothing left: nil.
        let p = Array(vectors[0..<d])
        var onlyFirst = [Bool](repeating: true, count: n); onlyFirst[0] = false
        #expect(table.nearest(to: p, excluding: onlyFirst, skipNearest: true) == 0)
        #expect(table.nearest(to: p, excluding: [Bool](repeating: true, count: n)) == nil)
    }

    @Test func badTablesAreRejected() throws {
        let cells = Array(NB201Latent.shared.cells.prefix(3))
        #expect(throws: NaswiftError.self) { try LatentTable<NB201Space>(architectures: cells, vectors: [1, 2], dimension: 1) }
        #expect(throws: NaswiftError.self) { try LatentTable<NB201Space>(architectures: cells, vectors: [1, .nan, 2], dimension: 1) }
        #expect(throws: NaswiftError.self) { try LatentTable<NB201Space>(architectures: [cells[0], cells[0]], vectors: [1, 2], dimension: 1) }
        let t = try LatentTable<NB201Space>(architectures: cells, vectors: [1, 2, 3], dimension: 1)
        let domain = SearchDomain(space: NB201Space(), members: [cells[2], cells[0]])
        #expect(try t.restricted(to: domain).vectors == [3, 1])
        let wider = SearchDomain(space: NB201Space(), members: Array(NB201Latent.shared.cells.prefix(4)))
        #expect(throws: NaswiftError.self) { try t.restricted(to: wider) }
    }
}

@Suite struct LatentStrategyTests {
    let w = NB201Latent.shared
    static let nb201 = LatentSearchSettings.arch2vecDefaults(space: "nb201")

    @Test(arguments: ["rl", "bo"]) func deterministicHonestAndNeverRepeating(kind: String) throws {
        let table = try w.table(first: 3000)
        func make(_ seed: UInt64) -> AnyStrategy<NB201Space> {
            kind == "rl" ? AnyStrategy(LatentREINFORCE(table: table, seed: seed, settings: Self.nb201))
                         : AnyStrategy(LatentDNGO.make(space: NB201Space(), table: table, seed: seed, settings: Self.nb201))
        }
        var a = make(7), b = make(7), c = make(8)
        let pa = try drive(&a, evaluations: 60, batch: 3, oracle: w.value)
        let pb = try drive(&b, evaluations: 60, batch: 3, oracle: w.value)
        let pc = try drive(&c, evaluations: 60, batch: 3, oracle: w.value)
        #expect(pa == pb)
        #expect(pa != pc)
        #expect(pa.count == 60 && Set(pa).count == 60)
        #expect(pa.allSatisfy { table.row(of: $0) != nil })
        // Asking twice before telling gives disjoint proposals; failures are survivable.
        var d = make(9)
        let first = try d.ask(4), second = try d.ask(4)
        #expect(!first.isEmpty && !second.isEmpty && Set(first).isDisjoint(with: second))
        try d.tell((first + second).map { Observation($0, value: nil) })
        let more = try drive(&d, evaluations: 40, batch: 2, oracle: { _ in nil })
        #expect(more.count == 40 && Set(more + first + second).count == 40 + first.count + second.count)
    }

    @Test(arguments: ["rl", "bo"]) func exhaustsASmallTable(kind: String) throws {
        let table = try w.table(first: 37)
        var s: AnyStrategy<NB201Space> = kind == "rl" ? AnyStrategy(LatentREINFORCE(table: table, seed: 1, settings: Self.nb201))
                                                       : AnyStrategy(LatentDNGO.make(space: NB201Space(), table: table, seed: 1, settings: Self.nb201))
        let all = try drive(&s, evaluations: 100, batch: 2, oracle: w.value)
        #expect(all.count == 37 && Set(all) == Set(table.architectures))
        #expect(try s.ask(3).isEmpty)
    }

    @Test func reinforceUpdatesEveryEpisodeTowardsRewardedActions() throws {
        let table = try w.table()
        // Rewards above the baseline: the update must raise the log-probability of the episode's
        // actions; rewards below it must lower it (the sign of the REINFORCE gradient).
        for (reward, shouldRise) in [(0.9, true), (0.1, false)] {
            var s = LatentREINFORCE(table: table, seed: 3, settings: Self.nb201)
            _ = try drive(&s, evaluations: 1, batch: 1, oracle: { _ in reward * 100 })  // the random start
            let steps = try s.ask(16)
            #expect(steps.count == 16)
            let episode = s.debugEpisode
            let before = s.debugLogProbability(episode)
            try s.tell(steps.map { Observation($0, value: reward * 100) })
            #expect(s.updates == 1)
            let after = s.debugLogProbability(episode)
            #expect(shouldRise ? after > before : after < before)
        }
    }

    @Test func boPicksBeatItsRandomStart() throws {
        // Real cells and their one-hot embedding; the value is a smooth function of the embedding
        // (90% minus 10 points per edge that differs from NB201's best validation cell), so the
        // surrogate can learn it: the cells DNGO+EI picks after the 16 random ones must be better
        // on average than the random ones (3 seeds, 12 BO picks each).
        let table = try w.table()
        let best = w.cells.max { w.accuracy[$0]! < w.accuracy[$1]! }!
        let target = w.oneHot(best)
        func value(_ c: NB201Cell) -> Double? {
            let differing = zip(w.oneHot(c), target).filter { $0 != $1 }.count / 2
            return 90 - 10 * Double(differing)
        }
        var randomPicks: [Double] = [], boPicks: [Double] = []
        for seed in 0..<3 as Range<UInt64> {
            var s = LatentDNGO.make(space: NB201Space(), table: table, seed: seed, settings: Self.nb201)
            let all = try drive(&s, evaluations: 28, batch: 1, oracle: value)
            randomPicks += all.prefix(16).compactMap(value)
            boPicks += all.dropFirst(16).compactMap(value)
            #expect(s.surrogate.fits == 12)
        }
        let mr = randomPicks.reduce(0, +) / Double(randomPicks.count), mb = boPicks.reduce(0, +) / Double(boPicks.count)
        #expect(mb > mr + 10)
    }

    @Test func topKProposesKPerFit() throws {
        var settings = LatentSearchSettings.arch2vecDefaults(space: "nb101")
        settings.valueScale = 100
        let table = try w.table(first: 2000)
        var s = LatentDNGO.make(space: NB201Space(), table: table, seed: 2, settings: settings)
        _ = try drive(&s, evaluations: 16 + 15, batch: 1, oracle: w.value)
        #expect(s.surrogate.fits == 3)  // 15 picks, 5 per fit
    }

    @Test func optionsAreTypedAndChecked() throws {
        let s = try Self.nb201.applying(StrategyOptions(["k": "3", "spread": "std"]), rl: false)
        #expect(s.topK == 3 && s.spread == .standardDeviation && s.valueScale == 100)
        #expect(throws: NaswiftError.self) { try Self.nb201.applying(StrategyOptions(["k": "0"]), rl: false) }
        #expect(throws: NaswiftError.self) { try Self.nb201.applying(StrategyOptions(["spread": "wide"]), rl: false) }
        #expect(throws: NaswiftError.self) { try Self.nb201.applying(StrategyOptions(["baseline": "0.5"]), rl: false) }
        #expect(try Self.nb201.applying(StrategyOptions(["skipnearest": "0"]), rl: true).skipNearest == false)
    }
}
