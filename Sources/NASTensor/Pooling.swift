/// Average pooling over square windows (PyTorch `nn.AvgPool2d`), NCHW.
/// `countIncludePad: false` divides by the number of in-bounds elements (NB201's avg_pool_3x3).
@_specialize(where T == Float) @_specialize(where T == Double)
public func avgPool2d<T>(_ x: Variable<T>, _ geo: ConvGeometry, countIncludePad: Bool = true) -> Variable<T> {
    let s = x.value.shape
    precondition(s.count == 4, "avgPool2d: expected [N, C, H, W], got \(s)")
    let (nc, h, w) = (s[0] * s[1], s[2], s[3])
    let ho = geo.output(h), wo = geo.output(w)
    precondition(ho > 0 && wo > 0, "avgPool2d: input \(h)x\(w) too small for kernel \(geo.kernel)")
    if geo == ConvGeometry(kernel: 3, stride: 1, padding: 1) { return BoxPool3.apply(x, countIncludePad: countIncludePad) }
    // window bounds and divisors per output position (shared by all planes)
    var windows: [(y0: Int, y1: Int, x0: Int, x1: Int, inv: T)] = []
    for oy in 0..<ho { for ox in 0..<wo {
        let ys = oy * geo.stride - geo.padding, xs = ox * geo.stride - geo.padding
        let y0 = max(ys, 0), y1 = min(ys + geo.kernel, h), x0 = max(xs, 0), x1 = min(xs + geo.kernel, w)
        let count = countIncludePad ? min(ys + geo.kernel, h + geo.padding) - ys : 0
        let divisor = countIncludePad ? count * (min(xs + geo.kernel, w + geo.padding) - xs) : (y1 - y0) * (x1 - x0)
        windows.append((y0, y1, x0, x1, 1 / T(divisor)))
    } }
    let xv = x.value.scalars
    var out = [T](repeating: 0, count: nc * ho * wo)
    for p in 0..<nc {
        let xb = p * h * w, ob = p * ho * wo
        for (q, win) in windows.enumerated() {
            var acc: T = 0
            for yy in win.y0..<win.y1 { for xx in win.x0..<win.x1 { acc += xv[xb + yy * w + xx] } }
            out[ob + q] = acc * win.inv
        }
    }
    return x.tape.record(Tensor(unchecked: [s[0], s[1], ho, wo], out), inputs: [x]) { [x = x.saved] g, tape in
        var dx = [T](repeating: 0, count: nc * h * w)
        for p in 0..<nc {
            let xb = p * h * w, ob = p * ho * wo
            for (q, win) in windows.enumerated() {
                let v = g.scalars[ob + q] * win.inv
                for yy in win.y0..<win.y1 { for xx in win.x0..<win.x1 { dx[xb + yy * w + xx] += v } }
            }
        }
        tape.accumulate(x, Tensor(unchecked: s, dx))
    }
}

/// Global average pooling: `[N, C, H, W] -> [N, C]`.
@_specialize(where T == Float) @_specialize(where T == Double)
public func globalAvgPool<T>(_ x: Variable<T>) -> Variable<T> {
    precondition(x.value.rank == 4, "globalAvgPool: expected [N, C, H, W], got \(x.value.shape)")
    return x.mean(alongAxes: [2, 3])
}
