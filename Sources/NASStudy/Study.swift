import NASCore

/// A study: a named search whose trials live in a `StudyStorage`, driven by ask/tell from any
/// number of processes (Optuna's `Study`).
///
/// `ask` claims a queued trial; when none is queued it re-queues trials of workers that stopped
/// heartbeating (and claims one of those), else it reads every trial, rebuilds the strategy from them (`Proposer`),
/// proposes `batchSize` architectures (fewer near the budget) and enqueues them in one storage
/// transaction that also claims one. A concurrent proposer's insertions are detected by that
/// transaction (architectures proposed since our read are dropped), so proposals never duplicate
/// in-flight work and the budget is never exceeded.
public struct Study: Sendable {
    public let storage: any StudyStorage
    public let record: StudyRecord
    public let proposer: any Proposer

    public var name: String { record.name }
    public var spec: StudySpec { record.spec }

    public init(record: StudyRecord, storage: any StudyStorage, proposer: any Proposer = RegistryProposer()) {
        self.record = record
        self.storage = storage
        self.proposer = proposer
    }

    /// Validates the spec (space, strategy, numbers) and creates the study.
    public static func create(_ spec: StudySpec, storage: any StudyStorage,
                              proposer: any Proposer = RegistryProposer()) async throws -> Study {
        try spec.validate()
        try proposer.validate(spec)
        return Study(record: try await storage.createStudy(spec), storage: storage, proposer: proposer)
    }

    /// The stored study `name`; throws `NaswiftError` (.unknownName) listing the stored studies.
    public static func load(_ name: String, storage: any StudyStorage,
                            proposer: any Proposer = RegistryProposer()) async throws -> Study {
        Study(record: try await storage.study(named: name), storage: storage, proposer: proposer)
    }

    /// What `ask` hands out.
    public enum AskResult: Sendable, Equatable {
        /// A trial now running for the caller.
        case trial(TrialRecord)
        /// Nothing to hand out now, but `running` trials of other workers may still be re-queued
        /// (budget reached, or the strategy waits for results): ask again later.
        case wait(running: Int)
        /// The study is over (`reason` says why): budget reached and every trial finished, or the
        /// domain is exhausted.
        case finished(reason: String)
    }

    /// Hands out the next trial (see the type's notes). Throws only on storage errors or when
    /// contention prevents progress for 100 rounds.
    public func ask(_ claim: ClaimRequest) async throws -> AskResult {
        let id = record.id
        for attempt in 0..<100 {
            if let t = try await storage.claim(studyID: id, claim) { return .trial(t) }
            if !(try await storage.reapStale(studyID: id).requeued.isEmpty) { continue }  // claim a re-queued trial
            let trials = try await storage.trials(studyID: id)
            let running = trials.count { $0.state == .running }
            if trials.contains(where: { $0.state == .queued }) { continue }  // queued meanwhile: claim it
            var count = spec.batchSize
            if let budget = spec.budget {
                if trials.count >= budget {
                    return running > 0 ? .wait(running: running)
                                       : .finished(reason: "budget of \(budget) trials reached")
                }
                count = Swift.min(count, budget - trials.count)
            }
            let round = UInt64(trials.count) &* 1_000_003 &+ UInt64(attempt)
            let proposals = try proposer.propose(study: record, trials: trials, count: count, round: round)
            if proposals.isEmpty {
                if running > 0 { return .wait(running: running) }
                return .finished(reason: "strategy '\(spec.strategy)' has no new architecture to propose "
                                 + "(the search space is exhausted after \(trials.count) trials)")
            }
            let r = try await storage.enqueue(studyID: id, architectures: proposals, seenTrialCount: trials.count,
                                              claimFor: claim)
            if let t = r.claimed { return .trial(t) }
        }
        throw NaswiftError(.storage, "study '\(name)': no trial could be claimed after 100 rounds of contention",
                           hint: "too many workers for this storage; raise --batch-size so each proposal round queues more trials")
    }

    /// Finishes trial `trialID` (see `StudyStorage.finish`); the trial must belong to this study.
    @discardableResult
    public func tell(_ trialID: Int64, worker: String? = nil, _ outcome: TrialOutcome) async throws -> TrialRecord {
        let t = try await storage.trial(id: trialID)
        if t.studyID != record.id {
            throw NaswiftError(.invalidArgument, "trial \(trialID) belongs to another study, not '\(name)'",
                               hint: "check the trial id printed by `naswift study ask \(name)`")
        }
        return try await storage.finish(trialID: trialID, worker: worker, outcome: outcome)
    }

    /// Every trial, by number.
    public func trials() async throws -> [TrialRecord] { try await storage.trials(studyID: record.id) }

    /// The best complete trial in the study's direction (ties: the earlier), or nil.
    public static func best(of trials: [TrialRecord], direction: MetricDirection) -> TrialRecord? {
        var best: TrialRecord?
        for t in trials where t.state == .complete {
            guard let v = t.value else { continue }
            if let b = best, let bv = b.value, !direction.better(v, than: bv) { continue }
            best = t
        }
        return best
    }
}
