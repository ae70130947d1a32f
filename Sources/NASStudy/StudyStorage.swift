/// Where studies and their trials live (Optuna's RDB storage): SQLite (`SQLiteStorage`, the
/// default, one machine) or PostgreSQL (`PostgresStorage`, workers on many machines).
///
/// Every method is one transaction. Guarantees every conformer must keep (checked by the shared
/// conformance suite in Tests/NASStudyTests):
/// - `claim` hands a queued trial to exactly one caller, even under concurrent callers in many
///   processes;
/// - `finish` succeeds at most once per trial (finished trials are immutable), and only for the
///   worker that holds the trial when a worker is given;
/// - `enqueue` never exceeds the study's budget and never inserts an architecture already proposed
///   after `seenTrialCount` (concurrent proposers cannot duplicate each other's proposals);
/// - `reapStale` re-queues (or, after `maxAttempts` claims, fails) running trials whose heartbeat
///   is older than the study's heartbeat timeout, measured on the storage's clock.
public protocol StudyStorage: Sendable {
    /// The storage URL without any password (for messages).
    var location: String { get }

    /// Creates a study; throws `NaswiftError` (.invalidArgument) when the name is taken.
    func createStudy(_ spec: StudySpec) async throws -> StudyRecord

    /// The study named `name`; throws `NaswiftError` (.unknownName) listing the stored studies.
    func study(named name: String) async throws -> StudyRecord

    /// All studies, by creation order.
    func studies() async throws -> [StudyRecord]

    /// Deletes a study and its trials; throws when unknown.
    func deleteStudy(named name: String) async throws

    /// All trials of a study, by number.
    func trials(studyID: Int64) async throws -> [TrialRecord]

    /// One trial; throws `NaswiftError` (.unknownName) when there is no such trial.
    func trial(id: Int64) async throws -> TrialRecord

    /// Adds proposals as queued trials, then optionally claims one queued trial, in one transaction.
    ///
    /// - Parameters:
    ///   - studyID: the study's row id.
    ///   - architectures: proposals in order; duplicates among them and architectures of trials
    ///     numbered `>= seenTrialCount` (created by others since the caller read the study) are
    ///     dropped; at most `budget - trialCount` are inserted.
    ///   - seenTrialCount: the study's trial count when the caller read the trials it proposed from.
    ///   - claimFor: when set, claims the oldest queued trial for this worker afterwards.
    func enqueue(studyID: Int64, architectures: [String], seenTrialCount: Int,
                 claimFor: ClaimRequest?) async throws -> EnqueueResult

    /// Claims the oldest queued trial of the study (state -> running, attempts + 1), or returns nil.
    func claim(studyID: Int64, _ request: ClaimRequest) async throws -> TrialRecord?

    /// Records a heartbeat; false when the trial is no longer running for `worker` (it was
    /// re-queued after a missed timeout, or finished).
    func heartbeat(trialID: Int64, worker: String) async throws -> Bool

    /// Finishes a queued or running trial. When `worker` is given the trial must be running for
    /// that worker. Throws `NaswiftError` (.storage) when the trial is already finished or held by
    /// another worker, and (.unknownName) when it does not exist.
    func finish(trialID: Int64, worker: String?, outcome: TrialOutcome) async throws -> TrialRecord

    /// Puts a trial running for `worker` back in the queue (state queued, no worker, the claim not
    /// counted as an attempt), keeping `message` as its note: for trials whose command could not
    /// start, so a broken command does not burn the study. False when the trial is no longer
    /// running for `worker`.
    func release(trialID: Int64, worker: String, message: String) async throws -> Bool

    /// Re-queues stale running trials of the study (see the protocol notes).
    func reapStale(studyID: Int64) async throws -> ReapResult

    /// Releases connections. The storage must not be used afterwards.
    func close() async
}

/// Who claims a trial, and whether the claim is kept alive by heartbeats (workers) or not
/// (`naswift study ask`: the trial waits for its `tell` however long the training takes).
public struct ClaimRequest: Sendable, Hashable {
    public var worker: String
    public var heartbeat: Bool

    public init(worker: String, heartbeat: Bool) {
        self.worker = worker
        self.heartbeat = heartbeat
    }
}

/// What `enqueue` did.
public struct EnqueueResult: Sendable {
    /// Trials inserted (queued, or the claimed one now running).
    public var inserted: [TrialRecord]
    /// The trial claimed afterwards, if a claim was asked for and one was queued.
    public var claimed: TrialRecord?
    /// The study's trial count after the transaction.
    public var trialCount: Int

    public init(inserted: [TrialRecord], claimed: TrialRecord?, trialCount: Int) {
        self.inserted = inserted
        self.claimed = claimed
        self.trialCount = trialCount
    }
}

/// What `reapStale` did.
public struct ReapResult: Sendable, Hashable {
    /// Trials put back in the queue.
    public var requeued: [Int64]
    /// Trials marked failed because they ran out of attempts.
    public var failed: [Int64]

    public init(requeued: [Int64] = [], failed: [Int64] = []) {
        self.requeued = requeued
        self.failed = failed
    }
}
