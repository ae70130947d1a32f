import NASBenchmarks
import NASCore

extension RunTable {
    /// The columns of `benchmark` for task `task`, with the task's metrics unless `guide` /
    /// `report` override them. Without a task (`nil`), both metrics must be given (the task is then
    /// called "custom"). Throws `unknownName` listing valid tasks or metrics.
    public init(benchmark: TabularBenchmark, task: String?, guide: String? = nil, report: String? = nil,
                guideDirection: MetricDirection? = nil, reportDirection: MetricDirection? = nil) throws {
        var preset: BenchmarkTask?
        if let task { preset = try benchmark.task(named: task) }
        guard let guideMetric = guide ?? preset?.guideMetric, let reportMetric = report ?? preset?.reportMetric else {
            let tasks = benchmark.tasks.map(\.name)
            throw NaswiftError.invalidArgument(
                "no task given for benchmark '\(benchmark.name)'",
                hint: tasks.isEmpty ? "pass --guide METRIC --report METRIC (metrics: \(benchmark.metrics.joined(separator: ", ")))"
                    : "pass --task (tasks: \(tasks.joined(separator: ", "))) or both --guide and --report")
        }
        for m in [guideMetric, reportMetric] where !benchmark.metrics.contains(m) {
            throw NaswiftError.unknownName("metric of benchmark '\(benchmark.name)'", m, valid: benchmark.metrics)
        }
        let costMetric = preset?.costMetric.flatMap { benchmark.metrics.contains($0) ? $0 : nil }
        try self.init(benchmark: benchmark.name, task: task ?? "custom", spaceName: benchmark.spaceName,
                      dataSHA256: benchmark.sha256, architectures: benchmark.architectures,
                      guideMetric: guideMetric, guide: try benchmark.column(guideMetric), guideDirection: guideDirection,
                      reportMetric: reportMetric, report: try benchmark.column(reportMetric), reportDirection: reportDirection,
                      costMetric: costMetric, cost: try costMetric.map { try benchmark.column($0) })
    }
}
