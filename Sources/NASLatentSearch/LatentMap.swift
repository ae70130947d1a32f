import Foundation
import NASCore
import NASLinalg

/// 2-D maps of embedding vectors: PCA (fast, linear) and exact t-SNE (van der Maaten & Hinton
/// 2008). Inputs are row-major `[n, d]` Double; outputs row-major `[n, 2]`.
public enum LatentMap {
    /// Squared Euclidean distances between all rows of `x` (`[n, d]`), `[n, n]`, through the one
    /// gemm: `|a|^2 + |b|^2 - 2 a.b`, clamped at 0 with an exact zero diagonal.
    public static func squaredDistances(_ x: [Double], n: Int, d: Int) throws -> [Double] {
        let m = try Matrix(rows: n, cols: d, storage: x)
        let gram = try m.multiplied(by: m, transposeOther: true)
        var out = gram.storage
        for i in 0..<n {
            for j in 0..<n { out[i * n + j] = max(gram.storage[i * n + i] + gram.storage[j * n + j] - 2 * gram.storage[i * n + j], 0) }
            out[i * n + i] = 0
        }
        return out
    }

    /// Projection on the first two principal components (`[n, 2]`), each component's sign fixed
    /// so that its largest-magnitude loading is positive. Also returns the explained variance ratio
    /// of the two components.
    public static func pca(_ x: [Double], n: Int, d: Int) throws -> (points: [Double], explained: [Double]) {
        guard n >= 2, d >= 2, x.count == n * d else {
            throw NaswiftError.invalidArgument("PCA needs at least 2 points of dimension >= 2 (got \(n) x \(d), \(x.count) numbers)",
                                               hint: "pass a row-major [n, d] matrix")
        }
        var centred = x
        for j in 0..<d {
            var mu = 0.0
            for i in 0..<n { mu += x[i * d + j] }
            mu /= Double(n)
            for i in 0..<n { centred[i * d + j] -= mu }
        }
        let c = try Matrix(rows: n, cols: d, storage: centred)
        var cov = try c.multiplied(by: c, transposeSelf: true)
        for k in 0..<cov.storage.count { cov.storage[k] /= Double(n - 1) }
        // Exact symmetry for the eigen solver.
        for i in 0..<d { for j in 0..<i { let v = (cov[i, j] + cov[j, i]) / 2; cov[i, j] = v; cov[j, i] = v } }
        let eig = try SymmetricEigen(cov)
        let total = max(eig.values.reduce(0, +), .leastNonzeroMagnitude)
        var comps: [[Double]] = []
        for j in [d - 1, d - 2] {
            var v = eig.vectors.column(j)
            if let big = v.indices.max(by: { abs(v[$0]) < abs(v[$1]) }), v[big] < 0 { v = v.map { -$0 } }
            comps.append(v)
        }
        let w = try Matrix(rows: 2, cols: d, storage: comps[0] + comps[1])
        let projected = try c.multiplied(by: w, transposeOther: true)
        return (projected.storage, [eig.values[d - 1] / total, eig.values[d - 2] / total])
    }

    public struct TSNESettings: Sendable, Equatable {
        public var perplexity = 30.0
        public var iterations = 1000
        public var learningRate = 200.0
        /// P is multiplied by this for the first `exaggerationIterations` iterations.
        public var exaggeration = 12.0
        public var exaggerationIterations = 250
        /// Momentum 0.5 during early exaggeration, then 0.8.
        public var initialMomentum = 0.5, finalMomentum = 0.8
        public init() {}
    }

