import Foundation

/// Evaluates trials by running the user's training command once per trial.
///
/// The command sees the trial in its environment:
/// - `NASWIFT_ARCH`: the architecture in its space's string form;
/// - `NASWIFT_ARCH_JSON`: path of a file holding the architecture's JSON object;
/// - `NASWIFT_TRIAL_ID`, `NASWIFT_TRIAL_NUMBER`, `NASWIFT_STUDY`, `NASWIFT_METRIC`.
/// It reports by printing, as its last JSON line on stdout, `{"value": <metric>}`. A non-zero exit,
/// a signal, or no metric fails the trial; the message keeps the end of the command's stderr.
public struct CommandEvaluator: TrialEvaluator {
    public let command: [String]
    /// Where the per-trial JSON files are written (removed after each trial).
    public let scratchDirectory: URL
    /// Bytes of stderr kept in a failed trial's message.
    public let stderrLimit: Int
    /// Seconds a trial's command may run; then its process group is terminated (SIGTERM, SIGKILL
    /// 5 s later) and the trial fails. nil: no limit.
    public let trialTimeout: Double?

    public init(command: [String], scratchDirectory: URL = FileManager.default.temporaryDirectory,
                stderrLimit: Int = 8_192, trialTimeout: Double? = nil) {
        self.command = command
        self.scratchDirectory = scratchDirectory
        self.stderrLimit = stderrLimit
        self.trialTimeout = trialTimeout
    }

    public func evaluate(_ trial: TrialRecord, study: StudyRecord, architectureJSON: String) async -> Evaluation {
        let jsonURL = scratchDirectory.appendingPathComponent("naswift-trial-\(trial.id)-\(UUID().uuidString.prefix(8)).json")
        defer { try? FileManager.default.removeItem(at: jsonURL) }
        do {
            try Data(architectureJSON.utf8).write(to: jsonURL)
        } catch {
            return .failed("cannot write the architecture JSON file \(jsonURL.path): \(error)")
        }
        var env = ProcessInfo.processInfo.environment
        env["NASWIFT_ARCH"] = trial.architecture
        env["NASWIFT_ARCH_JSON"] = jsonURL.path
        env["NASWIFT_TRIAL_ID"] = String(trial.id)
        env["NASWIFT_TRIAL_NUMBER"] = String(trial.number)
        env["NASWIFT_STUDY"] = study.name
        env["NASWIFT_METRIC"] = study.spec.metric
        let result: CommandRunner.Result
        do {
            result = try await CommandRunner.run(command, environment: env, timeout: trialTimeout)
        } catch {
            return .notStarted("cannot start command \(command.joined(separator: " ")): \(error)")
        }
        let name = command.first ?? "command"
        // The command runs through /usr/bin/env, which exits 127 when it is not found and 126
        // when it cannot be executed (the command itself never ran).
        if !result.signalled && (result.status == 127 || result.status == 126)
            && (result.stderr.hasPrefix("/usr/bin/env:") || result.stderr.hasPrefix("env:")) {
            let why = result.status == 127 ? "was not found (check its name and $PATH)" : "cannot be executed (check its permissions)"
            return .notStarted(withStderr("command '\(name)' \(why)", result.stderr))
        }
        if result.timedOut {
            return .failed(withStderr("\(name) ran past the trial timeout of \(trialTimeout ?? 0) s (--trial-timeout); "
                                      + "its process group was terminated", result.stderr))
        }
        if result.signalled {
            return .failed(withStderr("\(name) was killed by signal \(result.status)", result.stderr))
        }
        if result.status != 0 {
            return .failed(withStderr("\(name) exited with status \(result.status)", result.stderr))
        }
        switch MetricLine.parse(stdout: result.stdout, metric: study.spec.metric) {
        case .success(let v): return .value(v)
        case .failure(let e): return .failed(withStderr("\(name) exited 0 but \(e.message)", result.stderr))
        }
    }

    private func withStderr(_ reason: String, _ stderr: String) -> String {
        let trimmed = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return reason + " (stderr was empty)" }
        let tail = trimmed.utf8.count > stderrLimit ? "..." + String(decoding: Array(trimmed.utf8.suffix(stderrLimit)), as: UTF8.self) : trimmed
        return reason + "\n--- stderr ---\n" + tail
    }
}
