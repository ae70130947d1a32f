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

    /// The most seeds one run takes: every seed keeps its query log in memory (and its own
    /// search), so a count far beyond what anyone measures is refused before anything is allocated.
    public static let maxSeeds = 100_000

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
        guard seeds <= RunSpec.maxSeeds else {
            throw NaswiftError.invalidArgument("\(seeds) seeds is more than the \(RunSpec.maxSeeds) one run can hold",
                                               hint: "run at most \(RunSpec.maxSeeds) seeds at a time; split larger studies "
                                               + "with --first-seed (e.g. --seeds 1000 --first-seed 1000)")
        }
        guard UInt64(seeds - 1) <= UInt64.max - firstSeed else {
            throw NaswiftError.invalidArgument("seeds \(firstSeed) ... \(firstSeed) + \(seeds - 1) do not fit in 64 bits",
                                               hint: "--first-seed may be at most \(UInt64.max - UInt64(seeds - 1)) with --seeds \(seeds)")
        }
        guard batchSize >= 1 else {
            throw NaswiftError.invalidArgument("batch size must be at least 1 (got \(batchSize))", hint: "e.g. --batch-size 5")
        }
        self.strategy = strategy; self.options = options; self.budget = budget; self.timeBudget = timeBudget
        self.seeds = seeds; self.firstSeed = firstSeed; self.batchSize = batchSize
    }
}
