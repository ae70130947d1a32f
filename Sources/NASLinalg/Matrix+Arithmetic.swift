import NASCore

extension Matrix {
    /// `op(self) * op(other)` through `BLAS.gemm`; `op` transposes when the flag is set.
    ///
    /// Shapes: `op(self)` is `m x k`, `op(other)` is `k x n`, the result is `m x n`.
    public func multiplied(by other: Matrix, transposeSelf: Bool = false, transposeOther: Bool = false) throws -> Matrix {
        let (m, k) = transposeSelf ? (cols, rows) : (rows, cols)
        let (k2, n) = transposeOther ? (other.cols, other.rows) : (other.rows, other.cols)
        guard k == k2 else {
            throw NaswiftError.invalidArgument(
                "matrix product shape mismatch: \(transposeSelf ? "transpose of " : "")\(shapeDescription) times "
                + "\(transposeOther ? "transpose of " : "")\(other.shapeDescription) (inner dimensions \(k) and \(k2) differ)",
                hint: "the left factor's column count must equal the right factor's row count")
        }
        var c = Matrix(rows: m, cols: n)
        if k == 0 { return c }
        storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                c.storage.withUnsafeMutableBufferPointer { cp in
                    BLAS.gemm(transA: transposeSelf, transB: transposeOther, m: m, n: n, k: k,
                              a: a.baseAddress!, lda: cols, b: b.baseAddress!, ldb: other.cols,
                              c: cp.baseAddress!, ldc: n)
                }
            }
        }
        return c
    }

    /// `op(self) * x` for a vector `x` (through `BLAS.gemm` with one column).
    public func multiplied(by x: [Double], transposeSelf: Bool = false) throws -> [Double] {
        let xm = try Matrix(rows: x.count, cols: 1, storage: x)
        return try multiplied(by: xm, transposeSelf: transposeSelf).storage
    }

    /// Matrix product (throws on an inner-dimension mismatch).
    public static func * (lhs: Matrix, rhs: Matrix) throws -> Matrix { try lhs.multiplied(by: rhs) }

    public static func + (lhs: Matrix, rhs: Matrix) throws -> Matrix {
        try lhs.checkSameShape(rhs, "add")
        var r = lhs
        for i in r.storage.indices { r.storage[i] += rhs.storage[i] }
        return r
    }

    public static func - (lhs: Matrix, rhs: Matrix) throws -> Matrix {
        try lhs.checkSameShape(rhs, "subtract")
        var r = lhs
        for i in r.storage.indices { r.storage[i] -= rhs.storage[i] }
        return r
    }

    public static func * (lhs: Double, rhs: Matrix) -> Matrix {
        var r = rhs
        for i in r.storage.indices { r.storage[i] *= lhs }
        return r
    }

    /// Element-wise (Hadamard) product.
    public func hadamard(_ other: Matrix) throws -> Matrix {
        try checkSameShape(other, "multiply element-wise")
        var r = self
        for i in r.storage.indices { r.storage[i] *= other.storage[i] }
        return r
    }

    /// A copy with `value` added to every diagonal element (square matrices).
    public func addingToDiagonal(_ value: Double) throws -> Matrix {
        try requireSquare("add to the diagonal of")
        var r = self
        for i in 0..<rows { r.storage[i * cols + i] += value }
        return r
    }

    /// Largest absolute element (0 for an empty matrix).
    public var maxAbs: Double { storage.reduce(0) { max($0, abs($1)) } }

    /// Throws unless `other` has the same shape.
    public func checkSameShape(_ other: Matrix, _ verb: String) throws {
        guard rows == other.rows, cols == other.cols else {
            throw NaswiftError.invalidArgument(
                "cannot \(verb) matrices of shapes \(shapeDescription) and \(other.shapeDescription)",
                hint: "both operands must have the same shape")
        }
    }

    /// Throws unless the matrix is square.
    public func requireSquare(_ verb: String) throws {
        guard isSquare else {
            throw NaswiftError.invalidArgument("cannot \(verb) a non-square \(shapeDescription) matrix",
                                               hint: "pass an n x n matrix")
        }
    }

    /// Throws a `.numerical` error naming the first NaN or infinite element.
    public func requireFinite(_ what: String) throws {
        let bad = storage.withUnsafeBufferPointer { p -> Int? in
            for i in 0..<p.count where !p[i].isFinite { return i }
            return nil
        }
        if let idx = bad {
            throw NaswiftError(.numerical,
                               "\(what) contains \(storage[idx]) at (\(idx / max(cols, 1)), \(idx % max(cols, 1)))",
                               hint: "remove NaN/Inf values from the input (check upstream computations)")
        }
    }

    /// Throws unless the matrix is square and symmetric to within `relativeTolerance * maxAbs`.
    public func requireSymmetric(_ what: String, relativeTolerance: Double = 1e-8) throws {
        try requireSquare("treat as symmetric")
        let n = rows
        let bad = storage.withUnsafeBufferPointer { p -> (Int, Int)? in
            var m = 0.0
            for i in 0..<p.count { m = Swift.max(m, abs(p[i])) }
            let tol = relativeTolerance * Swift.max(m, .leastNormalMagnitude)
            for i in 0..<n {
                for j in (i + 1)..<Swift.max(n, i + 1) where abs(p[i * n + j] - p[j * n + i]) > tol { return (i, j) }
            }
            return nil
        }
        if let (i, j) = bad {
            throw NaswiftError(.numerical,
                               "\(what) is not symmetric: element (\(i), \(j)) = \(self[i, j]) but (\(j), \(i)) = \(self[j, i])",
                               hint: "pass a symmetric matrix, e.g. (A + A^T) / 2")
        }
    }
}

/// Throws a `.numerical` error naming the first NaN or infinite element of `v`.
func requireFinite(_ v: [Double], _ what: String) throws {
    if let idx = v.firstIndex(where: { !$0.isFinite }) {
        throw NaswiftError(.numerical, "\(what) contains \(v[idx]) at index \(idx)",
                           hint: "remove NaN/Inf values from the input (check upstream computations)")
    }
}