    /// Joint probabilities `P` (`[n, n]`, symmetric, sums to 1): per point a Gaussian conditional
    /// whose precision is found by bisection so its perplexity (2^entropy) matches `perplexity`.
    public static func affinities(squaredDistances d2: [Double], n: Int, perplexity: Double) throws -> [Double] {
        guard perplexity >= 1, Double(n - 1) > perplexity else {
            throw NaswiftError.invalidArgument("t-SNE perplexity \(perplexity) must be at least 1 and below the number of points - 1 (\(n - 1))",
                                               hint: "use more points or a smaller perplexity (e.g. 30)")
        }
        let target = log(perplexity)
        var p = [Double](repeating: 0, count: n * n)
        var row = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var beta = 1.0, lo = 0.0, hi = Double.infinity
            // Shift by the smallest off-diagonal distance for stability.
            var dmin = Double.infinity
            for j in 0..<n where j != i { dmin = min(dmin, d2[i * n + j]) }
            for _ in 0..<100 {
                var sum = 0.0, weighted = 0.0
                for j in 0..<n where j != i {
                    let e = exp(-beta * (d2[i * n + j] - dmin))
                    row[j] = e; sum += e; weighted += e * (d2[i * n + j] - dmin)
                }
                let entropy = log(sum) + beta * weighted / sum
                if abs(entropy - target) < 1e-5 { break }
                if entropy > target { lo = beta; beta = hi.isFinite ? (beta + hi) / 2 : beta * 2 }
                else { hi = beta; beta = (beta + lo) / 2 }
            }
            var sum = 0.0
            for j in 0..<n where j != i { row[j] = exp(-beta * (d2[i * n + j] - dmin)); sum += row[j] }
            for j in 0..<n where j != i { p[i * n + j] = row[j] / sum }
        }
        var joint = p
        let norm = 2 * Double(n)
        for i in 0..<n { for j in 0..<n { joint[i * n + j] = max((p[i * n + j] + p[j * n + i]) / norm, 1e-12) } }
        for i in 0..<n { joint[i * n + i] = 0 }
        return joint
    }

    /// KL(P || Q) of a 2-D layout `y` (`[n, 2]`) with Student-t affinities Q.
    public static func klDivergence(p: [Double], y: [Double], n: Int) -> Double {
        var z = 0.0
        for i in 0..<n { for j in 0..<n where j != i { z += 1 / (1 + dist2(y, i, j)) } }
        var kl = 0.0
        for i in 0..<n {
            for j in 0..<n where j != i && p[i * n + j] > 0 {
                let q = max(1 / (1 + dist2(y, i, j)) / z, 1e-12)
                kl += p[i * n + j] * log(p[i * n + j] / q)
            }
        }
        return kl
    }

    /// Exact t-SNE of `x` (`[n, d]`): gradient descent with momentum and per-coordinate gains on
    /// KL(P || Q), early exaggeration, initial layout N(0, 1e-4) from `seed`. Returns `[n, 2]`.
    public static func tsne(_ x: [Double], n: Int, d: Int, settings: TSNESettings = TSNESettings(), seed: UInt64) throws -> [Double] {
        guard x.count == n * d, n >= 3, d >= 1 else {
            throw NaswiftError.invalidArgument("t-SNE needs at least 3 points (got \(n) x \(d), \(x.count) numbers)",
                                               hint: "pass a row-major [n, d] matrix")
        }
        let p = try affinities(squaredDistances: try squaredDistances(x, n: n, d: d), n: n, perplexity: settings.perplexity)
        var rng = SeededGenerator(seed: seed, stream: 0x75E)
        var y = (0..<(2 * n)).map { _ in 1e-2 * gaussian(&rng) }
        var velocity = [Double](repeating: 0, count: 2 * n), gains = [Double](repeating: 1, count: 2 * n)
        var num = [Double](repeating: 0, count: n * n)
        var grad = [Double](repeating: 0, count: 2 * n)
        for it in 0..<settings.iterations {
            let exaggeration = it < settings.exaggerationIterations ? settings.exaggeration : 1
            let momentum = it < settings.exaggerationIterations ? settings.initialMomentum : settings.finalMomentum
            var z = 0.0
            for i in 0..<n {
                for j in (i + 1)..<max(n, i + 1) {
                    let v = 1 / (1 + dist2(y, i, j))
                    num[i * n + j] = v; num[j * n + i] = v; z += 2 * v
                }
            }
            for i in 0..<n {
                var g0 = 0.0, g1 = 0.0
                for j in 0..<n where j != i {
                    let w = (exaggeration * p[i * n + j] - num[i * n + j] / z) * num[i * n + j]
                    g0 += w * (y[2 * i] - y[2 * j]); g1 += w * (y[2 * i + 1] - y[2 * j + 1])
                }
                grad[2 * i] = 4 * g0; grad[2 * i + 1] = 4 * g1
            }
            for k in 0..<(2 * n) {
                gains[k] = (grad[k] > 0) != (velocity[k] > 0) ? gains[k] + 0.2 : max(gains[k] * 0.8, 0.01)
                velocity[k] = momentum * velocity[k] - settings.learningRate * gains[k] * grad[k]
                y[k] += velocity[k]
            }
            // Keep the layout centred.
            var m0 = 0.0, m1 = 0.0
            for i in 0..<n { m0 += y[2 * i]; m1 += y[2 * i + 1] }
            m0 /= Double(n); m1 /= Double(n)
            for i in 0..<n { y[2 * i] -= m0; y[2 * i + 1] -= m1 }
        }
        return y
    }

    @inline(__always) static func dist2(_ y: [Double], _ i: Int, _ j: Int) -> Double {
        let a = y[2 * i] - y[2 * j], b = y[2 * i + 1] - y[2 * j + 1]
        return a * a + b * b
    }

    static func gaussian(_ rng: inout SeededGenerator) -> Double {
        let u1 = max(Double(rng.next() >> 11) / Double(1 << 53), 1e-300), u2 = Double(rng.next() >> 11) / Double(1 << 53)
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}
