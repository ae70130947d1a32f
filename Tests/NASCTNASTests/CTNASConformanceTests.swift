import NASCore
import NASSpaces
import NASStrategies
import NASStrategyTestSupport
import Testing
@testable import NASCTNAS

/// The shared strategy conformance checks for `ctnas` on 3,000 real NB201 cells (cifar10-valid
/// validation accuracy), with a small configuration (20 labels, 20 NAC epochs, 300 controller
/// iterations, baseline every 100) so each run stays short.
@Suite struct CTNASConformanceTests {
    init() { CTNASPlugin.register() }
    static let options = StrategyOptions(["labels": "20", "epochs": "20", "iterations": "300", "every": "100"])

    @Test(arguments: StrategyConformance<NB201Space>.checks)
    func onNB201(check: String) throws {
        let f = try Fixtures.nb201()
        let value = Dictionary(uniqueKeysWithValues: zip(f.cells, f.values))
        let domain = SearchDomain(space: NB201Space(), members: Array(f.cells.prefix(3000)))
        try StrategyConformance(strategy: "ctnas", domain: domain, options: Self.options, evaluations: 60, value: { value[$0] })
            .run(check: check)
    }

    @Test func badBudgetsAndSpacesAreClearErrors() throws {
        let f = try StrategyRegistry.factory("ctnas")
        #expect { try f.validate(budget: 100, options: StrategyOptions()) } throws: { "\($0)".contains("--budget >= 101") }
        #expect { try f.validate(budget: 50, options: try StrategyOptions(parsing: ["labeled=20"])) } throws: { "\($0)".contains("labels") }
        let w = try NB101World.shared()
        #expect { try StrategyRegistry.make("ctnas", domain: w.domain, seed: 0) } throws: { "\($0)".contains("nb201") }
    }
}
