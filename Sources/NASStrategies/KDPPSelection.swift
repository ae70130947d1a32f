import NASCore
import NASLinalg
import NASSurrogates

/// Batch choice by a quality k-DPP (TW-NAS, METHODS §3.6): `L = diag(q) Sigma diag(q)` over the
/// candidates' posterior covariance `Sigma`, with quality `q = exp(mean)` (the reference's
/// `exp(-mu)` of the standardised error), sampled exactly or by greedy MAP.
public enum KDPPSelection {
    /// `k` distinct candidate indices of `posterior` (which must carry its full covariance).
    public static func select(_ posterior: Posterior, k: Int, greedyMAP: Bool, rng: inout SeededGenerator) throws -> [Int] {
        guard let covariance = posterior.covariance else {
            throw NaswiftError.invalidArgument("k-DPP batch selection needs the full posterior covariance",
                                               hint: "ask the surrogate for a joint posterior")
        }
        let l = try KDPP.qualityKernel(similarity: covariance, mean: posterior.mean.map { -$0 })
        return greedyMAP ? try KDPP.greedyMAP(l, k: k) : try sample(l, values: posterior.mean, k: k, rng: &rng)
    }

    /// `k` distinct candidate indices from the k-DPP with kernel `l` (`m x m`, PSD) whose
    /// candidates have posterior means `values` (length m, larger is better).
    ///
    /// When `l` has rank r < k, no k-subset has positive probability (this happens when several
    /// candidates have identical tree-Wasserstein features, so equal rows of the posterior
    /// covariance, and few candidates are left): then an r-DPP sample is drawn and completed with
    /// the remaining candidates of best quality (highest value; first index on ties), instead of
    /// failing the whole run. With rank >= k this is exactly `KDPP.sample(l, k:rng:)`.
    public static func sample(_ l: Matrix, values: [Double], k: Int, rng: inout SeededGenerator) throws -> [Int] {
        guard values.count == l.rows else {
            throw NaswiftError.invalidArgument("k-DPP batch: \(values.count) means for \(l.rows) candidates",
                                               hint: "pass one posterior mean per candidate")
        }
        var r = k
        while r >= 1 {
            if let sampler = try? KDPP.Sampler(l, k: r) {
                var picked = sampler.sample(using: &rng)
                if picked.count < k {
                    let taken = Set(picked)
                    let rest = values.indices.filter { !taken.contains($0) }
                        .sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }
                    picked += rest.prefix(k - picked.count)
                }
                return picked
            }
            r -= 1
        }
        // Not even a 1-DPP (L is zero or invalid): let the sampler report why.
        return try KDPP.sample(l, k: k, rng: &rng)
    }
}
