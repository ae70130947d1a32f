import Foundation
import NASCore
import NASLinalg

/// k-determinantal point processes over an L-ensemble `L` (`N x N`, symmetric PSD):
/// `P(S) = det(L_S) / e_k(lambda)` for `|S| = k` (Kulesza & Taskar 2012).
public enum KDPP {
    /// The quality-diversity kernel of TW-NAS batch BO (METHODS §3.6):
    /// `L = diag(q) S diag(q)` with `q = exp(-mean)` (`S` is `N x N`, `mean` has length N).
    public static func qualityKernel(similarity s: Matrix, mean: [Double]) throws -> Matrix {
        try s.requireSquare("build a quality kernel from")
        guard mean.count == s.rows else {
            throw NaswiftError.invalidArgument("quality kernel: \(mean.count) means for a \(s.shapeDescription) similarity matrix",
                                               hint: "pass one posterior mean per candidate")
        }
        try s.requireFinite("quality kernel similarity")
        if let i = mean.firstIndex(where: { !$0.isFinite }) {
            throw NaswiftError(.numerical, "quality kernel: mean \(i) is \(mean[i])", hint: "remove NaN/Inf means")
        }
        let q = mean.map { exp(-$0) }
        var l = s
        for i in 0..<s.rows { for j in 0..<s.cols { l[i, j] *= q[i] * q[j] } }
        return l
    }

    /// Elementary symmetric polynomials `E[l][n] = e_l(lambda_1..lambda_n)` for l = 0...k,
    /// n = 0...N (`(k+1) x (N+1)` table; Kulesza & Taskar Alg. 7).
    public static func elementarySymmetric(_ lambda: [Double], k: Int) -> [[Double]] {
        let n = lambda.count
        var e = [[Double]](repeating: [Double](repeating: 0, count: n + 1), count: k + 1)
        for j in 0...n { e[0][j] = 1 }
        if k >= 1 {
            for l in 1...k {
                for j in 1...max(n, 1) where j <= n {
                    e[l][j] = e[l][j - 1] + lambda[j - 1] * e[l - 1][j - 1]
                }
            }
        }
        return e
    }

    /// A sampler that decomposes `L` once and then draws any number of k-subsets.
    public struct Sampler: Sendable {
        public let k: Int
        /// Eigenvalues (clamped at 0, scaled by the largest) and eigenvectors (columns) of `L`.
        let lambda: [Double]
        let vectors: Matrix
        let e: [[Double]]

        /// Throws if `L` is not square/symmetric/finite, `k` is outside 1...N, or `L` has fewer
        /// than `k` positive eigenvalues (then no k-subset has positive probability).
        public init(_ l: Matrix, k: Int) throws {
            try l.requireSquare("sample a k-DPP from")
            let n = l.rows
            guard k >= 1, k <= n else {
                throw NaswiftError.invalidArgument("k-DPP size k = \(k) must be in 1...\(n) (the number of items)",
                                                   hint: "choose a batch size between 1 and the number of candidates")
            }
            let eig = try SymmetricEigen(l)
            let top = eig.values.last ?? 0
            guard top > 0 else {
                throw NaswiftError(.numerical, "k-DPP kernel has no positive eigenvalue", hint: "L must be positive semi-definite and non-zero")
            }
            // Eigenvalues below N * eps * top are numerical zeros (L is PSD).
            let cut = Double(n) * Double.ulpOfOne * top
            lambda = eig.values.map { $0 > cut ? $0 / top : 0 }
            vectors = eig.vectors
            self.k = k
            e = KDPP.elementarySymmetric(lambda, k: k)
            guard e[k][n] > 0, lambda.filter({ $0 > 0 }).count >= k else {
                throw NaswiftError(.numerical,
                                   "k-DPP kernel has rank \(lambda.filter { $0 > 0 }.count) < k = \(k): every \(k)-subset has probability 0",
                                   hint: "use a smaller k or a kernel of higher rank (add jitter to L)")
            }
        }

