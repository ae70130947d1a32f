import Foundation

/// Answers trials from a tabular benchmark instead of training: the metric of the trial's
/// architecture as the benchmark recorded it, after sleeping the benchmark's training time scaled
/// by `timeScale` (e.g. 1e-4: a 2,000 s training takes 0.2 s), so workers, heartbeats and re-queues
/// behave as with real training, only faster. For tests and demos.
public struct TabularEvaluator: TrialEvaluator {
    /// What the benchmark says about one architecture (its string form).
    public struct Answer: Sendable {
        public var value: Double
        /// Simulated training seconds, if the benchmark records them.
        public var trainingSeconds: Double?

        public init(value: Double, trainingSeconds: Double?) {
            self.value = value
            self.trainingSeconds = trainingSeconds
        }
    }

    /// Looks an architecture up; throws `NaswiftError` when the benchmark does not cover it.
    public typealias Lookup = @Sendable (_ architecture: String) throws -> Answer

    public let lookup: Lookup
    public let timeScale: Double
    /// A label for messages, e.g. "nb201 cifar10-valid".
    public let source: String

    public init(source: String, timeScale: Double, lookup: @escaping Lookup) {
        self.source = source
        self.timeScale = timeScale
        self.lookup = lookup
    }

    public func evaluate(_ trial: TrialRecord, study: StudyRecord, architectureJSON: String) async -> Evaluation {
        let answer: Answer
        do {
            answer = try lookup(trial.architecture)
        } catch {
            return .failed("\(source) has no result for \(trial.architecture): \(error)")
        }
        if let s = answer.trainingSeconds, s > 0, timeScale > 0 {
            try? await Task.sleep(for: .milliseconds(Int((s * timeScale * 1000).rounded())))
        }
        return .value(answer.value)
    }
}
