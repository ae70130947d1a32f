import CBLAS
import NASCore

/// Symmetric eigendecomposition `A = V diag(values) V^T` (LAPACK `dsyevd`).
public struct SymmetricEigen: Sendable {
    /// Eigenvalues in ascending order (length `n`).
    public let values: [Double]
    /// Orthonormal eigenvectors as COLUMNS (`n x n`): column `j` belongs to `values[j]`
    /// (numpy's `eigh` convention; the sign of each column is arbitrary).
    public let vectors: Matrix

    /// Decomposes the symmetric, finite `n x n` matrix `a` (throws on non-square, asymmetric,
    /// NaN/Inf input or LAPACK failure).
    public init(_ a: Matrix) throws {
        try a.requireSquare("eigendecompose")
        try a.requireFinite("matrix passed to eigh")
        try a.requireSymmetric("matrix passed to eigh")
        let n = a.rows
        var m = a
        var w = [Double](repeating: 0, count: n)
        if n > 0 {
            // Symmetric: the row-major buffer is the same matrix in column-major order.
            let info = m.storage.withUnsafeMutableBufferPointer { mp in
                w.withUnsafeMutableBufferPointer { wp in
                    LAPACKE_dsyevd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "L")),
                                   Int32(n), mp.baseAddress, Int32(n), wp.baseAddress)
                }
            }
            guard info == 0 else {
                throw NaswiftError(.numerical, "symmetric eigendecomposition failed to converge (dsyevd info \(info))",
                                   hint: "the matrix may be badly scaled; rescale it")
            }
        }
        values = w
        // Column-major output: eigenvector j is stored contiguously, i.e. as row j of the buffer.
        vectors = m.transposed
    }
}
