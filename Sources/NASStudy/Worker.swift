import Foundation
import NASCore

/// Settings of a worker process.
public struct WorkerOptions: Sendable {
    /// Who the worker is in the storage (default: host name and process id).
    public var workerID: String
    /// Seconds between heartbeats; default a quarter of the study's heartbeat timeout (at most 15 s).
    public var heartbeatInterval: Double?
    /// Seconds to wait before asking again when every remaining trial is running elsewhere.
    public var pollInterval: Double
    /// Stop after this many trials (nil: until the study is finished).
    public var maxTrials: Int?
    /// Stop (non-zero exit) after this many failed evaluations in a row, putting them back in the
    /// queue: a command that cannot run (a typo, a missing file) fails every trial at once, and
    /// finished trials cannot be changed, so it must not burn the study.
    public var maxConsecutiveFailures: Int

    public static let defaultMaxConsecutiveFailures = 3

    public init(workerID: String = WorkerOptions.defaultID(), heartbeatInterval: Double? = nil,
                pollInterval: Double = 0.5, maxTrials: Int? = nil,
                maxConsecutiveFailures: Int = WorkerOptions.defaultMaxConsecutiveFailures) {
        self.workerID = workerID
        self.heartbeatInterval = heartbeatInterval
        self.pollInterval = pollInterval
        self.maxTrials = maxTrials
        self.maxConsecutiveFailures = maxConsecutiveFailures
    }

    /// `host-pid`.
    public static func defaultID() -> String {
        "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
    }
}

/// What a worker did.
public struct WorkerSummary: Sendable, Equatable {
    public var complete = 0
    public var failed = 0
    /// Results the storage refused (the trial had been re-queued after a missed heartbeat).
    public var discarded = 0
    /// Trials put back in the queue (their command could not start, or failed too often in a row).
    public var released = 0
    /// True when the worker stopped because of consecutive failures (the CLI exits non-zero).
    public var stoppedOnFailures = false
    /// The signal (SIGTERM / SIGINT) that stopped the worker, if one did (the CLI exits 128 + it).
    public var stoppedBySignal: Int32?
    /// Why the worker stopped.
    public var reason = ""
}

/// Trial ids a worker holds while deciding whether their failures are the trials' or the
/// command's; a background task keeps their claims alive.
final class HeldTrials: @unchecked Sendable {
    // @unchecked: `ids` is only touched under `lock`.
    private let lock = NSLock()
    private var ids: Set<Int64> = []
    func insert(_ id: Int64) { lock.lock(); ids.insert(id); lock.unlock() }
    func remove(_ id: Int64) { lock.lock(); ids.remove(id); lock.unlock() }
    var snapshot: Set<Int64> { lock.lock(); defer { lock.unlock() }; return ids }
}

/// A worker: asks the study for a trial, evaluates it while a background task keeps the claim
/// alive with heartbeats, tells the result, and repeats until the study is finished.
///
/// A failed evaluation (non-zero exit, no metric) is held (claim kept alive) until the next
/// successful one, then told as a failed trial with its message, and the worker goes on. When
/// `maxConsecutiveFailures` evaluations fail in a row (e.g. `pyhton train.py`), the held trials go
/// back to the queue and the worker stops with `stoppedOnFailures`; a command that cannot start
/// at all is never told as a failure. A worker killed mid-trial stops beating; after the study's heartbeat timeout
/// any other worker's `ask` re-queues the trial (or fails it after `maxAttempts` claims). When the
/// budget is reached but trials still run elsewhere, the worker waits (`pollInterval`) so it can
/// take over trials of workers that die.
public struct Worker: Sendable {
    public let study: Study
    public let evaluator: any TrialEvaluator
    public let options: WorkerOptions

    public init(study: Study, evaluator: any TrialEvaluator, options: WorkerOptions = WorkerOptions()) {
        self.study = study
        self.evaluator = evaluator
        self.options = options
    }

    var heartbeatInterval: Double {
        options.heartbeatInterval ?? Swift.max(0.05, Swift.min(study.spec.heartbeatTimeout / 4, 15))
    }

