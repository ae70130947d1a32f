import CBLAS
import NASCore

/// Triangular solves (`cblas_dtrsm`, row-major).
public enum Triangular {
    /// Solves `op(T) X = B` where `T` is `n x n` triangular (`lower` or upper; only that triangle is
    /// read), `op` transposes when `transpose`, and `B` is `n x k`. Throws on shape mismatch,
    /// non-finite input or a zero on the diagonal of `T`.
    public static func solve(_ t: Matrix, _ b: Matrix, lower: Bool, transpose: Bool = false) throws -> Matrix {
        try t.requireSquare("solve with")
        guard b.rows == t.rows else {
            throw NaswiftError.invalidArgument(
                "triangular solve shape mismatch: \(t.shapeDescription) system with right-hand side \(b.shapeDescription)",
                hint: "the right-hand side needs as many rows as the triangular matrix")
        }
        try t.requireFinite("triangular matrix")
        try b.requireFinite("right-hand side")
        if let i = (0..<t.rows).first(where: { t[$0, $0] == 0 }) {
            throw NaswiftError(.numerical, "triangular matrix is singular: diagonal element \(i) is zero",
                               hint: "check the factorisation that produced it (add jitter?)")
        }
        var x = b
        guard b.rows > 0, b.cols > 0 else { return x }
        t.storage.withUnsafeBufferPointer { tp in
            x.storage.withUnsafeMutableBufferPointer { xp in
                cblas_dtrsm(CblasRowMajor, CblasLeft, lower ? CblasLower : CblasUpper,
                            transpose ? CblasTrans : CblasNoTrans, CblasNonUnit,
                            Int32(b.rows), Int32(b.cols), 1.0, tp.baseAddress, Int32(t.cols),
                            xp.baseAddress, Int32(b.cols))
            }
        }
        return x
    }

    /// Vector form of `solve(_:_:lower:transpose:)`.
    public static func solve(_ t: Matrix, _ b: [Double], lower: Bool, transpose: Bool = false) throws -> [Double] {
        try solve(t, Matrix(rows: b.count, cols: 1, storage: b), lower: lower, transpose: transpose).storage
    }
}
