import Foundation

/// Small statistics for reports and tests. NaN entries are dropped first.
public enum Statistics {
    /// Mean and population standard deviation (ddof = 0, as numpy's `np.std` used by the reference
    /// code bases); (NaN, NaN) for no finite values.
    public static func meanStd(_ values: [Double]) -> (mean: Double, std: Double) {
        let v = values.filter { !$0.isNaN }
        guard !v.isEmpty else { return (.nan, .nan) }
        let m = v.reduce(0, +) / Double(v.count)
        let s = (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count)).squareRoot()
        return (m, s)
    }

    /// Pearson's correlation of `x` and `y` (equal lengths); NaN for fewer than 2 values or a
    /// constant side.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "Statistics.pearson: \(x.count) vs \(y.count) values")
        guard x.count >= 2 else { return .nan }
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) { sxy += (a - mx) * (b - my); sxx += (a - mx) * (a - mx); syy += (b - my) * (b - my) }
        let den = (sxx * syy).squareRoot()
        return den > 0 ? sxy / den : .nan
    }

    /// One-sided Mann-Whitney U test of H1 "values of `a` tend to be larger than values of `b`".
    /// Returns U of `a` and the p-value from the normal approximation with tie correction and
    /// continuity correction (as scipy.stats.mannwhitneyu(a, b, alternative="greater",
    /// method="asymptotic")).
    public static func mannWhitneyGreater(_ a: [Double], _ b: [Double]) -> (u: Double, p: Double) {
        let x = a.filter { !$0.isNaN }, y = b.filter { !$0.isNaN }
        let n1 = Double(x.count), n2 = Double(y.count)
        guard n1 > 0, n2 > 0 else { return (.nan, .nan) }
        // Average ranks of the pooled sample.
        let pooled = (x.map { ($0, 0) } + y.map { ($0, 1) }).sorted { $0.0 < $1.0 }
        var ranks = [Double](repeating: 0, count: pooled.count)
        var tieTerm = 0.0
        var i = 0
        while i < pooled.count {
            var j = i
            while j + 1 < pooled.count && pooled[j + 1].0 == pooled[i].0 { j += 1 }
            let r = Double(i + j + 2) / 2
            for k in i...j { ranks[k] = r }
            let t = Double(j - i + 1)
            tieTerm += t * t * t - t
            i = j + 1
        }
        var r1 = 0.0
        for (k, p) in pooled.enumerated() where p.1 == 0 { r1 += ranks[k] }
        let u = r1 - n1 * (n1 + 1) / 2
        let n = n1 + n2
        let mu = n1 * n2 / 2
        let sigma = (n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1)))).squareRoot()
        guard sigma > 0 else { return (u, 1) }  // every value tied: no evidence
        let z = (u - mu - 0.5) / sigma
        return (u, 0.5 * erfc(z / 2.0.squareRoot()))
    }
}
