/// A named search task on a tabular benchmark: which metric guides the search, which metric is
/// reported, and (optionally) which metric is the simulated training cost in seconds.
///
/// Example: NB201 `cifar10` = guide `cifar10_valid_val_acc`, report `cifar10_test_acc`,
/// cost `cifar10_valid_train_seconds`. All accuracies are "larger is better".
public struct BenchmarkTask: Sendable, Codable, Equatable {
    public let name: String
    /// The metric a strategy is told (the search's objective).
    public let guideMetric: String
    /// The metric reported for the architecture with the best guide metric.
    public let reportMetric: String
    /// Simulated training seconds per query, when the benchmark has them.
    public let costMetric: String?

    public init(name: String, guideMetric: String, reportMetric: String, costMetric: String? = nil) {
        self.name = name
        self.guideMetric = guideMetric
        self.reportMetric = reportMetric
        self.costMetric = costMetric
    }
}
