import NASCore
import NASSpaces
import NASStrategies
import NASStrategyTestSupport
import Testing
@testable import NASLatentSearch

/// The shared conformance checks for arch2vec-rl and arch2vec-bo on NB201 (real cells and a small
/// real model) and on 1,000 real NB101 cells with their real accuracies.
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
}
