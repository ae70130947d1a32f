import Foundation
import NASCore
import NASReports
import NASStrategies

/// All seeds of one strategy on one task, with the aggregate figures every report shows.
public struct RunResult: Sendable {
    public let table: RunTable
    public let spec: RunSpec
    public let seeds: [SeedResult]
    public let wallSeconds: Double
    /// Architectures the runs could visit (the prepared domain; nil for a whole, unenumerated
    /// space). With `--cells`, the distinct listed cells.
    public var domainSize: Int? = nil

    public var strategy: String { spec.strategy }
    /// The strategy as the tables and plots of reports name it: `auto (tpe-nas)` for one that runs
    /// another (`StrategyFactory.delegate`), else its name.
    public var label: String {
        guard let factory = try? StrategyRegistry.factory(spec.strategy),
              let runs = factory.delegate(space: table.spaceName, context: table.context) else { return spec.strategy }
        return "\(spec.strategy) (\(runs))"
    }
    public var finalBestGuidedReport: [Double] { seeds.map(\.finalBestGuidedReport) }
    public var finalOracleBestReport: [Double] { seeds.map(\.finalOracleBestReport) }
    public var totalQueries: Int { seeds.reduce(0) { $0 + $1.queryCount } }

    /// The longest seed's query count (all seeds have the budget unless a time budget or an
    /// exhausted domain stopped them earlier).
    public var maxQueries: Int { seeds.map(\.queryCount).max() ?? 0 }

    /// Mean and std over seeds of a curve at each query 1...maxQueries. A seed that stopped
    /// earlier contributes its final value to later queries (its search is over).
    public func curveStats(_ curve: KeyPath<SeedResult, [Double]>) -> (mean: [Double], std: [Double]) {
        let n = maxQueries
        var mean = [Double](repeating: .nan, count: n), std = mean
        var column = [Double](repeating: .nan, count: seeds.count)
        for q in 0..<n {
            for (k, s) in seeds.enumerated() {
                let c = s[keyPath: curve]
                column[k] = c.isEmpty ? .nan : c[min(q, c.count - 1)]
            }
            (mean[q], std[q]) = Statistics.meanStd(column)
        }
        return (mean, std)
    }

    /// The `--json` summary.
    public var summary: RunSummary { RunSummary(self) }
}

/// The JSON summary of a run: exactly the keys of issue 2 plus a few extra ones.
public struct RunSummary: Codable, Sendable, Equatable {
    public struct Stat: Codable, Sendable, Equatable {
        public let mean: Double?
        public let std: Double?
        init(_ values: [Double]) {
            let (m, s) = Statistics.meanStd(values)
            mean = m.isNaN ? nil : m
            std = s.isNaN ? nil : s
        }
    }
    public struct Final: Codable, Sendable, Equatable {
        public let report_of_best_guided: Stat
        public let oracle_best_report: Stat
    }
    public let benchmark: String
    public let task: String
    public let strategy: String
    /// Queries, or simulated seconds when only a time budget was given (see `budget_unit`).
    public let budget: Double
    public let budget_unit: String
    public let time_budget_seconds: Double?
    public let seeds: Int
    public let first_seed: UInt64
    public let batch_size: Int
    public let guide_metric: String
    public let guide_direction: String
    public let report_metric: String
    public let report_direction: String
    public let cost_metric: String?
    public let space: String
    public let strategy_options: [String: String]
    public let final: Final
    public let mean_queries: Double
    public let data_sha256: String
    /// `--cells FILE`: the file, its sha256, the number of entries listed and of distinct cells
    /// among them, the ones searched (nil without it).
    public let cells_file: String?
    public let cells_sha256: String?
    public let cells_listed: Int?
    public let cells_distinct: Int?
    public let wall_seconds: Double
    public let queries_per_second: Double

    init(_ r: RunResult) {
        benchmark = r.table.benchmark; task = r.table.task; strategy = r.spec.strategy
        if let b = r.spec.budget { budget = Double(b); budget_unit = "queries" } else {
            budget = r.spec.timeBudget ?? 0; budget_unit = "seconds"
        }
        time_budget_seconds = r.spec.timeBudget
        seeds = r.spec.seeds; first_seed = r.spec.firstSeed; batch_size = r.spec.batchSize
        guide_metric = r.table.guideMetric; guide_direction = r.table.guideDirection.rawValue
        report_metric = r.table.reportMetric; report_direction = r.table.reportDirection.rawValue
        cost_metric = r.table.costMetric; space = r.table.spaceName
        strategy_options = r.spec.options.values
        final = Final(report_of_best_guided: Stat(r.finalBestGuidedReport), oracle_best_report: Stat(r.finalOracleBestReport))
        mean_queries = r.seeds.isEmpty ? 0 : Double(r.totalQueries) / Double(r.seeds.count)
        data_sha256 = r.table.dataSHA256
        cells_file = r.table.cells?.source; cells_sha256 = r.table.cells?.sha256; cells_listed = r.table.cells?.entries.count
        cells_distinct = r.table.cells == nil ? nil : r.domainSize
        wall_seconds = r.wallSeconds
        queries_per_second = r.wallSeconds > 0 ? Double(r.totalQueries) / r.wallSeconds : 0
    }

    /// Pretty JSON with sorted keys.
    public func json() throws -> Data { try JSONText.encode(self, what: "the run summary (--json)") }
}