    /// Runs until the study is finished or `maxTrials` trials were done; `log` receives one line
    /// per event (`trial 17 #16 complete value=93.1 seconds=0.42`, failures, waits, the end).
    @discardableResult
    public func run(log: @escaping @Sendable (String) -> Void) async throws -> WorkerSummary {
        let me = options.workerID
        var summary = WorkerSummary()
        var waiting = false
        var held: [(TrialRecord, Evaluation, String)] = []
        let holding = HeldTrials()
        let beats = Task { [storage = study.storage, interval = heartbeatInterval] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
                for id in holding.snapshot where !Task.isCancelled { _ = try? await storage.heartbeat(trialID: id, worker: me) }
            }
        }
        defer { beats.cancel() }
        /// Tells the held failures as failed trials (the command does work, or the study ends);
        /// trials whose command did not start at all go back to the queue instead.
        func tellHeld() async {
            for (trial, evaluation, seconds) in held {
                if case .notStarted(let m) = evaluation {
                    if (try? await study.storage.release(trialID: trial.id, worker: me, message: m)) == true { summary.released += 1 }
                } else {
                    await tell(trial, evaluation, seconds: seconds, summary: &summary, log: log)
                }
                holding.remove(trial.id)
            }
            held.removeAll()
        }
        /// A stop signal arrived: the held trials go back to the queue.
        func releaseHeld(_ why: String) async {
            for (trial, _, _) in held {
                if (try? await study.storage.release(trialID: trial.id, worker: me, message: why)) == true { summary.released += 1 }
                holding.remove(trial.id)
            }
            held.removeAll()
        }
        log("worker \(me): study '\(study.name)' (\(study.spec.space), \(study.spec.strategy), "
            + "\(study.spec.direction.rawValue) \(study.spec.metric)) in \(study.storage.location)")
        while true {
            if let sig = StopSignal.signal {
                await releaseHeld("put back in the queue: worker \(me) was stopped by signal \(sig)")
                summary.stoppedBySignal = sig
                summary.reason = "stopped by \(sig == SIGTERM ? "SIGTERM" : sig == SIGINT ? "SIGINT" : "signal \(sig)")"
                break
            }
            if let cap = options.maxTrials, summary.complete + summary.failed + summary.discarded + held.count >= cap {
                await tellHeld()
                summary.reason = "did \(cap) trials (--max-trials)"
                break
            }
            let asked = try await study.ask(ClaimRequest(worker: me, heartbeat: true))
            switch asked {
            case .finished(let reason):
                await tellHeld()
                summary.reason = reason
            case .wait(let running):
                if !held.isEmpty {
                    await tellHeld()  // the held trials may be the ones "running elsewhere"
                    continue
                }
                if !waiting { log("worker \(me): waiting: \(running) trial(s) still running elsewhere") }
                waiting = true
                try await Task.sleep(for: .milliseconds(Int(options.pollInterval * 1000)))
                continue
            case .trial(let trial):
                waiting = false
                let (evaluation, seconds) = await evaluate(trial, log: log)
                if StopSignal.isRequested, evaluation.message != nil {
                    // Stopped mid-trial: the command was terminated, which says nothing about the
                    // architecture. (A value that came back is kept.)
                    let why = "put back in the queue: worker \(me) was stopped by a signal during the trial"
                    if (try? await study.storage.release(trialID: trial.id, worker: me, message: why)) == true { summary.released += 1 }
                    log("trial \(trial.id) #\(trial.number) put back in the queue (worker stopping)")
                    continue
                }
                if case .value = evaluation {
                    await tellHeld()
                    await tell(trial, evaluation, seconds: seconds, summary: &summary, log: log)
                    continue
                }
                holding.insert(trial.id)
                held.append((trial, evaluation, seconds))
                log("trial \(trial.id) #\(trial.number) failed (\(held.count) in a row, held): "
                    + (evaluation.message ?? "?").prefix { $0 != "\n" })
                if held.count >= options.maxConsecutiveFailures {
                    for (t, e, _) in held {
                        let note = "put back in the queue by worker \(me) after \(held.count) failures in a row: " + (e.message ?? "")
                        if (try? await study.storage.release(trialID: t.id, worker: me, message: note)) == true { summary.released += 1 }
                        holding.remove(t.id)
                    }
                    let first = held[0].1.message ?? "?"
                    summary.stoppedOnFailures = true
                    summary.reason = "the command failed \(held.count) times in a row (--max-consecutive-failures "
                        + "\(options.maxConsecutiveFailures)); those trials went back to the queue. First failure: " + first
                    held.removeAll()
                    break
                }
                continue
            }
            break
        }
        log("worker \(me): stopping: \(summary.reason); \(summary.complete) complete, \(summary.failed) failed, "
            + "\(summary.discarded) discarded" + (summary.released > 0 ? ", \(summary.released) put back in the queue" : ""))
        return summary
    }

    /// Runs the evaluator with the trial's claim kept alive; returns the evaluation and its seconds.
    private func evaluate(_ trial: TrialRecord, log: @escaping @Sendable (String) -> Void) async -> (Evaluation, String) {
        let me = options.workerID
        let started = Date()
        let json: String
        do {
            json = try study.proposer.json(space: study.spec.space, architecture: trial.architecture)
        } catch {
            json = "{\"arch\":\"\(trial.architecture)\"}"
        }
        let beats = Task { [storage = study.storage, interval = heartbeatInterval] in
            var warned = false
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
                if Task.isCancelled { break }
                do {
                    if try await !storage.heartbeat(trialID: trial.id, worker: me) { return false }
                } catch {
                    if !warned { log("worker \(me): heartbeat for trial \(trial.id) failed (will retry): \(error)") }
                    warned = true
                }
            }
            return true
        }
        let evaluation = await evaluator.evaluate(trial, study: study.record, architectureJSON: json)
        beats.cancel()
        _ = await beats.value
        return (evaluation, String(format: "%.3f", Date().timeIntervalSince(started)))
    }

    private func tell(_ trial: TrialRecord, _ evaluation: Evaluation, seconds: String, summary: inout WorkerSummary,
                      log: @escaping @Sendable (String) -> Void) async {
        let me = options.workerID
        do {
            let told = try await study.tell(trial.id, worker: me, evaluation.outcome)
            if told.state == .complete {
                summary.complete += 1
                log("trial \(trial.id) #\(trial.number) complete value=\(told.value.map { "\($0)" } ?? "?") "
                    + "attempt=\(trial.attempts) seconds=\(seconds) arch=\(trial.architecture)")
            } else {
                summary.failed += 1
                let reason = told.message ?? "?"
                log("trial \(trial.id) #\(trial.number) FAILED attempt=\(trial.attempts) seconds=\(seconds): "
                    + reason.replacingOccurrences(of: "\n", with: "\n    "))
            }
        } catch {
            summary.discarded += 1
            log("trial \(trial.id) #\(trial.number) DISCARDED: \(error)")
        }
    }
}
