import Foundation
import NASCore

/// Builds one kind of strategy for any search space: the plug-in point of `StrategyRegistry`.
///
/// A factory whose strategy only works on some spaces (e.g. a tree-Wasserstein GP on NB201 and
/// NB101) checks `S.self` or `domain.space.name` and throws `NaswiftError.invalidArgument` naming
/// the spaces it supports.
public protocol StrategyFactory: Sendable {
    /// Registry name, e.g. "random", "re", "ls".
    var name: String { get }
    /// One line for `--help` and error messages.
    var summary: String { get }
    /// The options the strategy accepts (`key=value`), declared once: parsing, errors, help and
    /// `naswift strategies --json` all read them.
    var options: [StrategyOption] { get }
    /// True when the strategy promises never to propose an architecture it proposed or was told
    /// about before (checked by the conformance suite).
    var neverRepeats: Bool { get }
    /// The search spaces the strategy works on (`nil`: every space). `make` throws for others.
    var supportedSpaces: [String]? { get }
    func make<S: SearchSpace>(domain: SearchDomain<S>, seed: UInt64, options: StrategyOptions) throws -> AnyStrategy<S>
    /// Checks a run's settings before it starts (the runner and study creation call it): throws
    /// `NaswiftError.invalidArgument` saying what is wrong, e.g. a query budget below the
    /// strategy's initial random design. `budget` is nil when only a time budget limits the run.
    func validate(budget: Int?, options: StrategyOptions) throws
    /// The same check knowing the batch size (architectures asked before any of their results is
    /// told): a model-based strategy whose first batches spend the budget on its random design
    /// refuses. Default: `validate(budget:options:)`.
    func validate(budget: Int?, batchSize: Int, options: StrategyOptions) throws
    /// The registered strategy this one runs on `space` in `context`, for a strategy that stands
    /// for another (`auto`); nil for one that runs itself (the default). Reports show it.
    func delegate(space: String, context: SearchContext?) -> String?
    /// The whole table behind `delegate`, for `naswift strategies --json` (scripts read `auto`'s
    /// picks there instead of restating them); nil for a strategy that runs itself (the default).
    var delegations: StrategyDelegations? { get }
}

/// Which registered strategy a standing-in strategy (`auto`) runs: per benchmark task where one is
/// named, else per space. Spaces in neither table get the factory's own fallback.
public struct StrategyDelegations: Sendable, Equatable {
    public let perTask: [SearchContext: String]
    public let perSpace: [String: String]

    public init(perTask: [SearchContext: String], perSpace: [String: String]) {
        self.perTask = perTask
        self.perSpace = perSpace
    }

    /// `{"per_task": [{benchmark, task, strategy}] sorted by benchmark and task, "per_space": {space: strategy}}`.
    public var jsonObject: [String: Any] {
        let tasks = perTask.sorted { ($0.key.benchmark, $0.key.task) < ($1.key.benchmark, $1.key.task) }
        return ["per_task": tasks.map { ["benchmark": $0.key.benchmark, "task": $0.key.task, "strategy": $0.value] },
                "per_space": perSpace]
    }
}

extension StrategyFactory {
    public func delegate(space: String, context: SearchContext?) -> String? { nil }
    public var delegations: StrategyDelegations? { nil }
    /// Default: nothing to check beyond what `make` checks.
    public func validate(budget: Int?, options: StrategyOptions) throws {}
    public func validate(budget: Int?, batchSize: Int, options: StrategyOptions) throws {
        try validate(budget: budget, options: options)
    }
    public var options: [StrategyOption] { [] }
    /// One help line per option (`StrategyOption.helpLine`).
    public var optionHelp: [String] { options.map(\.helpLine) }
    /// True when the strategy declares an option named `key` (e.g. `model`).
    public func declares(_ key: String) -> Bool { options.contains { $0.key == key } }
    public var neverRepeats: Bool { false }
    public var supportedSpaces: [String]? { nil }
}

/// The table of strategies known by name. Built-ins (`random`, `re`, `ls`) are registered from the
/// start; later modules add theirs with `register(_:)` (e.g. at program start), so the runner, the
/// CLI and studies reach every strategy through one lookup.
public enum StrategyRegistry {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var table: [String: any StrategyFactory] = builtins()

    private static func builtins() -> [String: any StrategyFactory] {
        let list: [any StrategyFactory] = [RandomSearchFactory(), RegularizedEvolutionFactory(), LocalSearchFactory(), BananasFactory(), TPEFactory(), TPEFactory.nas, AutoStrategyFactory()]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
    }

    /// Adds (or replaces) a factory under its name.
    public static func register(_ factory: any StrategyFactory) {
        lock.lock(); defer { lock.unlock() }
        table[factory.name] = factory
    }

    /// Registered names, sorted.
    public static var names: [String] {
        lock.lock(); defer { lock.unlock() }
        return table.keys.sorted()
    }

    /// The factory registered under `name`; throws `unknownName` listing the valid names.
    public static func factory(_ name: String) throws -> any StrategyFactory {
        lock.lock(); defer { lock.unlock() }
        guard let f = table[name] else { throw NaswiftError.unknownName("strategy", name, valid: Array(table.keys)) }
        return f
    }

    /// Registered names of the strategies that work on the space named `space`, sorted.
    public static func names(supporting space: String) -> [String] {
        lock.lock(); defer { lock.unlock() }
        return table.filter { $0.value.supportedSpaces?.contains(space) ?? true }.keys.sorted()
    }

    /// A fresh strategy `name` over `domain`, seeded with `seed`.
    public static func make<S: SearchSpace>(_ name: String, domain: SearchDomain<S>, seed: UInt64,
                                            options: StrategyOptions = StrategyOptions()) throws -> AnyStrategy<S> {
        try factory(name).make(domain: domain, seed: seed, options: options)
    }
}
