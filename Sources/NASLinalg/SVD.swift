import CBLAS
import NASCore

/// Thin singular value decomposition `A = U diag(s) Vt` of an `m x n` matrix (LAPACK `dgesdd`).
public struct SVD: Sendable {
    /// Left singular vectors as columns, `m x k` with `k = min(m, n)`.
    public let u: Matrix
    /// Singular values, descending, length `k`.
    public let singularValues: [Double]
    /// Right singular vectors as ROWS, `k x n` (numpy's `vh`).
    public let vt: Matrix

    /// Decomposes the finite matrix `a` (throws on NaN/Inf or LAPACK failure).
    public init(_ a: Matrix) throws {
        try a.requireFinite("matrix passed to SVD")
        let m = a.rows, n = a.cols, k = min(m, n)
        var work = a
        var s = [Double](repeating: 0, count: k)
        // The row-major m x n buffer is A^T (n x m) in column-major order. A^T = V S U^T, so
        // LAPACK's "U" (n x k, col-major) is V, i.e. Vt read row-major (k x n), and its
        // "VT" (k x m, col-major) is U^T, i.e. U read row-major (m x k).
        var vtBuf = [Double](repeating: 0, count: k * n)
        var uBuf = [Double](repeating: 0, count: m * k)
        if k > 0 {
            let info = work.storage.withUnsafeMutableBufferPointer { ap in
                s.withUnsafeMutableBufferPointer { sp in
                    vtBuf.withUnsafeMutableBufferPointer { lu in
                        uBuf.withUnsafeMutableBufferPointer { lvt in
                            LAPACKE_dgesdd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "S")), Int32(n), Int32(m),
                                           ap.baseAddress, Int32(n), sp.baseAddress,
                                           lu.baseAddress, Int32(n), lvt.baseAddress, Int32(k))
                        }
                    }
                }
            }
            guard info == 0 else {
                throw NaswiftError(.numerical, "SVD failed to converge (dgesdd info \(info))",
                                   hint: "the matrix may be badly scaled; rescale it")
            }
        }
        u = try Matrix(rows: m, cols: k, storage: uBuf)
        singularValues = s
        vt = try Matrix(rows: k, cols: n, storage: vtBuf)
    }
}
