import NASCore
import NASSpaces
import NASStrategyTestSupport
import Testing
@testable import NASStrategies

/// Drives a strategy for `evaluations` evaluations in batches of `batch`, telling `oracle`'s
/// values; returns every proposal in order (one entry per batch).
func drive<S: SearchSpace>(_ strategy: inout AnyStrategy<S>, evaluations: Int, batch: Int,
                           oracle: (S.Architecture) -> Double?) throws -> [[S.Architecture]] {
    try StrategyConformance<S>.drive(&strategy, evaluations: evaluations, batch: batch, value: oracle)
}

/// The shared conformance checks (`NASStrategyTestSupport`) for the strategies of this module:
/// those that work on any space on a restricted bit-string domain with a rugged value function,
/// and BANANAS (path encodings) on real NB101 cells (NB201: `NB201ConformanceTests`). The method
/// plug-ins run the same checks from their own test targets.
@Suite struct StrategyConformanceTests {
    /// Every strategy of this module that works on any space.
    static let names: [String] = {
        StrategyRegistry.names.filter { name in
            guard let factory = try? StrategyRegistry.factory(name) else { return false }
            return factory.supportedSpaces == nil
        }
    }()

    @Test(arguments: names, StrategyConformance<BitSpace>.checks)
    func anySpaceStrategies(name: String, check: String) throws {
        let w = ConformanceWorld()
        try StrategyConformance(strategy: name, domain: w.domain, value: w.value).run(check: check)
    }

    @Test(arguments: StrategyConformance<NB101Space>.checks)
    func bananasOnNB101(check: String) throws {
        let w = try NB101World.shared()
        try StrategyConformance(strategy: "bananas", domain: w.domain, options: StrategyOptions(["epochs": "20"]),
                                evaluations: 60, value: w.value).run(check: check)
    }
}
