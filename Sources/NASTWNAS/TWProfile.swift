import Dispatch

/// Seconds spent per phase by one TW-NAS strategy instance (read by `naswift bench tw`).
public struct TWProfile: Sendable, Equatable {
    /// Training-set distances (one row per tell).
    public var trainDistanceSeconds = 0.0
    /// Candidate generation (mutations, de-duplication).
    public var candidateSeconds = 0.0
    /// Candidate features and cross / candidate distance matrices.
    public var candidateDistanceSeconds = 0.0
    /// Marginal-likelihood fitting (restarts + L-BFGS-B).
    public var fitSeconds = 0.0
    /// GP construction with reused hyper-parameters (Cholesky).
    public var gpSeconds = 0.0
    /// Posterior mean and covariance over the candidates.
    public var predictSeconds = 0.0
    /// Acquisition or k-DPP selection.
    public var selectSeconds = 0.0
    public var fits = 0

    public init() {}

    public var totalSeconds: Double {
        trainDistanceSeconds + candidateSeconds + candidateDistanceSeconds + fitSeconds + gpSeconds + predictSeconds + selectSeconds
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
