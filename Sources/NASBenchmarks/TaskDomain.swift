import NASCore
import NASSpaces

/// The search domain of one benchmark task: the architectures of the rows that have a guide value,
/// parsed with the space, and the row of each. The runner (`Runner.prepare`) and studies created
/// with `--benchmark` build their domains here, so both exclude the same rows.
public struct TaskDomain<S: SearchSpace>: Sendable {
    public let domain: SearchDomain<S>
    /// The (first) row of each member.
    public let rowOf: [S.Architecture: Int]

    /// Parses `architectures[i]` (string form) for every row whose `guide[i]` is not NaN.
    ///
    /// Rows without a guide value (e.g. NAS-Bench-Graph's proteins covers 2,021 of 26,206
    /// architectures) are not part of the task's domain.
    /// - Throws: `NaswiftError` (.dataMissing) when no row has a guide value; the space's parse
    ///   errors.
    public init(space: S, architectures: [String], guide: [Double], benchmark: String, task: String,
                guideMetric: String) throws {
        precondition(architectures.count == guide.count, "one guide value per architecture")
        var members: [S.Architecture] = []
        members.reserveCapacity(architectures.count)
        var rowOf: [S.Architecture: Int] = [:]
        rowOf.reserveCapacity(architectures.count)
        for (i, text) in architectures.enumerated() {
            guard !guide[i].isNaN else { continue }
            let a = try space.parse(text)
            if rowOf[a] == nil { rowOf[a] = i; members.append(a) }
        }
        guard !members.isEmpty else {
            throw NaswiftError(.dataMissing, "task '\(task)' of benchmark '\(benchmark)' has no architecture with a value of '\(guideMetric)'",
                               hint: "choose another task or --guide metric (see `naswift data list`)")
        }
        self.domain = SearchDomain(space: space, members: members)
        self.rowOf = rowOf
    }

    /// The domain of task `task` of `benchmark` (its guide metric), for `space`.
    /// - Throws: `NaswiftError` (.invalidArgument) when the benchmark covers another space than
    ///   `space`; (.unknownName) for an unknown task.
    public init(benchmark: TabularBenchmark, task taskName: String, space: S) throws {
        if benchmark.spaceName != space.name {
            throw NaswiftError(.invalidArgument,
                               "benchmark \(benchmark.name) covers the \(benchmark.spaceName) space, not \(space.name)",
                               hint: "use a benchmark of the \(space.name) space (see `naswift data list`), or --space \(benchmark.spaceName)")
        }
        let task = try benchmark.task(named: taskName)
        try self.init(space: space, architectures: benchmark.architectures, guide: try benchmark.column(task.guideMetric),
                      benchmark: benchmark.name, task: task.name, guideMetric: task.guideMetric)
    }
}
