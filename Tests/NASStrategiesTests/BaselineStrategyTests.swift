import NASCore
import NASStrategyTestSupport
import Testing
@testable import NASStrategies

/// Behaviour specific to each built-in strategy (the shared properties are in the conformance suite).
@Suite struct BaselineStrategyTests {
    let space = BitSpace(bits: 12)
    func oneMax(_ a: UInt32) -> Double? { Double(a.nonzeroBitCount) }

    @Test func localSearchClimbsToTheOptimumThenRestarts() throws {
        let domain = SearchDomain(space: space)
        for seed in 0..<10 as Range<UInt64> {
            var ls = LocalSearch(domain: domain, seed: seed)
            var proposals: [UInt32] = []
            // One-max: best-improvement adds one bit per step; at most 12 steps of <= 12 neighbours,
            // then the optimum's neighbourhood (all worse) triggers the first restart.
            while ls.restarts == 0 && proposals.count < 300 {
                let a = try ls.ask(1)
                proposals += a
                try ls.tell(a.map { Observation($0, value: oneMax($0)) })
            }
            #expect(ls.restarts == 1)
            #expect(proposals.contains(4095))
            #expect(ls.current?.0 == 4095)  // the climb ended at the global optimum
            #expect(proposals.count <= 1 + 12 * 12 + 1)
            #expect(Set(proposals).count == proposals.count)
        }
    }

    @Test func localSearchBatchEvaluatesTheNeighbourhood() throws {
        var ls = LocalSearch(domain: SearchDomain(space: space), seed: 1)
        let start = try ls.ask(5)
        #expect(start.count == 1)  // the random start, alone: its value is needed first
        try ls.tell(start.map { Observation($0, value: oneMax($0)) })
        let batch = try ls.ask(100)
        #expect(Set(batch) == Set(space.neighbours(of: start[0])))
    }

    @Test func evolutionStartsRandomThenMutatesTournamentWinners() throws {
        let domain = SearchDomain(space: space)
        var re = RegularizedEvolution(domain: domain, seed: 7)
        let initial = try re.ask(20)
        #expect(Set(initial).count == 20)
        try re.tell(initial.map { Observation($0, value: oneMax($0)) })
        var told = initial
        for _ in 0..<100 {
            let before = re.population.map(\.0)
            let child = try re.ask(1)
            #expect(child.count == 1)
            // A child is one bit-flip away from some current population member.
            #expect(before.contains { ($0 ^ child[0]).nonzeroBitCount == 1 })
            try re.tell(child.map { Observation($0, value: oneMax($0)) })
            told += child
            #expect(re.population.count == min(told.count, 50))
            #expect(re.population.map(\.0) == Array(told.suffix(50)))  // aging: the oldest dies
        }
        // Selection pressure: the population's mean one-count rose well above the random 6.
        let mean = re.population.map(\.1).reduce(0, +) / Double(re.population.count)
        #expect(mean > 8)
    }

    @Test func evolutionTournamentOfTheWholePopulationPicksTheBest() throws {
        // population <= tournament: the winner is the best member, so every child is its mutant.
        var re = RegularizedEvolution(domain: SearchDomain(space: space), seed: 3, population: 5, tournament: 10, initial: 5)
        let initial = try re.ask(5)
        let values: [UInt32: Double] = Dictionary(uniqueKeysWithValues: initial.enumerated().map { ($1, Double($0)) })
        try re.tell(initial.map { Observation($0, value: values[$0]) })
        let best = initial[4]
        for _ in 0..<20 {
            let c = try re.ask(1)[0]
            #expect((c ^ best).nonzeroBitCount == 1)
        }
    }

    @Test func evolutionFailedTellsNeverJoinThePopulation() throws {
        var re = RegularizedEvolution(domain: SearchDomain(space: space), seed: 3)
        let a = try re.ask(20)
        try re.tell(a.enumerated().map { Observation($1, value: $0 % 2 == 0 ? nil : 1) })
        #expect(re.population.count == 10)
        #expect(re.population.allSatisfy { $0.1 == 1 })
    }

    @Test func randomSearchIsUniformOverTheDomain() throws {
        // 40,000 first proposals over 40 seeds-per-member of a 1,000-member domain: chi-square.
        let members = Array(0..<UInt32(1000)).map { $0 * 4 + 1 }
        let domain = SearchDomain(space: space, members: members)
        var counts = [UInt32: Int]()
        for seed in 0..<40_000 as Range<UInt64> {
            var r = RandomSearch(domain: domain, seed: seed)
            counts[try r.ask(1)[0], default: 0] += 1
        }
        #expect(counts.keys.allSatisfy { domain.contains($0) })
        let chi2 = members.reduce(0.0) { acc, m in let d = Double(counts[m, default: 0]) - 40; return acc + d * d / 40 }
        // 999 degrees of freedom: mean 999, sd 44.7; 1,200 is 4.5 sd out.
        #expect(chi2 < 1200)
        #expect(chi2 > 800)
    }
}
