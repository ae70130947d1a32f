/// Where a trial is in its life: `queued` (proposed, waiting for a worker), `running` (claimed by a
/// worker or an `ask`), then `complete` or `failed` (final: a finished trial never changes again).
public enum TrialState: String, Sendable, Codable, CaseIterable, Hashable {
    case queued, running, complete, failed

    /// `complete` and `failed` are final.
    public var isFinished: Bool { self == .complete || self == .failed }
}
