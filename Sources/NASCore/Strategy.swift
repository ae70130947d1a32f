/// One evaluated (or failed) architecture, as told to a strategy.
public struct Observation<Architecture: Hashable & Sendable>: Sendable {
    public let architecture: Architecture
    /// The guide metric, oriented so that larger is better; `nil` when the evaluation failed.
    public let value: Double?

    public init(_ architecture: Architecture, value: Double?) {
        self.architecture = architecture
        self.value = value
    }
}

/// An ask/tell search strategy (Optuna-style sampler).
///
/// A strategy proposes architectures (`ask`) and learns from results (`tell`); it never reads a
/// benchmark. Results are always "larger is better": a runner or study negates minimised metrics.
/// Strategies are deterministic given their seed and the sequence of calls.
public protocol Strategy {
    associatedtype Space: SearchSpace

    /// Registry name, e.g. "random", "re", "ls".
    var name: String { get }

    /// Proposes up to `count` architectures to evaluate next (at least one while the domain has
    /// unevaluated members). Asked-but-untold architectures are "in flight".
    mutating func ask(_ count: Int) throws -> [Space.Architecture]

    /// Reports results of earlier asks (or of evaluations made elsewhere, e.g. a study's stored
    /// trials when the strategy is rebuilt in another process).
    mutating func tell(_ observations: [Observation<Space.Architecture>]) throws

    /// Where the strategy's time went so far (seconds per phase, counts), for `naswift bench`;
    /// empty for strategies that keep no profile.
    var profile: [String: Double] { get }
}

extension Strategy {
    public var profile: [String: Double] { [:] }
}