        /// One exact sample: k distinct item indices, ascending (Kulesza & Taskar Alg. 8 then the
        /// projection-DPP phase of Alg. 1).
        public func sample(using rng: inout SeededGenerator) -> [Int] {
            let n = lambda.count
            // Phase 1: choose k eigenvectors.
            var chosen: [Int] = []
            var l = k
            var j = n
            while l > 0 && j > 0 {
                let p = lambda[j - 1] * e[l - 1][j - 1] / e[l][j]
                if j == l || rng.uniform() < p { chosen.append(j - 1); l -= 1 }
                j -= 1
            }
            // Phase 2: sample items from the projection DPP spanned by the chosen eigenvectors.
            var v: [[Double]] = chosen.map { vectors.column($0) }      // columns as arrays
            var items: [Int] = []
            while !v.isEmpty {
                var probs = [Double](repeating: 0, count: n)
                for col in v { for i in 0..<n { probs[i] += col[i] * col[i] } }
                for i in items { probs[i] = 0 }
                let total = probs.reduce(0, +)
                var u = rng.uniform() * total
                var pick = n - 1
                for i in 0..<n { u -= probs[i]; if u < 0 { pick = i; break } }
                while probs[pick] == 0, pick > 0 { pick -= 1 }   // guard against rounding at the end
                items.append(pick)
                // Eliminate the column with the largest |v[pick]|, project the rest orthogonal to e_pick.
                let jc = v.indices.max { abs(v[$0][pick]) < abs(v[$1][pick]) }!
                let pivot = v[jc]
                v.remove(at: jc)
                for c in v.indices {
                    let f = v[c][pick] / pivot[pick]
                    for i in 0..<n { v[c][i] -= f * pivot[i] }
                }
                // Re-orthonormalise (modified Gram-Schmidt).
                for c in v.indices {
                    for b in 0..<c {
                        let d = zip(v[c], v[b]).reduce(0) { $0 + $1.0 * $1.1 }
                        for i in 0..<n { v[c][i] -= d * v[b][i] }
                    }
                    let norm = v[c].reduce(0) { $0 + $1 * $1 }.squareRoot()
                    if norm > 0 { for i in 0..<n { v[c][i] /= norm } }
                }
            }
            return items.sorted()
        }
    }

    /// One exact k-DPP sample from `L` (see `Sampler` to draw many from one decomposition).
    public static func sample(_ l: Matrix, k: Int, rng: inout SeededGenerator) throws -> [Int] {
        try Sampler(l, k: k).sample(using: &rng)
    }

    /// Greedy MAP: repeatedly add the item that maximises `det(L_S)` (incremental Cholesky, Chen,
    /// Zhang & Zhou 2018), returning k items in the order chosen. When the remaining gains are all
    /// zero (rank of L below k) it still picks the largest remaining gain, so k items are returned.
    public static func greedyMAP(_ l: Matrix, k: Int) throws -> [Int] {
        try l.requireSquare("find the k-DPP MAP of")
        try l.requireFinite("k-DPP kernel")
        try l.requireSymmetric("k-DPP kernel")
        let n = l.rows
        guard k >= 1, k <= n else {
            throw NaswiftError.invalidArgument("k-DPP size k = \(k) must be in 1...\(n) (the number of items)",
                                               hint: "choose a batch size between 1 and the number of candidates")
        }
        var c = [[Double]](repeating: [], count: n)     // c[i]: the Cholesky row of item i so far
        var d2 = l.diagonal                             // marginal gains (conditional variances)
        var selected: [Int] = []
        var taken = [Bool](repeating: false, count: n)
        while selected.count < k {
            var j = -1
            for i in 0..<n where !taken[i] && (j < 0 || d2[i] > d2[j]) { j = i }
            selected.append(j)
            taken[j] = true
            if selected.count == k { break }
            let dj = max(d2[j], 0).squareRoot()
            for i in 0..<n where !taken[i] {
                var dot = 0.0
                for t in c[j].indices { dot += c[j][t] * c[i][t] }
                let ei = dj > 0 ? (l[j, i] - dot) / dj : 0
                c[i].append(ei)
                d2[i] -= ei * ei
            }
            c[j].append(dj)
        }
        return selected
    }
}
