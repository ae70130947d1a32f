import NASCore

/// A tabular NAS benchmark held in memory: `rows` architectures, each with named Float64 metrics.
///
/// Row `i` is architecture `architectures[i]` (the space's string form) stored under key `keys[i]`
/// (the space's `key`); `column(m)[i]` is its value of metric `m`, NaN when missing. Lookups by
/// key and by metric name are O(1) dictionary hits. Instances are immutable and shared freely
/// across threads. Load one with `BenchmarkStore.load(_:)`.
public final class TabularBenchmark: Sendable {
    /// Benchmark name, e.g. "nb201", "nb101-20k", "natsss", "analognas", "nbgraph".
    public let name: String
    /// Name of the search space its architectures belong to ("nb201", "nb101", "natsss", "nbgraph").
    public let spaceName: String
    /// Metric column names, in column order.
    public let metrics: [String]
    /// Row i's key (`SearchSpace.key` form).
    public let keys: [String]
    /// Row i's architecture (`SearchSpace.format` form).
    public let architectures: [String]
    /// Checksum of the cache file's content: the SHA-256 of every byte before the file's 32-byte
    /// trailer (`head -c -32 FILE | sha256sum`). Same input files, same checksum, on every machine.
    public let sha256: String
    /// Task presets (guide / report / cost metrics).
    public let tasks: [BenchmarkTask]
    /// The files the benchmark was imported from (base name and SHA-256 of each).
    public let sources: [BenchmarkSource]

    /// Columnar metric values: `values[m][i]` is metric `metrics[m]` of row `i`.
    private let values: [[Double]]
    private let rowOfKey: [String: Int]
    private let columnOfMetric: [String: Int]

    /// Number of architectures (rows).
    public var count: Int { keys.count }

    /// Builds a benchmark from columns. `values.count == metrics.count`, each column `keys.count`
    /// long, keys unique. Throws `.invalidArgument` when the shapes disagree or keys repeat.
    public init(name: String, spaceName: String, metrics: [String], keys: [String], architectures: [String],
                values: [[Double]], tasks: [BenchmarkTask], sources: [BenchmarkSource] = [], sha256: String = "") throws {
        guard architectures.count == keys.count else {
            throw NaswiftError.invalidArgument("benchmark '\(name)': \(keys.count) keys but \(architectures.count) architectures")
        }
        guard values.count == metrics.count, values.allSatisfy({ $0.count == keys.count }) else {
            throw NaswiftError.invalidArgument("benchmark '\(name)': every metric column needs \(keys.count) values")
        }
        var rowOfKey = [String: Int](minimumCapacity: keys.count)
        for (i, k) in keys.enumerated() where rowOfKey.updateValue(i, forKey: k) != nil {
            throw NaswiftError(.dataCorrupt, "benchmark '\(name)': key '\(k)' appears twice")
        }
        var columnOfMetric = [String: Int](minimumCapacity: metrics.count)
        for (j, m) in metrics.enumerated() where columnOfMetric.updateValue(j, forKey: m) != nil {
            throw NaswiftError(.dataCorrupt, "benchmark '\(name)': metric '\(m)' appears twice")
        }
        self.name = name
        self.spaceName = spaceName
        self.metrics = metrics
        self.keys = keys
        self.architectures = architectures
        self.values = values
        self.tasks = tasks
        self.sources = sources
        self.sha256 = sha256
        self.rowOfKey = rowOfKey
        self.columnOfMetric = columnOfMetric
    }

    /// Row of the architecture stored under `key`, or nil when the benchmark does not cover it.
    @inlinable
    public func row(forKey key: String) -> Int? { rowIndex(key) }

    @usableFromInline
    func rowIndex(_ key: String) -> Int? { rowOfKey[key] }

    /// All values of `metric` (row order; NaN = missing).
    /// Throws `NaswiftError.unknownName` listing the metrics when `metric` is not one.
    public func column(_ metric: String) throws -> [Double] {
        values[try columnIndex(metric)]
    }

    /// Value of `metric` for `row` (NaN = missing). Throws for an unknown metric or a row out of range.
    public func value(_ metric: String, row: Int) throws -> Double {
        let j = try columnIndex(metric)
        guard row >= 0, row < keys.count else {
            throw NaswiftError.invalidArgument("row \(row) is out of range for benchmark '\(name)' (0..<\(keys.count))")
        }
        return values[j][row]
    }

    /// Value of `metric` for the architecture stored under `key`; nil when the key is not covered.
    public func value(_ metric: String, key: String) throws -> Double? {
        let j = try columnIndex(metric)
        guard let r = rowOfKey[key] else { return nil }
        return values[j][r]
    }

    /// Whether `metric` is one of the benchmark's metrics.
    public func hasMetric(_ metric: String) -> Bool { columnOfMetric[metric] != nil }

    /// The column index of `metric`; throws `unknownName` listing the metrics.
    public func columnIndex(_ metric: String) throws -> Int {
        guard let j = columnOfMetric[metric] else {
            throw NaswiftError.unknownName("metric of benchmark '\(name)'", metric, valid: metrics)
        }
        return j
    }

    /// The task preset called `name`; throws `unknownName` listing the tasks.
    public func task(named taskName: String) throws -> BenchmarkTask {
        if let t = tasks.first(where: { $0.name == taskName }) { return t }
        if tasks.isEmpty {
            throw NaswiftError(.unknownName, "benchmark '\(name)' has no task presets, so task '\(taskName)' is unknown",
                               hint: "pass the metrics explicitly with --guide METRIC --report METRIC (metrics: \(metrics.joined(separator: ", ")))")
        }
        throw NaswiftError.unknownName("task of benchmark '\(name)'", taskName, valid: tasks.map(\.name))
    }

    /// The summary shown by `naswift data list`.
    public func summary(file: String) -> BenchmarkSummary {
        BenchmarkSummary(name: name, space: spaceName, rows: count, metrics: metrics, tasks: tasks.map(\.name),
                         sha256: sha256, file: file)
    }

    /// A copy carrying checksum `sha256` (set once the cache file is written or verified).
    func withChecksum(_ sha256: String) throws -> TabularBenchmark {
        try TabularBenchmark(name: name, spaceName: spaceName, metrics: metrics, keys: keys, architectures: architectures,
                             values: values, tasks: tasks, sources: sources, sha256: sha256)
    }

    /// The raw columns (for the cache writer).
    var columns: [[Double]] { values }
}

/// One input file of an import: base name and SHA-256 of its bytes.
public struct BenchmarkSource: Sendable, Codable, Equatable {
    public let file: String
    public let sha256: String

    public init(file: String, sha256: String) {
        self.file = file
        self.sha256 = sha256
    }
}
