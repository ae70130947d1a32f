import NASCore
import NASLinalg

/// A model of "how good is an architecture": fitted on encoded architectures with their values
/// (larger is better), it returns a posterior at candidates. GP (vector and distance kernels),
/// DNGO and the BANANAS ensemble conform; a model-based strategy (`ModelBasedSearch`) asks it
/// once per model iteration.
///
/// A surrogate is a value that owns its training data and its randomness (seeded at
/// construction), so a strategy's copy continues exactly like the original.
public protocol Surrogate<Code>: Sendable {
    associatedtype Code: Sendable

    /// Adds one successful observation (its code and its value, larger is better), in tell order.
    mutating func append(_ code: Code, value: Double) throws

    /// Fits the model to every observation so far (refit schedules are the surrogate's own: a GP
    /// may reuse its hyper-parameters between refits) and returns the posterior at `candidates`.
    /// `joint` asks for the full candidate covariance (k-DPP batches).
    mutating func posterior(at candidates: [Code], joint: Bool) throws -> Posterior

    /// Where the surrogate's time went (seconds per phase, counts), merged into the strategy's
    /// profile; empty by default.
    var profile: [String: Double] { get }
}

extension Surrogate {
    public var profile: [String: Double] { [:] }
}

/// A surrogate's prediction at m candidates, in the surrogate's own units (a GP's standardised
/// values, DNGO's scaled values), larger is better.
public struct Posterior: Sendable {
    /// Mean per candidate, length m.
    public var mean: [Double]
    /// Variance per candidate, length m (>= 0).
    public var variance: [Double]
    /// Full `m x m` covariance when asked for (`joint`), else nil.
    public var covariance: Matrix?
    /// The best observed value in the same units (expected improvement's incumbent).
    public var incumbent: Double

    public init(mean: [Double], variance: [Double], covariance: Matrix? = nil, incumbent: Double) {
        self.mean = mean
        self.variance = variance
        self.covariance = covariance
        self.incumbent = incumbent
    }

    /// Number of candidates.
    public var count: Int { mean.count }
}
