import Foundation
import NASCore
import NASRunner
import NASSpaces
import NASStrategies
import NASStrategyTestSupport
import NASSurrogates
import Testing
@testable import NASTWNAS

@Suite struct TWStrategyTests {
    init() { TWNASPlugin.register() }

    static let table = try! NB201TwelveEpoch.table(guide: "cifar10_test_acc", report: "cifar10_test_acc")
    static let prepared = try! Runner.prepare(table, space: NB201Space())

    /// Drives a strategy for `n` evaluations in batches of `batch`; returns every proposal.
    func drive(_ s: inout AnyStrategy<NB201Space>, n: Int, batch: Int) throws -> [NB201Cell] {
        var all: [NB201Cell] = []
        let summary = try AskTellLoop.drive(&s, limit: n, batch: batch) { a in
            all.append(a)
            return Self.table.guide[Self.prepared.rowOf[a]!]
        }
        #expect(!summary.exhausted)
        return all
    }

    @Test(arguments: ["tw-gp", "tw-kdpp"], [["mode": "fixed"], ["mode": "faithful", "twogram": "1"]])
    func deterministicDistinctInDomain(name: String, options: [String: String]) throws {
        let domain = Self.prepared.domain
        var a = try StrategyRegistry.make(name, domain: domain, seed: 9, options: StrategyOptions(options.merging(["initial": "10"]) { $1 }))
        var b = try StrategyRegistry.make(name, domain: domain, seed: 9, options: StrategyOptions(options.merging(["initial": "10"]) { $1 }))
        let pa = try drive(&a, n: 60, batch: 5), pb = try drive(&b, n: 60, batch: 5)
        #expect(pa == pb)
        #expect(Set(pa).count == 60)
        #expect(pa.allSatisfy(domain.contains))
        var c = try StrategyRegistry.make(name, domain: domain, seed: 10, options: StrategyOptions(options.merging(["initial": "10"]) { $1 }))
        #expect(try drive(&c, n: 60, batch: 5) != pa)
    }

