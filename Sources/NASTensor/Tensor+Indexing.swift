/// Gather/scatter by index along the first axis, and concatenation/splitting along any axis.
extension Tensor {
    /// Rows `indices` of `self` (first axis): `[n, ...] -> [indices.count, ...]`.
    /// Embedding lookup is `weight.gatherRows(ids)`.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func gatherRows(_ indices: [Int]) -> Tensor {
        precondition(rank >= 1, "gatherRows: tensor must have rank >= 1")
        let n = shape[0], w = count / Swift.max(n, 1)
        var out = [T](repeating: 0, count: indices.count * w)
        scalars.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { o in
            for (r, i) in indices.enumerated() {
                precondition(i >= 0 && i < n, "gatherRows: index \(i) out of range 0..<\(n)")
                for j in 0..<w { o[r * w + j] = x[i * w + j] }
            }
        } }
        var s = shape; s[0] = indices.count
        return Tensor(unchecked: s, out)
    }

    /// Scatter-add of rows: `out[indices[r]] += self[r]`, `out` having `rows` rows.
    /// Segment sums (graph pooling) are `nodeFeatures.scatterAddRows(graphOfNode, rows: graphs)`.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func scatterAddRows(_ indices: [Int], rows: Int) -> Tensor {
        precondition(rank >= 1 && shape[0] == indices.count,
                     "scatterAddRows: \(indices.count) indices for \(shape.first ?? 0) rows")
        let w = count / Swift.max(shape[0], 1)
        var out = [T](repeating: 0, count: rows * w)
        scalars.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { o in
            for (r, i) in indices.enumerated() {
                precondition(i >= 0 && i < rows, "scatterAddRows: index \(i) out of range 0..<\(rows)")
                for j in 0..<w { o[i * w + j] += x[r * w + j] }
            }
        } }
        var s = shape; s[0] = rows
        return Tensor(unchecked: s, out)
    }

    /// Concatenation along `axis`; all other extents must agree.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public static func concat(_ parts: [Tensor], axis a: Int) -> Tensor {
        precondition(!parts.isEmpty, "concat: no tensors")
        let first = parts[0]
        let ax = first.axis(a, "concat")
        for p in parts {
            var s1 = p.shape, s0 = first.shape
            precondition(s1.count == s0.count, "concat: ranks differ: \(s0) vs \(s1)")
            s1[ax] = 0; s0[ax] = 0
            precondition(s1 == s0, "concat along axis \(ax): shapes \(first.shape) and \(p.shape) differ off-axis")
        }
        let outer = first.shape[..<ax].reduce(1, *), inner = first.shape[(ax + 1)...].reduce(1, *)
        let total = parts.map { $0.shape[ax] }.reduce(0, +)
        var out = [T](repeating: 0, count: outer * total * inner)
        var offset = 0
        for p in parts {
            let w = p.shape[ax] * inner
            p.scalars.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { o in
                for q in 0..<outer { for j in 0..<w { o[q * total * inner + offset + j] = x[q * w + j] } }
            } }
            offset += w
        }
        var s = first.shape; s[ax] = total
        return Tensor(unchecked: s, out)
    }

    /// Splits along `axis` into pieces of the given extents (which must sum to the axis extent).
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func split(_ sizes: [Int], axis a: Int) -> [Tensor] {
        let ax = axis(a, "split")
        precondition(sizes.reduce(0, +) == shape[ax] && sizes.allSatisfy { $0 >= 0 },
                     "split: sizes \(sizes) do not add up to extent \(shape[ax]) of axis \(ax) in \(shape)")
        let outer = shape[..<ax].reduce(1, *), inner = shape[(ax + 1)...].reduce(1, *)
        let total = shape[ax]
        var offset = 0
        return sizes.map { n in
            let w = n * inner
            var out = [T](repeating: 0, count: outer * w)
            scalars.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { o in
                for q in 0..<outer { for j in 0..<w { o[q * w + j] = x[q * total * inner + offset + j] } }
            } }
            offset += w
            var s = shape; s[ax] = n
            return Tensor(unchecked: s, out)
        }
    }
}
