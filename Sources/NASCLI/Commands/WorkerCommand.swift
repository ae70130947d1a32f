import ArgumentParser
import Foundation
import NASBenchmarks
import NASCore
import NASRunner
import NASStudy

/// `naswift worker --study NAME [--storage URL] -- COMMAND ARGS...`: the ask -> train -> tell loop.
public struct WorkerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Evaluate a study's trials with your training command until the study is finished.",
        discussion: """
            For each trial the command runs with NASWIFT_ARCH (architecture string), NASWIFT_ARCH_JSON (path of \
            a JSON file), NASWIFT_TRIAL_ID, NASWIFT_TRIAL_NUMBER, NASWIFT_STUDY and NASWIFT_METRIC set, and must \
            print its result as its last JSON line on stdout, e.g. {"value": 93.1}. A non-zero exit or a missing \
            metric fails the trial (stderr is kept) and the worker goes on. Run as many workers as you like, on \
            one machine (SQLite) or many (PostgreSQL); a killed worker's trial is re-queued after the study's \
            heartbeat timeout.
            Tabular trainer (tests, demos): `naswift worker --study NAME --benchmark nb201 --task cifar10 \
            --time-scale 0.0001` answers each trial from an imported benchmark (`naswift data import`), \
            sleeping the task's training seconds times the time scale. Create the study with the same \
            --benchmark B --task T so that it proposes only architectures the table covers.
            """)

    @Option(help: "Study name.") var study: String
    @OptionGroup var storage: StorageOptions
    @Option(help: "Worker id stored with its trials (default: host-pid).") var workerID: String?
    @Option(help: "Seconds between heartbeats (default: a quarter of the study's heartbeat timeout).") var heartbeatInterval: Double?
    @Option(help: "Seconds between asks while the remaining trials run elsewhere.") var pollInterval: Double = 0.5
    @Option(help: "Stop after this many trials.") var maxTrials: Int?
    @Option(help: "Stop (exit 1) after this many failed trials in a row, putting them back in the queue (a broken command must not burn the study).")
    var maxConsecutiveFailures: Int = WorkerOptions.defaultMaxConsecutiveFailures
    @Option(help: "Seconds a trial's command may run; then its process group is terminated and the trial fails (default: no limit).")
    var trialTimeout: Double?
    @Option(help: "Answer trials from this imported tabular benchmark instead of running a command.") var benchmark: String?
    @Option(help: "Task of --benchmark (e.g. cifar10); its guide metric is the value told.") var task: String?
    @Option(help: "Benchmark metric to tell instead of the task's guide metric.") var benchmarkMetric: String?
    @Option(help: "Simulated training delay = the task's training seconds x this (0: no delay).") var timeScale: Double = 0.0001
    @Option(name: .customLong("data-dir"), help: "Data directory of --benchmark (default: the study's when it has the same benchmark, else $NASWIFT_DATA or ~/.cache/naswift).")
    var dataDirectory: String?
    @Argument(parsing: .postTerminator, help: "The training command and its arguments, after --.") var command: [String] = []

    public init() {}

    public func validate() throws {
        if command.isEmpty && benchmark == nil {
            throw ValidationError("give the training command after --, e.g. naswift worker --study s -- python train.py "
                                  + "(or --benchmark B --task T for the tabular trainer)")
        }
        if !command.isEmpty && benchmark != nil {
            throw ValidationError("give either a command after -- or --benchmark, not both")
        }
        if benchmark != nil && task == nil { throw ValidationError("--benchmark needs --task (e.g. --task cifar10)") }
        if benchmark == nil && (task != nil || benchmarkMetric != nil || dataDirectory != nil) {
            throw ValidationError("--task, --benchmark-metric and --data-dir go with --benchmark")
        }
        if let h = heartbeatInterval, !(h > 0) { throw ValidationError("--heartbeat-interval must be positive") }
        if !(pollInterval > 0) { throw ValidationError("--poll-interval must be positive") }
        if let m = maxTrials, m < 1 { throw ValidationError("--max-trials must be at least 1") }
        if let t = trialTimeout, !(t > 0) || !t.isFinite { throw ValidationError("--trial-timeout must be a positive number of seconds") }
        if trialTimeout != nil && benchmark != nil { throw ValidationError("--trial-timeout goes with a command, not --benchmark") }
        if maxConsecutiveFailures < 1 { throw ValidationError("--max-consecutive-failures must be at least 1") }
    }

    /// The study's progress on stderr (a bar with ETA on a terminal, a line per 10% when piped;
    /// `NASWIFT_PROGRESS`), counting every worker's finished trials against the study's budget.
    /// The ETA is from the rate since this worker started. Studies without a budget show none.
    final class StudyProgress: @unchecked Sendable {
        let study: StudyRecord
        let storage: any StudyStorage
        let bar: ProgressBar
        private var first: Int?

        init(study: StudyRecord, storage: any StudyStorage) {
            self.study = study
            self.storage = storage
            bar = ProgressBar(label: "study \(study.name)", unit: "trials")
        }

        /// Reads the study's trials and updates the bar; true once the budget is finished.
        @discardableResult
        func poll() async throws -> Bool {
            guard let budget = study.spec.budget else { return true }
            let finished = StudyStatus(study: study, trials: try await storage.trials(studyID: study.id)).finished
            let start = first ?? finished
            first = start
            if budget > start {
                bar.update(min(finished, budget) - start, of: budget - start,
                           note: start > 0 ? "(\(finished)/\(budget) in the study)" : "")
            }
            return finished >= budget
        }

        /// Polls every `seconds` until the budget is finished or the task is cancelled.
        func follow(every seconds: Double) async throws {
            while !Task.isCancelled {
                if try await poll() { return }
                try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            }
        }
    }

    public func run() async throws {
        let options = WorkerOptions(workerID: workerID ?? WorkerOptions.defaultID(), heartbeatInterval: heartbeatInterval,
                                    pollInterval: pollInterval, maxTrials: maxTrials, maxConsecutiveFailures: maxConsecutiveFailures)
        StopSignal.install()  // SIGTERM / SIGINT: stop the command's process group, re-queue, exit non-zero
        try await storage.with { s in
            let st = try await Study.load(study, storage: s)
            let evaluator: any TrialEvaluator
            if let benchmark, let task {
                let data = dataDirectory ?? (st.spec.benchmark == benchmark ? st.spec.dataDirectory : nil)
                evaluator = try TabularEvaluator.from(benchmark: try StudyDomains.store(data).load(benchmark), task: task,
                                                      metric: benchmarkMetric, studySpace: st.spec.space, timeScale: timeScale)
            } else {
                evaluator = CommandEvaluator(command: command, trialTimeout: trialTimeout)
            }
            let progress = StudyProgress(study: st.record, storage: st.storage)
            let follower = Task { [every = max(pollInterval, 1)] in try await progress.follow(every: every) }
            defer { follower.cancel() }
            let summary = try await Worker(study: st, evaluator: evaluator, options: options).run(log: Out.line)
            follower.cancel()
            try? await follower.value
            _ = try? await progress.poll()  // the last trials, told just before the worker stopped
            if let sig = summary.stoppedBySignal {
                Out.error("naswift worker: stopped by signal \(sig); \(summary.released) trial(s) put back in the queue")
                throw ExitCode(128 + sig)
            }
            if summary.stoppedOnFailures {
                throw NaswiftError(.invalidArgument, "worker stopped: \(summary.reason)",
                                   hint: "fix the command (try it by hand with NASWIFT_ARCH set), then start the worker again; "
                                   + "raise --max-consecutive-failures if many architectures legitimately fail")
            }
        }
    }
}
