import Foundation
import CBLAS
import NASCore

/// How `Cholesky` reacts to a matrix that is not numerically positive definite.
public enum JitterPolicy: Sendable, Equatable {
    /// Factor the matrix as given; a non-SPD matrix is an error.
    case none
    /// On failure, retry with `j * mean(diag(A))` added to the diagonal for
    /// `j = from, 10*from, ..., to` (the default escalates 1e-10 ... 1e-4).
    case escalating(from: Double, to: Double)

    /// Escalating jitter from 1e-10 to 1e-4 times the mean diagonal.
    public static let standard = JitterPolicy.escalating(from: 1e-10, to: 1e-4)
}

/// The Cholesky factorisation `A + jitter * I = L * L^T` of a symmetric positive definite `n x n`
/// matrix (LAPACK `dpotrf`), with solves, inverse and log-determinant.
public struct Cholesky: Sendable {
    /// The lower-triangular factor `L` (`n x n`, zeros above the diagonal).
    public let lower: Matrix
    /// The absolute value added to the diagonal before factoring (0 when none was needed).
    public let jitter: Double

    public var dimension: Int { lower.rows }

    /// Factors `a` (square, symmetric, finite). Throws a `.numerical` error if it is not positive
    /// definite even after the jitter allowed by `jitter`.
    public init(_ a: Matrix, jitter policy: JitterPolicy = .none) throws {
        try a.requireSquare("Cholesky-factor")
        try a.requireFinite("matrix passed to Cholesky")
        try a.requireSymmetric("matrix passed to Cholesky")
        let n = a.rows
        if n == 0 { lower = a; jitter = 0; return }
        if let l = Cholesky.factor(a, diagonalShift: 0) { lower = l; jitter = 0; return }
        let failedMinor = Cholesky.failingMinor(a)
        switch policy {
        case .none:
            throw NaswiftError(.numerical,
                               "matrix (\(n)x\(n)) is not positive definite: leading minor \(failedMinor) of \(n) is not positive",
                               hint: "pass jitter: .standard to add a small multiple of the mean diagonal, or check the matrix")
        case let .escalating(from, to):
            let meanDiag = a.diagonal.reduce(0, +) / Double(n)
            let scale = meanDiag > 0 ? meanDiag : 1
            var j = from
            while j <= to * (1 + 1e-9) {
                if let l = Cholesky.factor(a, diagonalShift: j * scale) { lower = l; jitter = j * scale; return }
                j *= 10
            }
            throw NaswiftError(.numerical,
                               "matrix (\(n)x\(n)) is not positive definite even with jitter up to \(to) x mean diagonal (\(to * scale)); leading minor \(failedMinor) fails",
                               hint: "the matrix is far from positive definite (a negative eigenvalue?); check how it was built")
        }
    }

    /// `L` with `A + shift I = L L^T`, or nil if `dpotrf` fails.
    static func factor(_ a: Matrix, diagonalShift: Double) -> Matrix? {
        let n = a.rows
        var m = a
        if diagonalShift != 0 { for i in 0..<n { m.storage[i * n + i] += diagonalShift } }
        // Row-major lower == column-major upper: factor 'U' in column-major, no copies.
        let info = m.storage.withUnsafeMutableBufferPointer {
            LAPACKE_dpotrf(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), Int32(n), $0.baseAddress, Int32(n))
        }
        guard info == 0 else { return nil }
        m.storage.withUnsafeMutableBufferPointer { p in
            for i in 0..<n { for j in (i + 1)..<n { p[i * n + j] = 0 } }
        }
        return m
    }

    /// The order of the first non-positive leading minor (for messages).
    static func failingMinor(_ a: Matrix) -> Int {
        var m = a
        let info = m.storage.withUnsafeMutableBufferPointer {
            LAPACKE_dpotrf(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), Int32(a.rows), $0.baseAddress, Int32(a.rows))
        }
        return Int(info)
    }

    /// `log det(A + jitter I) = 2 * sum(log L_ii)`.
    public var logDeterminant: Double {
        var s = 0.0
        for i in 0..<dimension { s += log(lower[i, i]) }
        return 2 * s
    }

    /// Solves `(L L^T) X = B` for `B` of shape `n x k`.
    public func solve(_ b: Matrix) throws -> Matrix {
        let y = try Triangular.solve(lower, b, lower: true, transpose: false)
        return try Triangular.solve(lower, y, lower: true, transpose: true)
    }

    /// Solves `(L L^T) x = b` for a vector `b` of length `n`.
    public func solve(_ b: [Double]) throws -> [Double] {
        try solve(Matrix(rows: b.count, cols: 1, storage: b)).storage
    }

    /// Solves `L X = B` (`B` is `n x k`).
    public func solveLower(_ b: Matrix) throws -> Matrix {
        try Triangular.solve(lower, b, lower: true, transpose: false)
    }

    /// `(A + jitter I)^-1` (`n x n`, symmetric), from LAPACK `dpotri`.
    public func inverse() throws -> Matrix {
        let n = dimension
        var m = lower
        let info = m.storage.withUnsafeMutableBufferPointer {
            LAPACKE_dpotri(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "U")), Int32(n), $0.baseAddress, Int32(n))
        }
        guard info == 0 else {
            throw NaswiftError(.numerical, "inverse from Cholesky factor failed (dpotri info \(info))",
                               hint: "the factor has a zero on its diagonal; use jitter")
        }
        for i in 0..<n { for j in (i + 1)..<n { m.storage[i * n + j] = m.storage[j * n + i] } }
        return m
    }
}
