/// Differentiable whole-tensor operations on `Variable`: arithmetic with broadcasting, unary
/// maps, matrix products, reductions, reshapes, gather/scatter, concat/split, softmax helpers.
/// Each records one tape node whose pullback is written out by hand (on a non-recording tape the
/// hot ones return before building the pullback; the value is computed by the same code).
extension Variable {
    /// `y`, after checking that `other` is on this variable's tape (what `Tape.record` checks
    /// for the operations that return early on a non-recording tape).
    @inline(__always)
    func sameTape(_ other: Variable, _ y: Tensor<T>) -> Tensor<T> {
        precondition(other.tape === tape, "Variable from another tape used in an operation")
        return y
    }

    @_specialize(where T == Float) @_specialize(where T == Double)
    func binaryOp(_ op: BinaryOp, _ b: Variable) -> Variable {
        let y = value.binary(op, b.value)
        guard tape.isRecording else { return tape.unrecorded(sameTape(b, y)) }
        return tape.record(y, inputs: [self, b]) { [a = saved, b = b.saved] g, tape in
            let (av, bv) = (a.value, b.value)
            switch op {
            case .add:
                if a.requiresGrad { tape.accumulate(a, g.sumToShape(av.shape)) }
                if b.requiresGrad { tape.accumulate(b, g.sumToShape(bv.shape)) }
            case .sub:
                if a.requiresGrad { tape.accumulate(a, g.sumToShape(av.shape)) }
                if b.requiresGrad { tape.accumulate(b, (-g).sumToShape(bv.shape)) }
            case .mul:
                if a.requiresGrad { tape.accumulate(a, (g * bv).sumToShape(av.shape)) }
                if b.requiresGrad { tape.accumulate(b, (g * av).sumToShape(bv.shape)) }
            case .div:
                if a.requiresGrad { tape.accumulate(a, (g / bv).sumToShape(av.shape)) }
                if b.requiresGrad { tape.accumulate(b, (-(g * av) / (bv * bv)).sumToShape(bv.shape)) }
            }
        }
    }

    public static func + (a: Variable, b: Variable) -> Variable { a.binaryOp(.add, b) }
    public static func - (a: Variable, b: Variable) -> Variable { a.binaryOp(.sub, b) }
    public static func * (a: Variable, b: Variable) -> Variable { a.binaryOp(.mul, b) }
    public static func / (a: Variable, b: Variable) -> Variable { a.binaryOp(.div, b) }
    public static func + (a: Variable, b: Tensor<T>) -> Variable { a.binaryOp(.add, a.tape.constant(b)) }
    public static func - (a: Variable, b: Tensor<T>) -> Variable { a.binaryOp(.sub, a.tape.constant(b)) }
    public static func * (a: Variable, b: Tensor<T>) -> Variable { a.binaryOp(.mul, a.tape.constant(b)) }
    public static func / (a: Variable, b: Tensor<T>) -> Variable { a.binaryOp(.div, a.tape.constant(b)) }

