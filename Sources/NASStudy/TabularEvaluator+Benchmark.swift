import NASBenchmarks
import NASCore
import NASSpaces

extension TabularEvaluator {
    /// A tabular trainer answering from `benchmark`: the value of `metric` (default: the task's
    /// guide metric) for the architecture's benchmark key, after the task's cost metric (training
    /// seconds, when the task has one) times `timeScale`.
    ///
    /// - Throws: `NaswiftError` when the task or metric is unknown, or the benchmark is of another
    ///   search space than the study.
    public static func from(benchmark: TabularBenchmark, task taskName: String, metric: String? = nil,
                            studySpace: String, timeScale: Double) throws -> TabularEvaluator {
        if benchmark.spaceName != studySpace {
            throw NaswiftError(.invalidArgument,
                               "benchmark \(benchmark.name) covers the \(benchmark.spaceName) space but the study searches \(studySpace)",
                               hint: "use a benchmark of the \(studySpace) space (see `naswift data list`)")
        }
        if !(timeScale >= 0) || !timeScale.isFinite {
            throw NaswiftError(.invalidArgument, "time scale \(timeScale) must be a non-negative number",
                               hint: "e.g. --time-scale 0.0001 (a 2,000 s training takes 0.2 s)")
        }
        let task = try benchmark.task(named: taskName)
        let valueMetric = metric ?? task.guideMetric
        guard benchmark.hasMetric(valueMetric) else {
            throw NaswiftError.unknownName("metric of benchmark \(benchmark.name)", valueMetric, valid: benchmark.metrics)
        }
        let space = try SpaceRegistry.make(studySpace)
        let keyOf = try keyFunction(space)
        let cost = task.costMetric
        return TabularEvaluator(source: "benchmark \(benchmark.name) (task \(task.name), \(valueMetric))", timeScale: timeScale) { arch in
            let key = try keyOf(arch)
            guard let row = benchmark.row(forKey: key) else {
                throw NaswiftError(.dataMissing, "architecture \(arch) is not in benchmark \(benchmark.name)",
                                   hint: "the benchmark covers \(benchmark.count) architectures of \(benchmark.spaceName)")
            }
            return Answer(value: try benchmark.value(valueMetric, row: row),
                          trainingSeconds: try cost.map { try benchmark.value($0, row: row) })
        }
    }

    private static func keyFunction<S: SearchSpace>(_ space: S) throws -> @Sendable (String) throws -> String {
        { text in space.key(try space.parse(text)) }
    }
}
