/// Reductions over axes (sum, mean, max) and their adjoint (broadcasting back).
extension Tensor {
    /// Normalises a possibly negative axis; traps with a clear message when out of range.
    func axis(_ a: Int, _ op: String) -> Int {
        let r = a < 0 ? a + rank : a
        precondition(r >= 0 && r < rank, "\(op): axis \(a) out of range for shape \(shape)")
        return r
    }

    /// Sum of all elements (rank-0 result).
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func sum() -> Tensor {
        Tensor(scalars.withUnsafeBufferPointer { $0.isEmpty ? 0 : PlaneReduce<T>.sum($0.baseAddress!, $0.count) })
    }

    /// Sum over one axis. `keepingDims` keeps the axis with extent 1.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func sum(alongAxis a: Int, keepingDims: Bool = false) -> Tensor {
        let ax = axis(a, "sum")
        let outer = shape[..<ax].reduce(1, *), n = shape[ax], inner = shape[(ax + 1)...].reduce(1, *)
        var out = [T](repeating: 0, count: outer * inner)
        scalars.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { o in
            for p in 0..<outer {
                let ob = p * inner
                for k in 0..<n {
                    let xb = (p * n + k) * inner
                    for j in 0..<inner { o[ob + j] += x[xb + j] }
                }
            }
        } }
        var s = shape
        if keepingDims { s[ax] = 1 } else { s.remove(at: ax) }
        return Tensor(unchecked: s, out)
    }

    /// Sum over several axes.
    public func sum(alongAxes axes: [Int], keepingDims: Bool = false) -> Tensor {
        let sorted = Set(axes.map { axis($0, "sum") }).sorted(by: >)
        var t = self
        for a in sorted { t = t.sum(alongAxis: a, keepingDims: keepingDims) }
        return t
    }

    /// Mean over several axes.
    public func mean(alongAxes axes: [Int], keepingDims: Bool = false) -> Tensor {
        let n = Set(axes.map { axis($0, "mean") }).map { shape[$0] }.reduce(1, *)
        return sum(alongAxes: axes, keepingDims: keepingDims) * (1 / T(n))
    }

    /// Mean of all elements (rank-0).
    public func mean() -> Tensor { sum() * (1 / T(Swift.max(count, 1))) }

    /// Maximum over one axis (keeps the axis with extent 1 when `keepingDims`).
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func max(alongAxis a: Int, keepingDims: Bool = false) -> Tensor {
        let ax = axis(a, "max")
        let outer = shape[..<ax].reduce(1, *), n = shape[ax], inner = shape[(ax + 1)...].reduce(1, *)
        precondition(n > 0, "max: empty axis \(ax) in shape \(shape)")
        var out = [T](repeating: -T.infinity, count: outer * inner)
        scalars.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { o in
            for p in 0..<outer {
                for k in 0..<n {
                    let xb = (p * n + k) * inner
                    for j in 0..<inner where x[xb + j] > o[p * inner + j] { o[p * inner + j] = x[xb + j] }
                }
            }
        } }
        var s = shape
        if keepingDims { s[ax] = 1 } else { s.remove(at: ax) }
        return Tensor(unchecked: s, out)
    }

    /// Repeats `self` to `target` (numpy broadcasting); the adjoint of `sumToShape`.
    public func broadcast(to target: [Int]) -> Tensor {
        if shape == target { return self }
        precondition(broadcastShape(shape, target) == target, "broadcast: \(shape) does not broadcast to \(target)")
        return Tensor(zeros: target).binary(.add, self)
    }

    /// Index of the largest element in each row of a matrix.
    public func argmaxRows() -> [Int] {
        precondition(rank == 2, "argmaxRows: expected a matrix, got shape \(shape)")
        let (r, c) = (shape[0], shape[1])
        return (0..<r).map { i in
            var best = 0
            for j in 1..<Swift.max(c, 1) where scalars[i * c + j] > scalars[i * c + best] { best = j }
            return best
        }
    }
}
