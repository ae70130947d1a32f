import NASCore

/// The columns a run needs from a tabular benchmark, resolved for one task: row i is the
/// architecture `architectures[i]` (the space's string form) with its guide, report and cost values
/// (NaN = missing). Built from a `TabularBenchmark` by `RunTable(benchmark:task:...)`.
public struct RunTable: Sendable {
    public let benchmark: String
    public let task: String
    public let spaceName: String
    public let dataSHA256: String
    public let architectures: [String]
    public let guideMetric: String
    public let reportMetric: String
    public let costMetric: String?
    public let guideDirection: MetricDirection
    public let reportDirection: MetricDirection
    public let guide: [Double]
    public let report: [Double]
    /// Simulated training seconds per row (nil when the task has no cost metric).
    public let cost: [Double]?
    /// The cells runs on this table are restricted to (`--cells FILE`; nil: every row with a guide
    /// value). `Runner.prepare` parses them; reports name the file and its sha256.
    public var cells: CellList?

    public init(benchmark: String, task: String, spaceName: String, dataSHA256: String, architectures: [String],
                guideMetric: String, guide: [Double], guideDirection: MetricDirection? = nil,
                reportMetric: String, report: [Double], reportDirection: MetricDirection? = nil,
                costMetric: String? = nil, cost: [Double]? = nil) throws {
        let n = architectures.count
        guard guide.count == n, report.count == n, cost.map({ $0.count == n }) ?? true else {
            throw NaswiftError(.dataCorrupt, "benchmark '\(benchmark)': metric columns do not have one value per architecture",
                               hint: "re-import the benchmark with `naswift data import`")
        }
        guard n > 0 else {
            throw NaswiftError(.dataCorrupt, "benchmark '\(benchmark)' has no architectures",
                               hint: "re-import the benchmark with `naswift data import`")
        }
        self.benchmark = benchmark; self.task = task; self.spaceName = spaceName; self.dataSHA256 = dataSHA256
        self.architectures = architectures
        self.guideMetric = guideMetric; self.guide = guide
        self.guideDirection = guideDirection ?? .infer(guideMetric)
        self.reportMetric = reportMetric; self.report = report
        self.reportDirection = reportDirection ?? .infer(reportMetric)
        self.costMetric = costMetric; self.cost = cost
    }
}

extension RunTable {
    /// Where runs on this table search: its benchmark and task.
    public var context: SearchContext { SearchContext(benchmark: benchmark, task: task) }
}
