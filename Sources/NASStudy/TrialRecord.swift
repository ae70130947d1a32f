/// One stored trial of a study (Optuna's `trials` row): an architecture proposed by the study's
/// strategy, who evaluates it, and the result. Timestamps are seconds since 1970 (UTC) taken from
/// the storage's clock (the database server's clock on PostgreSQL).
///
/// A trial is immutable once `state.isFinished`: storages refuse to finish it twice.
public struct TrialRecord: Sendable, Hashable, Codable {
    /// Storage-wide trial id (what `naswift study tell ID` takes).
    public let id: Int64
    /// The study the trial belongs to.
    public let studyID: Int64
    /// 0-based position of the trial in its study (creation order).
    public let number: Int
    public let state: TrialState
    /// The architecture in its search space's string form.
    public let architecture: String
    /// The metric as reported (not negated); set only when `state == .complete`.
    public let value: Double?
    /// Who holds (or last held) the trial: a worker id, or `nil` while queued.
    public let worker: String?
    /// Last heartbeat; `nil` for trials claimed without heartbeats (`naswift study ask`), which are
    /// never re-queued automatically.
    public let heartbeatAt: Double?
    /// How many times the trial has been claimed (a re-queued trial is claimed again).
    public let attempts: Int
    /// Why the trial failed (with the command's stderr), or notes such as a re-queue.
    public let message: String?
    public let createdAt: Double
    public let startedAt: Double?
    public let finishedAt: Double?

    public init(id: Int64, studyID: Int64, number: Int, state: TrialState, architecture: String,
                value: Double?, worker: String?, heartbeatAt: Double?, attempts: Int, message: String?,
                createdAt: Double, startedAt: Double?, finishedAt: Double?) {
        self.id = id
        self.studyID = studyID
        self.number = number
        self.state = state
        self.architecture = architecture
        self.value = value
        self.worker = worker
        self.heartbeatAt = heartbeatAt
        self.attempts = attempts
        self.message = message
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    /// Seconds between start and finish, when both are known.
    public var duration: Double? {
        guard let s = startedAt, let f = finishedAt else { return nil }
        return f - s
    }
}

/// How a trial ends.
public enum TrialOutcome: Sendable, Hashable {
    /// Evaluated: `value` is the metric as measured (finite).
    case complete(value: Double)
    /// Not evaluated; `message` says why (e.g. the command's exit status and stderr).
    case failed(message: String)
}
