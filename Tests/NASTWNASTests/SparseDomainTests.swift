import NASCore
@testable import NASSpaces
import NASStrategies
import NASTestSupport
import Testing
import NASTWNAS

/// `nb101-20k` (20,001 of 423,624 NB101 cells) as a restricted domain, with its 108-epoch
/// validation accuracies.
struct NB101TwentyK: Sendable {
    static let shared = try! NB101TwentyK()
    let domain: SearchDomain<NB101Space>
    let value: [NB101Cell: Double]

    init() throws {
        let csv = try CSVColumns(contentsOf: SharedData.url("nb101/nb101_20k.csv"))
        let hashes = try csv.column("hash"), acc = try csv.column("val_acc_108ep")
        var cells: [NB101Cell] = [], value: [NB101Cell: Double] = [:]
        for (h, a) in zip(hashes, acc) {
            let c = try NB101Catalog.shared.cell(forHash: h)
            cells.append(c); value[c] = Double(a)
        }
        domain = SearchDomain(space: NB101Space(), members: cells)
        self.value = value
    }
}

@Suite struct SparseDomainTests {
    init() { TWNASPlugin.register() }
    let w = NB101TwentyK.shared

    /// Graph edit distance computed directly on the two graphs, aligned with outputs matched:
    /// differing upper-triangular entries plus differing labels (a missing node is a difference).
    static func editDistance(_ a: LabelledDAG, _ b: LabelledDAG, frame: Int) -> Int {
        func slot(_ g: LabelledDAG, _ i: Int) -> Int { i == g.nodeCount - 1 ? frame - 1 : i }
        var ea = Set<[Int]>(), eb = Set<[Int]>()
        for (i, j) in a.edges { ea.insert([slot(a, i), slot(a, j)]) }
        for (i, j) in b.edges { eb.insert([slot(b, i), slot(b, j)]) }
        var la = [String](repeating: "", count: frame), lb = la
        for (i, l) in a.labels.enumerated() { la[slot(a, i)] = l }
        for (i, l) in b.labels.enumerated() { lb[slot(b, i)] = l }
        return ea.symmetricDifference(eb).count + zip(la, lb).filter { $0 != $1 }.count
    }

    @Test func nearestMembersMatchABruteForceScan() throws {
        let mutator = DomainMutator(domain: w.domain)
        #expect(mutator.isSparse)
        let index = try #require(mutator.index)
        let members = try #require(w.domain.members)
        #expect(index.memberCount == members.count && index.frameNodes == 7)
        let graphs = members.map(w.domain.space.graph)
        for i in stride(from: 0, to: members.count, by: 2000) {
            let d = graphs.indices.map { $0 == i ? Int.max : Self.editDistance(graphs[i], graphs[$0], frame: 7) }
            let near: [Int] = index.nearest(i, k: 30).map { Int($0) }
            #expect(near.count == 30)
            // the 30 listed are at the 30 smallest distances, in non-decreasing order
            let listed = near.map { d[$0] }
            #expect(listed == listed.sorted())
            #expect(listed == d.filter { $0 > 0 }.sorted().prefix(30).map { $0 })
            for j in near.prefix(5) { #expect(index.distance(i, j) == d[j]) }
        }
    }

    @Test func mutationsStayInTheDomain() throws {
        let mutator = DomainMutator(domain: w.domain)
        var rng = SeededGenerator(seed: 2)
        var distinct = Set<NB101Cell>()
        for _ in 0..<2000 {
            let p = w.domain.sample(using: &rng)
            let c = mutator.mutate(p, using: &rng)
            #expect(w.domain.contains(c) && c != p)
            distinct.insert(c)
        }
        #expect(distinct.count > 1000)
        // the whole NB201 table is dense: the space's own mutation is used there
        #expect(!DomainMutator(domain: SearchDomain(space: NB201Space(), members: NB201Space().allCells)).isSparse)
    }

    @Test(arguments: [("tw-gp", [:]), ("tw-kdpp", [:]), ("bananas", ["epochs": "10"])])
    func modelStrategiesSearchTheTable(name: String, options: [String: String]) throws {
        var s = try StrategyRegistry.make(name, domain: w.domain, seed: 1, options: StrategyOptions(options))
        var all: [NB101Cell] = []
        let budget = name == "tw-kdpp" ? 100 : 80, batch = name == "tw-kdpp" ? 5 : 1
        while all.count < budget {
            let asked = try s.ask(batch)
            #expect(!asked.isEmpty)
            try s.tell(asked.map { Observation($0, value: w.value[$0]) })
            all += asked
        }
        #expect(all.allSatisfy(w.domain.contains))
        #expect(Set(all).count == all.count)
        // the model phase finds better cells than the random start did on average
        let initial = name == "tw-kdpp" ? 50 : 20
        let start: [Double] = all.prefix(initial).map { w.value[$0]! }.sorted()
        let later: [Double] = all.dropFirst(initial).map { w.value[$0]! }.sorted()
        print("\(name): median of the random design \(start[start.count / 2]), of the model's proposals \(later[later.count / 2])")
        #expect(later[later.count / 2] > start[start.count / 2])
    }
}
