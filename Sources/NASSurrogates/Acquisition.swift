import Foundation
import NASCore
import NASLinalg

/// Acquisition functions: scores of a `Posterior`'s candidates where LARGER IS BETTER, for a
/// posterior of a value that is maximised (every strategy sees "larger is better").
///
/// TW-NAS's LCB on the validation error is the UCB here (`mean + beta * spread` of the value).
public enum Acquisition: Sendable, Equatable {
    /// `mean + beta * spread`. TW-NAS uses beta = 2 ln(100) on the variance (METHODS §3.5).
    case upperConfidenceBound(beta: Double)
    /// Expected improvement over the posterior's incumbent with margin `xi`:
    /// `imp Phi(imp / s) + s phi(imp / s)`, `imp = mean - incumbent - xi`.
    case expectedImprovement(xi: Double = 0)
    /// `log EI` over a fixed `target` (arch2vec-BO's 1.0 / 0.95) or, when nil, the incumbent;
    /// finite where EI underflows, so far-below-target candidates stay ranked.
    case logExpectedImprovement(target: Double?)
    /// Independent Thompson sampling: one draw from `N(mean, spread)` per candidate (BANANAS's
    /// `its`), `mean - spread * z` with `z` a standard normal from the strategy's generator.
    case independentThompson

    /// What multiplies beta / scales EI.
    public enum Spread: String, Sendable, Equatable {
        /// The posterior standard deviation (correct).
        case standardDeviation = "std"
        /// The posterior VARIANCE, as the TW-NAS and arch2vec reference codes do (their quirk).
        case variance
    }

    /// TW-NAS's exploration weight `2 ln(100)`.
    public static let twNASBeta = 2 * log(100.0)

    /// One score per candidate of `posterior` (larger is better). Thompson sampling draws from `rng`
    /// in candidate order; the other functions do not touch it.
    public func scores(_ posterior: Posterior, spread: Spread = .standardDeviation,
                       rng: inout SeededGenerator) throws -> [Double] {
        let mean = posterior.mean, variance = posterior.variance
        guard mean.count == variance.count else {
            throw NaswiftError.invalidArgument("acquisition: \(mean.count) means but \(variance.count) variances",
                                               hint: "pass one mean and one variance per candidate")
        }
        if let i = (mean + variance).firstIndex(where: { !$0.isFinite }) {
            throw NaswiftError(.numerical, "acquisition: non-finite posterior value at position \(i)", hint: "check the surrogate's posterior")
        }
        let s = variance.map { v in spread == .standardDeviation ? max(v, 0).squareRoot() : max(v, 0) }
        switch self {
        case let .upperConfidenceBound(beta):
            return zip(mean, s).map { $0 + beta * $1 }
        case let .expectedImprovement(xi):
            return zip(mean, s).map { mu, sd in Self.expectedImprovement(improvement: mu - posterior.incumbent - xi, spread: sd) }
        case let .logExpectedImprovement(target):
            let t = target ?? posterior.incumbent
            return zip(mean, s).map { mu, sd in Self.logExpectedImprovement(improvement: mu - t, spread: sd) }
        case .independentThompson:
            return zip(mean, s).map { mu, sd in mu - sd * rng.normal() }
        }
    }

    /// `EI = imp Phi(imp/s) + s phi(imp/s)` for improvement `imp` and spread `s` (`max(imp, 0)`
    /// when `s <= 0`).
    public static func expectedImprovement(improvement imp: Double, spread sd: Double) -> Double {
        guard sd > 0 else { return max(imp, 0) }
        let z = imp / sd
        return imp * Normal.cdf(z) + sd * Normal.pdf(z)
    }

    /// Candidate indices by decreasing score, ties to the lower index.
    public static func ranking(_ scores: [Double]) -> [Int] {
        scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
    }
}
