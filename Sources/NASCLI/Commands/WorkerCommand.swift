import ArgumentParser
import Foundation
import NASCore
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
            """)

    @Option(help: "Study name.") var study: String
    @OptionGroup var storage: StorageOptions
    @Option(help: "Worker id stored with its trials (default: host-pid).") var workerID: String?
    @Option(help: "Seconds between heartbeats (default: a quarter of the study's heartbeat timeout).") var heartbeatInterval: Double?
    @Option(help: "Seconds between asks while the remaining trials run elsewhere.") var pollInterval: Double = 0.5
    @Option(help: "Stop after this many trials.") var maxTrials: Int?
    @Argument(parsing: .postTerminator, help: "The training command and its arguments, after --.") var command: [String] = []

    public init() {}

    public func validate() throws {
        if command.isEmpty {
            throw ValidationError("give the training command after --, e.g. naswift worker --study s -- python train.py")
        }
        if let h = heartbeatInterval, !(h > 0) { throw ValidationError("--heartbeat-interval must be positive") }
        if !(pollInterval > 0) { throw ValidationError("--poll-interval must be positive") }
        if let m = maxTrials, m < 1 { throw ValidationError("--max-trials must be at least 1") }
    }

    public func run() async throws {
        let evaluator: any TrialEvaluator = CommandEvaluator(command: command)
        let options = WorkerOptions(workerID: workerID ?? WorkerOptions.defaultID(), heartbeatInterval: heartbeatInterval,
                                    pollInterval: pollInterval, maxTrials: maxTrials)
        try await storage.with { s in
            let st = try await Study.load(study, storage: s)
            try await Worker(study: st, evaluator: evaluator, options: options).run(log: Out.line)
        }
    }
}
