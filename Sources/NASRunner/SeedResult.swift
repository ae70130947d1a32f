/// The outcome of one seed: every query in order and the two curves over queries.
///
/// `bestGuidedReport[q]`: the report metric of the architecture with the best guide metric among
/// queries 0...q (ties: the earlier one). `oracleBestReport[q]`: the best report metric among
/// queries 0...q. Both are in the report metric's own units; NaN until a query had a value.
public struct SeedResult: Sendable {
    public let seed: UInt64
    /// Benchmark row of each query, in query order.
    public let rows: [Int32]
    /// Simulated seconds spent after each query (0 when the task has no cost metric).
    public let elapsed: [Double]
    public let bestGuidedReport: [Double]
    public let oracleBestReport: [Double]

    public var queryCount: Int { rows.count }
    public var finalBestGuidedReport: Double { bestGuidedReport.last ?? .nan }
    public var finalOracleBestReport: Double { oracleBestReport.last ?? .nan }
}