    /// The degree lengthscales after the first fit: three fitted (default, METHODS §3.3 box), two
    /// with `degree=shared` (one l2 for d_in + d_out), and the reference code's mixes in faithful
    /// mode: 1-gram fits the shared model, then predicts with a third lengthscale l3 drawn in
    /// [1e-3, 0.2] that no fit touched; 2-gram fits two lengthscales in [1e-2, 2], noise 1e-4.
    @Test func degreeLengthscalesFollowTheOption() throws {
        func fitted(_ options: [String: String], seed: UInt64 = 4) throws -> GPHyperparameters {
            var s = try StrategyRegistry.make("tw-gp", domain: Self.prepared.domain, seed: seed,
                                              options: StrategyOptions(options.merging(["initial": "10"]) { $1 }))
            _ = try drive(&s, n: 12, batch: 1)
            let inner = try #require(s.unwrap(as: TWBayesOpt.Search<NB201Space>.self))
            return try #require(inner.surrogate.hyperparameters)
        }
        func inside(_ h: GPHyperparameters, _ ranges: [ClosedRange<Double>], noise: ClosedRange<Double>) -> Bool {
            h.lengthscales.count == ranges.count && zip(h.lengthscales, ranges).allSatisfy { $1.contains($0) }
                && noise.contains(h.noiseVariance)
        }
        let separate = try fitted([:]), shared = try fitted(["degree": "shared"])
        #expect(inside(separate, [1e-3...0.1, 1e-3...0.2, 1e-3...0.2], noise: 1e-3...1e-2), "\(separate)")
        #expect(inside(shared, [1e-3...0.1, 1e-3...0.2], noise: 1e-3...1e-2), "\(shared)")
        let faithful = try (4..<10).map { try fitted(["mode": "faithful"], seed: $0) }
        #expect(faithful.allSatisfy { inside($0, [1e-3...0.1, 1e-3...0.2, 1e-3...0.2], noise: 1e-3...1e-2) })
        // l3 is a uniform draw, not a fitted value: six seeds give six different values spread over the box.
        let l3 = faithful.map { $0.lengthscales[2] }
        #expect(Set(l3).count == 6 && (l3.max()! - l3.min()!) > 0.02, "\(l3)")
        let faithful2 = try fitted(["mode": "faithful", "twogram": "1"])
        #expect(inside(faithful2, [1e-2...2, 1e-2...2], noise: 1e-4...1e-4), "\(faithful2)")
        #expect(throws: NaswiftError.self) {
            _ = try StrategyRegistry.make("tw-gp", domain: Self.prepared.domain, seed: 0, options: StrategyOptions(["degree": "tied"]))
        }
    }

    @Test func failedEvaluationsAreNeverRetriedOrModelled() throws {
        var s = try StrategyRegistry.make("tw-gp", domain: Self.prepared.domain, seed: 3, options: StrategyOptions(["initial": "5"]))
        var failed: Set<NB201Cell> = []
        var seen: [NB201Cell] = []
        for i in 0..<40 {
            let a = try s.ask(1)[0]
            #expect(!seen.contains(a))
            seen.append(a)
            if i % 3 == 0 { failed.insert(a); try s.tell([Observation(a, value: nil)]) }
            else { try s.tell([Observation(a, value: Self.table.guide[Self.prepared.rowOf[a]!])]) }
        }
        let inner = try #require(s.unwrap(as: TWBayesOpt.Search<NB201Space>.self))
        #expect(inner.observed.count == 40 - failed.count)
        #expect(inner.observed.allSatisfy { !failed.contains($0.0) })
    }

    @Test func rejectsOtherSpacesAndBadOptions() throws {
        #expect(throws: NaswiftError.self) { _ = try StrategyRegistry.make("tw-gp", domain: ConformanceWorld().domain, seed: 0) }
        // natsss and nbgraph have 1-gram fixed representations only (no reference to be faithful to)
        let nats = SearchDomain(space: NATSSizeSpace())
        #expect(throws: Never.self) { _ = try StrategyRegistry.make("tw-gp", domain: nats, seed: 0) }
        for bad in [["twogram": "1"], ["mode": "faithful"]] {
            let message = try #require(throws: NaswiftError.self) { _ = try StrategyRegistry.make("tw-gp", domain: nats, seed: 0, options: StrategyOptions(bad)) }
            #expect(message.description.contains("nb201 and nb101 spaces only"), "\(message)")
        }
        let d = Self.prepared.domain
        for bad in [["mode": "exact"], ["acquisition": "pi"], ["initial": "0"], ["beta": "-1"], ["twogram": "2"], ["colour": "red"]] {
            #expect(throws: NaswiftError.self, "\(bad)") { _ = try StrategyRegistry.make("tw-kdpp", domain: d, seed: 0, options: StrategyOptions(bad)) }
        }
    }

    /// NB101 works too: the 1,000 graphs of nb101_1k_graphs.csv as a domain with a synthetic value.
    @Test func runsOnNB101() throws {
        let text = try String(contentsOf: NASTestSupportURL.nb101Graphs, encoding: .utf8)
        let space = NB101Space()
        var cells: [NB101Cell] = []
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",", maxSplits: 3).map(String.init)
            let ops = f[3].trimmingCharacters(in: CharacterSet(charactersIn: "\"\r"))
            cells.append(try space.parse("\(f[2]):\(ops)"))
        }
        let domain = SearchDomain(space: space, members: cells)
        // Value: number of conv3x3 nodes minus edges (a smooth function of the graph).
        func value(_ c: NB101Cell) -> Double {
            let g = space.graph(c)
            return Double(g.labels.filter { $0 == "conv3x3-bn-relu" }.count) - 0.1 * Double(g.edgeCount)
        }
        var s = try StrategyRegistry.make("tw-gp", domain: domain, seed: 1, options: StrategyOptions(["twogram": "1", "initial": "10"]))
        var best = -Double.infinity
        for _ in 0..<40 {
            let a = try s.ask(1)[0]
            #expect(domain.contains(a))
            best = max(best, value(a))
            try s.tell([Observation(a, value: value(a))])
        }
        let optimum = cells.map(value).max()!
        #expect(best >= optimum - 1.0, "best \(best), optimum \(optimum)")
    }
}

import NASTestSupport
enum NASTestSupportURL {
    static let nb101Graphs = SharedData.url("nb101/nb101_1k_graphs.csv")
}
