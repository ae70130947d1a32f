import NASCore
import NASLinalg

/// Acquisition functions over a GP posterior (mean and variance per candidate).
///
/// Conventions: `.lowerConfidenceBound` and `.expectedImprovement` are for MINIMISED objectives
/// (validation error); `.upperConfidenceBound` is for MAXIMISED objectives (accuracy). `bestIndex`
/// applies the right direction: argmin of the LCB value, argmax of the UCB value and of EI.
public enum Acquisition: Sendable, Equatable {
    /// `mean - beta * spread` (pick the smallest). TW-NAS uses beta = 2 ln(100) (METHODS §3.5).
    case lowerConfidenceBound(beta: Double)
    /// `mean + beta * spread` (pick the largest).
    case upperConfidenceBound(beta: Double)
    /// Expected improvement below `best` (the lowest observed value, minimisation) with margin
    /// `xi`: `(best - mean - xi) Phi(z) + spread * phi(z)`, `z = (best - mean - xi) / spread` (pick the largest).
    case expectedImprovement(best: Double, xi: Double = 0)

    /// What multiplies beta / scales EI.
    public enum Spread: Sendable, Equatable {
        /// The posterior standard deviation (correct).
        case standardDeviation
        /// The posterior VARIANCE, as the TW-NAS reference code does (its quirk, METHODS §3.5).
        case varianceQuirk
    }

    /// TW-NAS's LCB exploration weight `2 ln(100)`.
    public static let twNASBeta = 2 * log(100.0)

    /// The acquisition value per candidate (length m) for posterior `mean` and `variance` (length m).
    public func values(mean: [Double], variance: [Double], spread: Spread = .standardDeviation) throws -> [Double] {
        guard mean.count == variance.count else {
            throw NaswiftError.invalidArgument("acquisition: \(mean.count) means but \(variance.count) variances",
                                               hint: "pass one mean and one variance per candidate")
        }
        if let i = (mean + variance).firstIndex(where: { !$0.isFinite }) {
            throw NaswiftError(.numerical, "acquisition: non-finite posterior value at position \(i)", hint: "check the GP posterior")
        }
        let s = variance.map { v in spread == .standardDeviation ? max(v, 0).squareRoot() : max(v, 0) }
        switch self {
        case let .lowerConfidenceBound(beta):
            return zip(mean, s).map { $0 - beta * $1 }
        case let .upperConfidenceBound(beta):
            return zip(mean, s).map { $0 + beta * $1 }
        case let .expectedImprovement(best, xi):
            return zip(mean, s).map { mu, sd in
                let imp = best - mu - xi
                guard sd > 0 else { return max(imp, 0) }
                let z = imp / sd
                return imp * Normal.cdf(z) + sd * Normal.pdf(z)
            }
        }
    }

    /// True when a smaller value is better (LCB).
    public var prefersSmaller: Bool {
        if case .lowerConfidenceBound = self { return true }
        return false
    }

    /// The index of the best candidate (first one on ties).
    public func bestIndex(mean: [Double], variance: [Double], spread: Spread = .standardDeviation) throws -> Int {
        let v = try values(mean: mean, variance: variance, spread: spread)
        guard !v.isEmpty else {
            throw NaswiftError.invalidArgument("acquisition over zero candidates", hint: "generate at least one candidate")
        }
        var best = 0
        for i in 1..<max(v.count, 1) where i < v.count {
            if prefersSmaller ? v[i] < v[best] : v[i] > v[best] { best = i }
        }
        return best
    }
}

import Foundation
