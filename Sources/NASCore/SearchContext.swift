/// The benchmark table and task a search runs on (e.g. benchmark `nb201`, task `cifar100`), for
/// strategies whose defaults depend on them (`auto` picks per task where validation runs exist).
/// Strategies must not read metric values through it: it carries names only.
public struct SearchContext: Sendable, Equatable, Hashable {
    /// Benchmark name as `naswift data list` shows it, e.g. `nb201`, `nbgraph`.
    public let benchmark: String
    /// Task name of that benchmark, e.g. `cifar100`, `cifar10-12ep`, `proteins`.
    public let task: String

    public init(benchmark: String, task: String) {
        self.benchmark = benchmark
        self.task = task
    }
}
