/// Evaluates one trial for a worker: the user's training command (`CommandEvaluator`) or a
/// tabular benchmark (`TabularEvaluator`).
public protocol TrialEvaluator: Sendable {
    /// Trains/evaluates `trial` and returns the metric or why it failed. Never throws: every
    /// failure becomes `.failed` so the worker records it and goes on.
    func evaluate(_ trial: TrialRecord, study: StudyRecord, architectureJSON: String) async -> Evaluation
}

/// The result of one evaluation.
public enum Evaluation: Sendable, Equatable {
    /// The metric as measured (not negated).
    case value(Double)
    /// Why the trial failed, including the command's stderr when there is one.
    case failed(String)
    /// The command could not be started (not found, not executable): says nothing about the
    /// architecture, so the worker puts the trial back in the queue instead of failing it.
    case notStarted(String)

    var outcome: TrialOutcome {
        switch self {
        case .value(let v): return v.isFinite ? .complete(value: v) : .failed(message: "the metric \(v) is not a finite number")
        case .failed(let m), .notStarted(let m): return .failed(message: m)
        }
    }

    var message: String? {
        switch self {
        case .value: return nil
        case .failed(let m), .notStarted(let m): return m
        }
    }
}
