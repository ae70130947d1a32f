import NASCore
import NASStrategies

/// Registers the TW-NAS strategies (`tw-gp`, `tw-kdpp`) with `StrategyRegistry`.
public enum TWNASPlugin {
    public static let factories: [any StrategyFactory] = [TWGPFactory(batch: false), TWGPFactory(batch: true)]

    public static func register() {
        for f in factories { StrategyRegistry.register(f) }
    }
}

struct TWGPFactory: StrategyFactory {
    let batch: Bool
    var name: String { batch ? "tw-kdpp" : "tw-gp" }
    var summary: String {
        batch ? "TW-NAS batch BO: GP on tree-Wasserstein distances, quality k-DPP batches (nb201, nb101)"
              : "TW-NAS sequential BO: GP on tree-Wasserstein distances with LCB/UCB/EI (nb201, nb101)"
    }
    var optionHelp: [String] {
        ["twogram=0|1 (0)", "mode=fixed|faithful (fixed)", "initial=N (\(batch ? 50 : 20))", "parents=10", "mutations=30",
         "candidates=100", "refit=N (\(batch ? 5 : 50))", "acquisition=lcb|ucb|ei (lcb)", "beta=B (2; faithful lcb: 2 ln 100)",
         "selection=sample|map (sample)", "restarts=4"]
    }
    var neverRepeats: Bool { true }
    var supportedSpaces: [String]? { ["nb201", "nb101"] }

    func make<S: SearchSpace>(domain: SearchDomain<S>, seed: UInt64, options: StrategyOptions) throws -> AnyStrategy<S> {
        let settings = try TWGPSettings(options: options, batch: batch, strategy: name)
        return AnyStrategy(try TWBayesOpt(domain: domain, seed: seed, settings: settings, batch: batch))
    }
}
