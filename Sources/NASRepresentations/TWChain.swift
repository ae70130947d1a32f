/// Optimal transport on a chain (a 1-D tree): the degree terms of the TW-NAS discrepancy.
///
/// `u` has `n` bins placed at positions `i / n` (i = 0..<n) and `v` has `m` bins at `j / m`; both
/// are probability vectors. The cost of moving mass between positions p and q is |p - q|. Because
/// both supports lie on a line, the monotone (north-west corner) coupling is optimal, and the
/// transport cost is computed in O(n + m).
public enum TWChain {
    public static func distance(_ u: [Double], _ v: [Double]) -> Double {
        let n = u.count, m = v.count
        guard n > 0, m > 0 else { return 0 }
        var i = 0, j = 0
        var ru = u[0], rv = v[0]          // mass remaining in the current bins
        var cost = 0.0
        let eps = 1e-12
        while i < n && j < m {
            let moved = min(ru, rv)
            cost += moved * abs(Double(i) / Double(n) - Double(j) / Double(m))
            ru -= moved; rv -= moved
            if ru <= eps { i += 1; if i < n { ru = u[i] } }
            if rv <= eps { j += 1; if j < m { rv = v[j] } }
        }
        return cost
    }
}
