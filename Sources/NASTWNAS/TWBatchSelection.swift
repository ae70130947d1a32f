import NASCore
import NASLinalg
import NASSurrogates

/// The batch choice of `tw-kdpp` (METHODS §3.6): an exact k-DPP sample from the quality kernel.
public enum TWBatchSelection {
    /// `k` distinct candidate indices from the k-DPP with kernel `l` (`m x m`, PSD) whose
    /// candidates have posterior means `mean` (length m, standardised error).
    ///
    /// When `l` has rank r < k, no k-subset has positive probability (this happens when several
    /// candidates have identical tree-Wasserstein features, so equal rows of the posterior
    /// covariance, and few candidates are left): then an r-DPP sample is drawn and completed with
    /// the remaining candidates of best quality (lowest mean; first index on ties), instead of
    /// failing the whole run. With rank >= k this is exactly `KDPP.sample(l, k:rng:)`.
    public static func sample(_ l: Matrix, mean: [Double], k: Int, rng: inout SeededGenerator) throws -> [Int] {
        guard mean.count == l.rows else {
            throw NaswiftError.invalidArgument("k-DPP batch: \(mean.count) means for \(l.rows) candidates",
                                               hint: "pass one posterior mean per candidate")
        }
        var r = k
        while r >= 1 {
            if let sampler = try? KDPP.Sampler(l, k: r) {
                var picked = sampler.sample(using: &rng)
                if picked.count < k {
                    let taken = Set(picked)
                    let rest = mean.indices.filter { !taken.contains($0) }
                        .sorted { mean[$0] < mean[$1] || (mean[$0] == mean[$1] && $0 < $1) }
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
