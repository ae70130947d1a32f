/// The 3x3 / stride 1 / padding 1 average pooling of `avgPool2d` (NB201's `avg_pool_3x3`, every
/// CENA cell with a pooling edge) as a separable box sum, planes split across the cores.
///
/// For `x [N, C, H, W]` the output has the same shape: `y = inv ⊙ box(x)`, where `box` sums the
/// 3x3 neighbourhood inside the plane (zeros outside) and `inv [H, W]` is one over the window's
/// divisor (9 with `countIncludePad`, else the number of in-plane cells: 4, 6 or 9). The window is
/// symmetric, so `box` is its own adjoint and the input gradient is `dx = box(inv ⊙ g)`. Same
/// values as the general loop of `avgPool2d` up to the order of the additions (float rounding).
enum BoxPool3 {
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func apply<T: TensorScalar>(_ x: Variable<T>, countIncludePad: Bool) -> Variable<T> {
        let s = x.value.shape
        let (planes, h, w) = (s[0] * s[1], s[2], s[3])
        var inv = [T](repeating: 0, count: h * w)
        for yy in 0..<h {
            for xx in 0..<w {
                let rows = min(yy + 2, h) - max(yy - 1, 0), cols = min(xx + 2, w) - max(xx - 1, 0)
                inv[yy * w + xx] = 1 / T(countIncludePad ? 9 : rows * cols)
            }
        }
        let y = filter(x.value.scalars, planes: planes, h: h, w: w, inv: inv, scaleAfter: true)
        return x.tape.record(Tensor(unchecked: s, y), inputs: [x]) { [x = x.saved] g, tape in
            tape.accumulate(x, Tensor(unchecked: s, filter(g.scalars, planes: planes, h: h, w: w, inv: inv, scaleAfter: false)))
        }
    }

    /// Per plane of `src [planes, H, W]`: `inv ⊙ box(src)` (`scaleAfter`) or `box(inv ⊙ src)`.
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func filter<T: TensorScalar>(_ src: [T], planes: Int, h: Int, w: Int, inv: [T], scaleAfter: Bool) -> [T] {
        var out = [T](repeating: 0, count: src.count)
        src.withUnsafeBufferPointer { sp in inv.withUnsafeBufferPointer { ip in out.withUnsafeMutableBufferPointer { op in
            let (sa, ia, oa) = (sp.baseAddress!, ip.baseAddress!, op.baseAddress!)
            Parallel.forRanges(planes, work: planes * h * w * 8) { range in
                let plane = h * w
                let scaled = UnsafeMutablePointer<T>.allocate(capacity: scaleAfter ? 0 : plane)
                let rows = UnsafeMutablePointer<T>.allocate(capacity: plane)
                defer { scaled.deallocate(); rows.deallocate() }
                for p in range {
                    var input = UnsafePointer(sa + p * plane)
                    if !scaleAfter {
                        for i in 0..<plane { scaled[i] = input[i] * ia[i] }
                        input = UnsafePointer(scaled)
                    }
                    // horizontal 3-sums
                    for r in 0..<h {
                        let a = input + r * w, b = rows + r * w
                        if w == 1 { b[0] = a[0]; continue }
                        b[0] = a[0] + a[1]
                        var c = 1
                        while c < w - 1 { b[c] = a[c - 1] + a[c] + a[c + 1]; c += 1 }
                        b[w - 1] = a[w - 2] + a[w - 1]
                    }
                    // vertical 3-sums of the row sums
                    let o = oa + p * plane
                    for r in 0..<h {
                        let up = r > 0 ? rows + (r - 1) * w : nil, mid = rows + r * w, down = r < h - 1 ? rows + (r + 1) * w : nil
                        for c in 0..<w {
                            var v = mid[c]
                            if let up { v += up[c] }
                            if let down { v += down[c] }
                            o[r * w + c] = scaleAfter ? v * ia[r * w + c] : v
                        }
                    }
                }
            }
        } } }
        return out
    }
}
