/// Matrix products, all through the one gemm (`NASLinalg.BLAS.gemm` via `TensorScalar.gemm`).
extension Tensor {
    /// `op(self) * op(other)` for matrices; `transposeSelf`/`transposeOther` select `op`.
    /// Shapes: `[m, k] x [k, n] -> [m, n]` after the transposes.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) -> Tensor {
        product(other, transposeSelf: transposeSelf, transposeOther: transposeOther, plusRow: nil)
    }

    /// `op(self) * op(other) + row`, `row [n]` added to every row of the `[m, n]` product (a linear
    /// layer's bias). The row is written into the output first and the gemm adds the product onto
    /// it (`beta = 1`, as PyTorch's `addmm`): no zeroing pass and no separate add. While `k` fits in
    /// one of OpenBLAS's k-blocks (a few hundred) every element is `fl(dot + row[j])`, the same
    /// value as `matmul` followed by `+ row`.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false, plusRow row: Tensor) -> Tensor {
        product(other, transposeSelf: transposeSelf, transposeOther: transposeOther, plusRow: row)
    }

    @_specialize(where T == Float) @_specialize(where T == Double)
    private func product(_ other: Tensor, transposeSelf: Bool, transposeOther: Bool, plusRow row: Tensor?) -> Tensor {
        precondition(rank == 2 && other.rank == 2,
                     "matmul: expected two matrices, got shapes \(shape) and \(other.shape)")
        let m = transposeSelf ? shape[1] : shape[0], k = transposeSelf ? shape[0] : shape[1]
        let k2 = transposeOther ? other.shape[1] : other.shape[0], n = transposeOther ? other.shape[0] : other.shape[1]
        precondition(k == k2, "matmul: inner dimensions differ: \(shape)\(transposeSelf ? "^T" : "") x \(other.shape)\(transposeOther ? "^T" : "")")
        if let row {
            precondition(row.count == n && row.rank <= 2 && (row.rank < 2 || row.shape[0] == 1),
                         "matmul: the added row has shape \(row.shape), expected [\(n)]")
        }
        guard m > 0, n > 0 else { return Tensor(zeros: [m, n]) }
        // gemm with beta = 0 writes every element, so without a row the output needs no fill
        let out = [T](unsafeUninitializedCapacity: m * n) { c, initialized in
            if let row {
                row.scalars.withUnsafeBufferPointer { r in
                    for i in 0..<m { (c.baseAddress! + i * n).initialize(from: r.baseAddress!, count: n) }
                }
            } else if k == 0 {
                c.baseAddress!.initialize(repeating: 0, count: m * n)
            }
            if k > 0 {
                scalars.withUnsafeBufferPointer { a in other.scalars.withUnsafeBufferPointer { b in
                    T.gemm(transA: transposeSelf, transB: transposeOther, m: m, n: n, k: k, alpha: 1,
                           a: a.baseAddress!, lda: shape[1], b: b.baseAddress!, ldb: other.shape[1],
                           beta: row == nil ? 0 : 1, c: c.baseAddress!, ldc: n)
                } }
            }
            initialized = m * n
        }
        return Tensor(unchecked: [m, n], out)
    }

    /// Batched matrix product: `[B, m, k] x [B, k, n] -> [B, m, n]` (with optional per-batch
    /// transposes), one gemm per batch entry. Used for per-graph `A h` and `z z^T`.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func batchedMatmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) -> Tensor {
        precondition(rank == 3 && other.rank == 3 && shape[0] == other.shape[0],
                     "batchedMatmul: expected [B, m, k] and [B, k, n], got \(shape) and \(other.shape)")
        let b = shape[0]
        let (r1, c1, r2, c2) = (shape[1], shape[2], other.shape[1], other.shape[2])
        let m = transposeSelf ? c1 : r1, k = transposeSelf ? r1 : c1
        let k2 = transposeOther ? c2 : r2, n = transposeOther ? r2 : c2
        precondition(k == k2, "batchedMatmul: inner dimensions differ: \(shape) x \(other.shape)")
        // gemm with beta = 0 writes every element, so with k > 0 the output needs no zero fill
        var out = k > 0 ? [T].uninitialised(b * m * n) : [T](repeating: 0, count: b * m * n)
        if k > 0 {
            scalars.withUnsafeBufferPointer { a in other.scalars.withUnsafeBufferPointer { bb in
                out.withUnsafeMutableBufferPointer { c in
                    for i in 0..<b {
                        T.gemm(transA: transposeSelf, transB: transposeOther, m: m, n: n, k: k, alpha: 1,
                               a: a.baseAddress! + i * r1 * c1, lda: c1, b: bb.baseAddress! + i * r2 * c2, ldb: c2,
                               beta: 0, c: c.baseAddress! + i * m * n, ldc: n)
                    }
                }
            } }
        }
        return Tensor(unchecked: [b, m, n], out)
    }

    /// Matrix transpose.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func transposed() -> Tensor {
        precondition(rank == 2, "transposed: expected a matrix, got shape \(shape)")
        let (r, c) = (shape[0], shape[1])
        var out = [T](repeating: 0, count: count)
        scalars.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { o in
            for i in 0..<r { for j in 0..<c { o[j * r + i] = x[i * c + j] } }
        } }
        return Tensor(unchecked: [c, r], out)
    }

    /// Swaps the last two axes of a rank-3 tensor (`[B, m, n] -> [B, n, m]`).
    public func batchTransposed() -> Tensor {
        precondition(rank == 3, "batchTransposed: expected rank 3, got shape \(shape)")
        let (b, r, c) = (shape[0], shape[1], shape[2])
        var out = [T](repeating: 0, count: count)
        for p in 0..<b { for i in 0..<r { for j in 0..<c { out[p * r * c + j * r + i] = scalars[p * r * c + i * c + j] } } }
        return Tensor(unchecked: [b, c, r], out)
    }
}
