import NASCore
import NASStrategies

/// Registers the TW-NAS strategies (`tw-gp`, `tw-kdpp`) and the `bananas` baseline with `StrategyRegistry`.
public enum TWNASPlugin {
    public static let factories: [any StrategyFactory] = [TWGPFactory(batch: false), TWGPFactory(batch: true), BananasFactory()]

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
         "candidates=100", "refit=N (\(batch ? 5 : 50))", "acquisition=lcb|ucb|ei (lcb)", "beta=B (1; faithful lcb: 2 ln 100)",
         "selection=sample|map (sample)", "restarts=4", "draws=uniform|log (uniform)", "mutation=resample|single (resample)"]
    }
    var neverRepeats: Bool { true }
    var supportedSpaces: [String]? { ["nb201", "nb101"] }

    /// A query budget below the initial random design would never reach the model.
    func validate(budget: Int?, options: StrategyOptions) throws {
        let settings = try TWGPSettings(options: options, batch: batch, strategy: name)
        try requireBudget(budget, covers: settings.initial, strategy: name)
    }

    func make<S: SearchSpace>(domain: SearchDomain<S>, seed: UInt64, options: StrategyOptions) throws -> AnyStrategy<S> {
        let settings = try TWGPSettings(options: options, batch: batch, strategy: name)
        return AnyStrategy(try TWBayesOpt(domain: domain, seed: seed, settings: settings, batch: batch))
    }
}

struct BananasFactory: StrategyFactory {
    var name: String { "bananas" }
    var summary: String { "BANANAS: path encoding, ensemble of 5 MLPs, independent Thompson sampling (nb201, nb101)" }
    var optionHelp: [String] {
        ["initial=20", "parents=10", "candidates=100", "per-iteration=10", "ensemble=5", "layers=10", "width=20",
         "epochs=150", "batch=32", "lr=0.01"]
    }
    var neverRepeats: Bool { true }
    var supportedSpaces: [String]? { ["nb201", "nb101"] }

    func validate(budget: Int?, options: StrategyOptions) throws {
        try requireBudget(budget, covers: try BananasSettings(options: options).initial, strategy: name)
    }

    func make<S: SearchSpace>(domain: SearchDomain<S>, seed: UInt64, options: StrategyOptions) throws -> AnyStrategy<S> {
        AnyStrategy(try Bananas(domain: domain, seed: seed, settings: try BananasSettings(options: options)))
    }
}

/// Throws when a query budget is below the strategy's initial random design (the run would end
/// before the design is complete, so the model would never be used).
func requireBudget(_ budget: Int?, covers initial: Int, strategy: String) throws {
    guard let budget, budget < initial else { return }
    throw NaswiftError.invalidArgument(
        "budget of \(budget) queries is below the initial design of \(initial) random architectures of strategy '\(strategy)', so its model would never be used",
        hint: "give --budget of at least \(initial) (more to use the model), or a smaller design with --option initial=N (N < \(budget))")
}
