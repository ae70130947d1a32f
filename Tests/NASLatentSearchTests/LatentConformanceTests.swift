import NASCore
import NASSpaces
import NASStrategies
import NASStrategyTestSupport
import Testing
@testable import NASLatentSearch

/// The shared conformance checks for arch2vec-rl and arch2vec-bo on NB201 (real cells and a small
/// real model), on 1,000 real NB101 cells with their real accuracies, and on NAS-Bench-Graph.
@Suite struct LatentConformanceTests {
    static let names = ["arch2vec-rl", "arch2vec-bo"]
    init() { Arch2VecPlugin.register() }

    @Test(arguments: names, StrategyConformance<NB201Space>.checks)
    func onNB201(name: String, check: String) throws {
        let w = NB201Latent.shared
        let domain = SearchDomain(space: w.space, members: Array(w.cells.prefix(3000)))
        try StrategyConformance(strategy: name, domain: domain, options: Arch2VecFixture.options(name),
                                evaluations: 80, value: w.value).run(check: check)
    }

    @Test(arguments: names, StrategyConformance<NB101Space>.checks)
    func onNB101(name: String, check: String) throws {
        let w = try NB101World.shared()
        let model = Arch2VecFixture.nb101ModelPath(cells: w.cells)
        try StrategyConformance(strategy: name, domain: w.domain, options: Arch2VecFixture.options(name, model: model),
                                evaluations: 80, value: w.value).run(check: check)
    }

    /// NAS-Bench-Graph's values come from PyPI, not ../shared/data; the checks are about proposals,
    /// so the value is the fixed rugged function of the cell the other strategies' nbgraph checks
    /// use (the package hash mixed by SplitMix, plus the number of gcn operations).
    @Test(arguments: names, StrategyConformance<NBGraphSpace>.checks)
    func onNBGraph(name: String, check: String) throws {
        let domain = SearchDomain(space: NBGraphSpace(), members: NBGraphSpace.all)
        try StrategyConformance(strategy: name, domain: domain, options: Arch2VecFixture.options(name, model: Arch2VecFixture.nbgraphModelPath),
                                evaluations: 60, value: { a in
            var g = SeededGenerator(seed: UInt64(a.hash))
            return g.uniform() + Double(a.ops.filter { $0 == 1 }.count)
        }).run(check: check)
    }
}
