/// One line of `naswift data list`: what a cached benchmark holds.
public struct BenchmarkSummary: Sendable, Codable, Equatable {
    public let name: String
    public let space: String
    public let rows: Int
    public let metrics: [String]
    public let tasks: [String]
    /// The benchmark's checksum (see `TabularBenchmark.sha256`).
    public let sha256: String
    /// Path of the cache file.
    public let file: String

    public init(name: String, space: String, rows: Int, metrics: [String], tasks: [String], sha256: String, file: String) {
        self.name = name
        self.space = space
        self.rows = rows
        self.metrics = metrics
        self.tasks = tasks
        self.sha256 = sha256
        self.file = file
    }
}