    /// `scale * self + shift` for scalars.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func affine(scale: T, shift: T = 0) -> Variable {
        let y = value.affine(scale: scale, shift: shift)
        guard tape.isRecording else { return tape.unrecorded(y) }
        return tape.record(y, inputs: [self]) { [me = saved] g, tape in
            tape.accumulate(me, g.affine(scale: scale, shift: 0))
        }
    }
    public static func * (a: Variable, s: T) -> Variable { a.affine(scale: s) }
    public static func * (s: T, a: Variable) -> Variable { a.affine(scale: s) }
    public static func + (a: Variable, s: T) -> Variable { a.affine(scale: 1, shift: s) }
    public static func - (a: Variable, s: T) -> Variable { a.affine(scale: 1, shift: -s) }
    public static prefix func - (a: Variable) -> Variable { a.affine(scale: -1) }

    /// An element-wise unary map.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func map(_ op: UnaryOp) -> Variable {
        let y = value.map(op)
        guard tape.isRecording else { return tape.unrecorded(y) }
        return tape.record(y, inputs: [self]) { [me = saved] g, tape in
            tape.accumulate(me, me.value.unaryBackward(op, output: y, grad: g))
        }
    }
    public func relu() -> Variable { map(.relu) }
    public func tanh() -> Variable { map(.tanh) }
    public func sigmoid() -> Variable { map(.sigmoid) }
    public func exp() -> Variable { map(.exp) }
    public func log() -> Variable { map(.log) }
    public func squared() -> Variable { map(.square) }
    public func sqrt() -> Variable { map(.sqrt) }
    public func abs() -> Variable { map(.abs) }

    /// Matrix product `op(self) op(other)`; shapes `[m, k] x [k, n] -> [m, n]`.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func matmul(_ b: Variable, transposeSelf ta: Bool = false, transposeOther tb: Bool = false) -> Variable {
        let y = value.matmul(b.value, transposeSelf: ta, transposeOther: tb)
        guard tape.isRecording else { return tape.unrecorded(sameTape(b, y)) }
        return tape.record(y, inputs: [self, b]) { [a = saved, b = b.saved] g, tape in
            if a.requiresGrad {
                // dA = g op(B)^T  (or its transpose when A was transposed)
                let ga = ta ? b.value.matmul(g, transposeSelf: tb, transposeOther: true)
                            : g.matmul(b.value, transposeOther: !tb)
                tape.accumulate(a, ga)
            }
            if b.requiresGrad {
                let gb = tb ? g.matmul(a.value, transposeSelf: true, transposeOther: ta)
                            : a.value.matmul(g, transposeSelf: !ta)
                tape.accumulate(b, gb)
            }
        }
    }

    /// Linear layer `self W^T + b`: `self [N, in]`, `weight [out, in]`, `bias [out]` -> `[N, out]`, in
    /// one gemm whose output starts as the bias rows (`Tensor.matmul(_:plusRow:)`); the same value as
    /// `matmul(weight, transposeOther: true) + bias` (for `in` up to OpenBLAS's k-block) without the
    /// zeroing pass and the separate add. Gradients: `g W`, `g^T self`, column sums of `g`.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func linear(_ weight: Variable, bias: Variable) -> Variable {
        let y = value.matmul(weight.value, transposeOther: true, plusRow: bias.value)
        guard tape.isRecording else { return tape.unrecorded(sameTape(bias, sameTape(weight, y))) }
        return tape.record(y, inputs: [self, weight, bias]) { [x = saved, w = weight.saved, b = bias.saved] g, tape in
            if x.requiresGrad { tape.accumulate(x, g.matmul(w.value)) }
            if w.requiresGrad { tape.accumulate(w, g.matmul(x.value, transposeSelf: true)) }
            if b.requiresGrad { tape.accumulate(b, g.sumToShape(b.value.shape)) }
        }
    }

    /// Batched product `[B, m, k] x [B, k, n] -> [B, m, n]` (optional per-batch transposes).
    public func batchedMatmul(_ b: Variable, transposeSelf ta: Bool = false, transposeOther tb: Bool = false) -> Variable {
        let y = value.batchedMatmul(b.value, transposeSelf: ta, transposeOther: tb)
        return tape.record(y, inputs: [self, b]) { [a = saved, b = b.saved] g, tape in
            if a.requiresGrad {
                let ga = ta ? b.value.batchedMatmul(g, transposeSelf: tb, transposeOther: true)
                            : g.batchedMatmul(b.value, transposeOther: !tb)
                tape.accumulate(a, ga)
            }
            if b.requiresGrad {
                let gb = tb ? g.batchedMatmul(a.value, transposeSelf: true, transposeOther: ta)
                            : a.value.batchedMatmul(g, transposeSelf: !ta)
                tape.accumulate(b, gb)
            }
        }
    }

    /// Matrix transpose.
    public func transposed() -> Variable {
        tape.record(value.transposed(), inputs: [self]) { [me = saved] g, tape in tape.accumulate(me, g.transposed()) }
    }

    /// Same elements, new shape (one extent may be -1); traps on a count mismatch.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func reshaped(_ shape: [Int]) -> Variable {
        let old = value.shape, y = value.reshapedUnchecked(shape)
        guard tape.isRecording else { return tape.unrecorded(y) }
        return tape.record(y, inputs: [self]) { [me = saved] g, tape in
            tape.accumulate(me, g.reshapedUnchecked(old))
        }
    }

    /// Sum of all elements (rank-0).
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func sum() -> Variable {
        let s = value.shape, y = value.sum()
        guard tape.isRecording else { return tape.unrecorded(y) }
        return tape.record(y, inputs: [self]) { [me = saved] g, tape in
            tape.accumulate(me, Tensor(repeating: g.scalar, shape: s))
        }
    }

    /// Mean of all elements (rank-0).
    public func mean() -> Variable { sum() * (1 / T(Swift.max(value.count, 1))) }

    /// Sum over axes.
    public func sum(alongAxes axes: [Int], keepingDims: Bool = false) -> Variable {
        let s = value.shape
        let kept = value.sum(alongAxes: axes, keepingDims: true).shape
        let y = value.sum(alongAxes: axes, keepingDims: keepingDims)
        return tape.record(y, inputs: [self]) { [me = saved] g, tape in
            tape.accumulate(me, g.reshapedUnchecked(kept).broadcast(to: s))
        }
    }

    /// Mean over axes.
    public func mean(alongAxes axes: [Int], keepingDims: Bool = false) -> Variable {
        let n = Set(axes.map { value.axis($0, "mean") }).map { value.shape[$0] }.reduce(1, *)
        return sum(alongAxes: axes, keepingDims: keepingDims) * (1 / T(n))
    }

    /// Rows by index (embedding lookup): `[n, ...] -> [indices.count, ...]`.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func gatherRows(_ indices: [Int]) -> Variable {
        let n = value.shape[0], y = value.gatherRows(indices)
        guard tape.isRecording else { return tape.unrecorded(y) }
        return tape.record(y, inputs: [self]) { [me = saved] g, tape in
            tape.accumulate(me, g.scatterAddRows(indices, rows: n))
        }
    }

    /// Scatter-add of rows into `rows` rows (segment sum, e.g. node features -> graph features).
    public func scatterAddRows(_ indices: [Int], rows: Int) -> Variable {
        tape.record(value.scatterAddRows(indices, rows: rows), inputs: [self]) { [me = saved] g, tape in
            tape.accumulate(me, g.gatherRows(indices))
        }
    }

    /// Segment mean: `out[s] = mean of rows r with segment[r] == s` (empty segments give 0).
    public func segmentMean(_ segment: [Int], segments: Int) -> Variable {
        var counts = [T](repeating: 0, count: segments)
        for s in segment where s >= 0 && s < segments { counts[s] += 1 }
        let inv = Tensor(unchecked: [segments, 1], counts.map { $0 > 0 ? 1 / $0 : 0 })
        let summed = scatterAddRows(segment, rows: segments)
        let w = summed.value.count / Swift.max(segments, 1)
        return (summed.reshaped([segments, w]) * inv).reshaped(summed.shape)
    }

    /// Splits along `axis` into pieces of the given extents.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func split(_ sizes: [Int], axis: Int) -> [Variable] {
        let parts = value.split(sizes, axis: axis)
        guard tape.isRecording else { return parts.map(tape.unrecorded) }
        let ax = value.axis(axis, "split")
        let shapes = parts.map(\.shape)
        return parts.enumerated().map { (i, part) in
            tape.record(part, inputs: [self]) { [me = saved] g, tape in
                // zero-pad the piece's gradient back to the full extent
                let pieces = shapes.enumerated().map { $0.offset == i ? g : Tensor(zeros: $0.element) }
                tape.accumulate(me, Tensor.concat(pieces, axis: ax))
            }
        }
    }

    /// Concatenation along `axis`.
    public static func concat(_ parts: [Variable], axis: Int) -> Variable {
        precondition(!parts.isEmpty, "concat: no variables")
        let y = Tensor.concat(parts.map(\.value), axis: axis)
        let ax = parts[0].value.axis(axis, "concat")
        let sizes = parts.map { $0.value.shape[ax] }
        let saved = parts.map(\.saved)
        return parts[0].tape.record(y, inputs: parts) { g, tape in
            for (p, gp) in zip(saved, g.split(sizes, axis: ax)) where p.requiresGrad { tape.accumulate(p, gp) }
        }
    }

    /// Log-softmax over the last axis.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func logSoftmax() -> Variable {
        let c = value.shape.last ?? 1
        let rows = value.count / Swift.max(c, 1)
        var out = value.scalars
        for r in 0..<rows {
            var m = -T.infinity
            for j in 0..<c where out[r * c + j] > m { m = out[r * c + j] }
            var s: T = 0
            for j in 0..<c { s += T.exp(out[r * c + j] - m) }
            let lse = m + T.log(s)
            for j in 0..<c { out[r * c + j] -= lse }
        }
        let y = Tensor(unchecked: value.shape, out)
        guard tape.isRecording else { return tape.unrecorded(y) }
        return tape.record(y, inputs: [self]) { [me = saved] g, tape in
            var gx = g.scalars
            for r in 0..<rows {
                var s: T = 0
                for j in 0..<c { s += g.scalars[r * c + j] }
                for j in 0..<c { gx[r * c + j] -= T.exp(y.scalars[r * c + j]) * s }
            }
            tape.accumulate(me, Tensor(unchecked: me.value.shape, gx))
        }
    }

    /// Rows scaled to unit L2 norm: `x / max(||x||, eps)` (PyTorch `F.normalize`).
    public func l2NormalizedRows(eps: T = 1e-12) -> Variable {
        precondition(value.rank == 2, "l2NormalizedRows: expected a matrix, got \(value.shape)")
        let (n, d) = (value.shape[0], value.shape[1])
        let x = value.scalars
        var norms = [T](repeating: 0, count: n)
        var out = x
        for i in 0..<n {
            var s: T = 0
            for j in 0..<d { s += x[i * d + j] * x[i * d + j] }
            norms[i] = Swift.max(s.squareRoot(), eps)
            for j in 0..<d { out[i * d + j] = x[i * d + j] / norms[i] }
        }
        let y = Tensor(unchecked: value.shape, out)
        return tape.record(y, inputs: [self]) { [me = saved] g, tape in
            var gx = [T](repeating: 0, count: n * d)
            for i in 0..<n {
                let nrm = norms[i]
                if nrm > eps {
                    var dot: T = 0
                    for j in 0..<d { dot += g.scalars[i * d + j] * out[i * d + j] }
                    for j in 0..<d { gx[i * d + j] = (g.scalars[i * d + j] - out[i * d + j] * dot) / nrm }
                } else {
                    for j in 0..<d { gx[i * d + j] = g.scalars[i * d + j] / nrm }
                }
            }
            tape.accumulate(me, Tensor(unchecked: me.value.shape, gx))
        }
    }
}
