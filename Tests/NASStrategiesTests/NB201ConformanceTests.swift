import Foundation
import NASCore
import NASSpaces
import NASTestSupport
import Testing
import NASStrategyTestSupport
@testable import NASStrategies

/// Real NAS-Bench-201 values (cifar10-valid validation accuracy, 200 epochs) keyed by cell, read
/// straight from ../shared/data (strategies never read a benchmark; the test plays the runner).
struct NB201World: Sendable {
    static let shared = NB201World()
    let space = NB201Space()
    let cells: [NB201Cell]
    let values: [NB201Cell: Double]

    init() {
        let text = (try? String(contentsOf: SharedData.url("nb201/nb201_200ep.csv"), encoding: .utf8)) ?? ""
        var lines = text.split(whereSeparator: \.isNewline)  // the file has CRLF line ends
        let header = lines.isEmpty ? [] : lines.removeFirst().split(separator: ",").map(String.init)
        let ai = header.firstIndex(of: "arch") ?? 1, vi = header.firstIndex(of: "cifar10_valid_val_acc") ?? 2
        var cells: [NB201Cell] = [], values: [NB201Cell: Double] = [:]
        for line in lines {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard let c = try? NB201Space().parse(String(f[ai])), let v = Double(f[vi]) else { continue }
            cells.append(c); values[c] = v
        }
        self.cells = cells
        self.values = values
    }

    /// The whole table, or its first `n` rows as a restricted domain.
    func domain(first n: Int? = nil) -> SearchDomain<NB201Space> {
        SearchDomain(space: space, members: n.map { Array(cells.prefix($0)) } ?? cells)
    }
    func value(_ c: NB201Cell) -> Double? { values[c] }
}

/// The conformance checks again on the real NB201 space and values, for this module's strategies
/// (random, re, ls, bananas; the plug-ins run them from their own test targets).
@Suite struct NB201ConformanceTests {
    static let names: [String] = StrategyRegistry.names(supporting: "nb201")
    let w = NB201World.shared

    /// Options that keep the suite fast (BANANAS trains 20 epochs instead of 150; the properties
    /// checked do not depend on it).
    static func options(_ name: String) -> StrategyOptions {
        name == "bananas" ? StrategyOptions(["epochs": "20"]) : StrategyOptions()
    }

    @Test(arguments: names, StrategyConformance<NB201Space>.checks)
    func sharedChecks(name: String, check: String) throws {
        try StrategyConformance(strategy: name, domain: w.domain(first: 3000), options: Self.options(name),
                                evaluations: name == "bananas" ? 60 : 120, value: w.value).run(check: check)
    }

    @Test func tableIsComplete() {
        #expect(w.cells.count == 15_625)
        #expect(Set(w.cells).count == 15_625)
    }

    @Test(arguments: names) func deterministicInDomainAndHonest(name: String) throws {
        let domain = w.domain(first: 4000)  // a restricted domain: mutations and neighbours get filtered
        var a = try StrategyRegistry.make(name, domain: domain, seed: 5, options: Self.options(name))
        var b = try StrategyRegistry.make(name, domain: domain, seed: 5, options: Self.options(name))
        let pa = try drive(&a, evaluations: 200, batch: 5, oracle: w.value)
        let pb = try drive(&b, evaluations: 200, batch: 5, oracle: w.value)
        #expect(pa == pb)
        let all = Array(pa.joined())
        #expect(all.count == 200)
        #expect(all.allSatisfy { domain.contains($0) })
        if try StrategyRegistry.factory(name).neverRepeats { #expect(Set(all).count == 200) }
    }

    @Test(arguments: names) func rebuiltFromTellsOnNB201(name: String) throws {
        let domain = w.domain()
        var a = try StrategyRegistry.make(name, domain: domain, seed: 1, options: Self.options(name))
        let history = Array(try drive(&a, evaluations: 100, batch: 1, oracle: w.value).joined())
        var b = try StrategyRegistry.make(name, domain: domain, seed: 2, options: Self.options(name))
        try b.tell(history.map { Observation($0, value: w.value($0)) })
        let next = Array(try drive(&b, evaluations: 50, batch: 1, oracle: w.value).joined())
        #expect(next.count == 50)
        if try StrategyRegistry.factory(name).neverRepeats { #expect(Set(next).isDisjoint(with: history)) }
    }

    @Test func localSearchReachesAValidationLocalOptimum() throws {
        // Each restart of best-improvement LS happens at a true local optimum of the real table.
        var ls = LocalSearch(domain: w.domain(), seed: 9)
        var lastRestarts = 0, checked = 0
        for _ in 0..<600 {
            let a = try ls.ask(1)
            // `current` keeps the optimum until the new start is told.
            if ls.restarts > lastRestarts, let (c, v) = ls.current {
                lastRestarts = ls.restarts
                #expect(w.space.neighbours(of: c).allSatisfy { w.values[$0]! <= v })
                checked += 1
            }
            try ls.tell(a.map { Observation($0, value: w.value($0)) })
        }
        #expect(checked >= 2)
    }
}
