/// Where a trial is in its life: `queued` (proposed, waiting for a worker), `running` (claimed by a
/// worker or an `ask`), then `complete` or `failed` (final: a finished trial never changes again).
public enum TrialState: String, Sendable, Codable, CaseIterable, Hashable {
    case queued, running, complete, failed

    /// `complete` and `failed` are final.
    public var isFinished: Bool { self == .complete || self == .failed }
}

/// Whether a study maximises or minimises its metric. Strategies always maximise; a study negates
/// values of a minimised metric before telling its strategy.
public enum Direction: String, Sendable, Codable, CaseIterable, Hashable {
    case max, min

    /// Parses "max"/"maximize"/"min"/"minimize" (case-insensitive).
    public init(parsing text: String) throws {
        switch text.lowercased() {
        case "max", "maximize", "maximise": self = .max
        case "min", "minimize", "minimise": self = .min
        default:
            throw NaswiftErrorShim.invalid("unknown direction '\(text)'", hint: "use --direction max or --direction min")
        }
    }

    /// The value oriented so that larger is better (what strategies are told).
    public func oriented(_ value: Double) -> Double { self == .max ? value : -value }

    /// True when `a` is better than `b` in this direction.
    public func isBetter(_ a: Double, than b: Double) -> Bool { self == .max ? a > b : a < b }
}
