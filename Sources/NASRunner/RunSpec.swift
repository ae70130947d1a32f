import NASCore
import NASStrategies

/// What to run: one strategy, a budget, and a block of seeds. The constructor validates the numbers.
public struct RunSpec: Sendable {
    public let strategy: String
    public let options: StrategyOptions
    /// Budget in queries (nil: only the time budget limits the run).
    public let budget: Int?
    /// Budget in simulated training seconds of the task's cost metric (nil: queries only).
    /// A run keeps querying while the seconds spent are below it (the query that crosses it counts,
    /// as in the arch2vec code).
    public let timeBudget: Double?
    /// Seeds `firstSeed ..< firstSeed + seeds`, one independent search each.
    public let seeds: Int
    public let firstSeed: UInt64
    /// Architectures asked (and then told) at once.
    public let batchSize: Int

    public init(strategy: String, options: StrategyOptions = StrategyOptions(), budget: Int?, timeBudget: Double? = nil,
                seeds: Int, firstSeed: UInt64 = 0, batchSize: Int = 1) throws {
        if let budget, budget < 1 {
            throw NaswiftError.invalidArgument("budget must be at least 1 query (got \(budget))", hint: "e.g. --budget 100")
        }
        if let timeBudget, !(timeBudget > 0) || !timeBudget.isFinite {
            throw NaswiftError.invalidArgument("time budget must be a positive number of seconds (got \(timeBudget))",
                                               hint: "e.g. --time-budget 12000")
        }
        if budget == nil && timeBudget == nil {
            throw NaswiftError.invalidArgument("no budget given", hint: "give --budget QUERIES and/or --time-budget SECONDS")
        }
        guard seeds >= 1 else {
            throw NaswiftError.invalidArgument("seeds must be at least 1 (got \(seeds))", hint: "e.g. --seeds 100")
        }
        guard batchSize >= 1 else {
            throw NaswiftError.invalidArgument("batch size must be at least 1 (got \(batchSize))", hint: "e.g. --batch-size 5")
        }
        self.strategy = strategy; self.options = options; self.budget = budget; self.timeBudget = timeBudget
        self.seeds = seeds; self.firstSeed = firstSeed; self.batchSize = batchSize
    }
}
