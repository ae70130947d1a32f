import NASCore
@testable import NASLinalg

/// Matrices shared by the numpy cross-checks (deterministic).
enum TestMatrices {
    static func random(_ rows: Int, _ cols: Int, seed: UInt64) -> Matrix {
        var rng = SeededGenerator(seed: seed)
        var m = Matrix(rows: rows, cols: cols)
        for i in m.storage.indices { m.storage[i] = rng.normal() }
        return m
    }

    /// A A^T + n I for a random n x n A (well conditioned SPD).
    static func randomSPD(_ n: Int, seed: UInt64) -> Matrix {
        let a = random(n, n, seed: seed)
        return try! (a.multiplied(by: a, transposeOther: true)).addingToDiagonal(Double(n))
    }

    /// The n x n Hilbert matrix 1 / (i + j + 1) (cond ~ 1.5e10 at n = 8).
    static func hilbert(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, cols: n)
        for i in 0..<n { for j in 0..<n { m[i, j] = 1 / Double(i + j + 1) } }
        return m
    }

    /// Q diag(1, 1/10, ..., 1e-(n-1) * 1e-3) Q^T with a random orthogonal Q: SPD, near singular.
    static func nearSingularSPD(_ n: Int, seed: UInt64) throws -> Matrix {
        let q = try SVD(random(n, n, seed: seed)).u
        var d = (0..<n).map { pow(10, -Double($0)) }
        d[n - 1] *= 1e-3
        let qd = try q.multiplied(by: .diagonal(d))
        let a = try qd.multiplied(by: q, transposeOther: true)
        return try (0.5 * (a + a.transposed))
    }

    /// B B^T for a random n x r B with r < n: positive semi-definite, singular.
    static func singularPSD(_ n: Int, rank: Int, seed: UInt64) -> Matrix {
        let b = random(n, rank, seed: seed)
        let a = try! b.multiplied(by: b, transposeOther: true)
        return try! 0.5 * (a + a.transposed)
    }

    /// Relative Frobenius distance ||a - b|| / max(||b||, tiny).
    static func relativeError(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count, "test helper: length mismatch \(a.count) vs \(b.count)")
        var num = 0.0, den = 0.0
        for i in a.indices { num += (a[i] - b[i]) * (a[i] - b[i]); den += b[i] * b[i] }
        return (num / max(den, 1e-300)).squareRoot()
    }
}

import Foundation
