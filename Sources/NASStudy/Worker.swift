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

    public init(workerID: String = WorkerOptions.defaultID(), heartbeatInterval: Double? = nil,
                pollInterval: Double = 0.5, maxTrials: Int? = nil) {
        self.workerID = workerID
        self.heartbeatInterval = heartbeatInterval
        self.pollInterval = pollInterval
        self.maxTrials = maxTrials
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
    /// Why the worker stopped.
    public var reason = ""
}

/// A worker: asks the study for a trial, evaluates it while a background task keeps the claim
/// alive with heartbeats, tells the result, and repeats until the study is finished.
///
/// A failed evaluation (non-zero exit, no metric) is told as a failed trial with its message and
/// the worker goes on. A worker killed mid-trial stops beating; after the study's heartbeat timeout
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
        log("worker \(me): study '\(study.name)' (\(study.spec.space), \(study.spec.strategy), "
            + "\(study.spec.direction.rawValue) \(study.spec.metric)) in \(study.storage.location)")
        while true {
            if let cap = options.maxTrials, summary.complete + summary.failed + summary.discarded >= cap {
                summary.reason = "did \(cap) trials (--max-trials)"
                break
            }
            let asked = try await study.ask(ClaimRequest(worker: me, heartbeat: true))
            switch asked {
            case .finished(let reason):
                summary.reason = reason
            case .wait(let running):
                if !waiting { log("worker \(me): waiting: \(running) trial(s) still running elsewhere") }
                waiting = true
                try await Task.sleep(for: .milliseconds(Int(options.pollInterval * 1000)))
                continue
            case .trial(let trial):
                waiting = false
                try await evaluate(trial, summary: &summary, log: log)
                continue
            }
            break
        }
        log("worker \(me): stopping: \(summary.reason); \(summary.complete) complete, \(summary.failed) failed, "
            + "\(summary.discarded) discarded")
        return summary
    }

    private func evaluate(_ trial: TrialRecord, summary: inout WorkerSummary, log: @escaping @Sendable (String) -> Void) async throws {
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
        let seconds = String(format: "%.3f", Date().timeIntervalSince(started))
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
