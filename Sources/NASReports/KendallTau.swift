/// Kendall rank correlations between predictions and true values, for predictor reports (the NAC
/// of CTNAS, GP / ensemble surrogates).
public enum KendallTau {
    /// Kendall's tau-b of `x` and `y` (equal lengths, >= 2): `(C - D) / sqrt((n0 - n1)(n0 - n2))`
    /// with `n0 = n(n-1)/2` pairs, `n1` / `n2` the pairs tied in `x` / in `y` (as
    /// `scipy.stats.kendalltau`, variant "b"). NaN when fewer than 2 values or when either side is
    /// constant. O(n^2) pair loop (n is at most a few thousand held-out cells).
    public static func b(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "KendallTau.b: \(x.count) vs \(y.count) values")
        let n = x.count
        guard n >= 2 else { return .nan }
        var concordant = 0.0, discordant = 0.0, tiedX = 0.0, tiedY = 0.0
        for i in 0..<(n - 1) {
            for j in (i + 1)..<n {
                let dx = x[i] - x[j], dy = y[i] - y[j]
                if dx == 0 { tiedX += 1 }
                if dy == 0 { tiedY += 1 }
                if dx == 0 || dy == 0 { continue }
                if (dx > 0) == (dy > 0) { concordant += 1 } else { discordant += 1 }
            }
        }
        let pairs = Double(n) * Double(n - 1) / 2
        let denominator = ((pairs - tiedX) * (pairs - tiedY)).squareRoot()
        return denominator > 0 ? (concordant - discordant) / denominator : .nan
    }

    /// The pairwise "Kendall tau" of a comparator, as the CTNAS reference computes it
    /// (`compute_kendall_tau_AR`): the mean over pairs i < j of `sign(P(i better than j) - 0.5) *
    /// sign(value_i - value_j)` with the reference's sign convention `sign(0) = +1` (a tie in the
    /// values or a probability of exactly 0.5 counts as +1). `probability(i, j)` is asked for i < j
    /// only. NaN for fewer than 2 values.
    public static func pairwise(values: [Double], probability: (Int, Int) -> Double) -> Double {
        let n = values.count
        guard n >= 2 else { return .nan }
        func sign(_ v: Double) -> Double { v >= 0 ? 1 : -1 }
        var s = 0.0
        for i in 0..<(n - 1) {
            for j in (i + 1)..<n { s += sign(probability(i, j) - 0.5) * sign(values[i] - values[j]) }
        }
        return s / (Double(n) * Double(n - 1) / 2)
    }
}
