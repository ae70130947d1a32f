import NASCore

/// 2-D convolution geometry: square kernel, stride and zero padding (PyTorch `nn.Conv2d`
/// semantics, NCHW layout).
public struct ConvGeometry: Sendable, Equatable {
    public let kernel: Int, stride: Int, padding: Int
    public init(kernel: Int, stride: Int = 1, padding: Int = 0) {
        precondition(kernel > 0 && stride > 0 && padding >= 0,
                     "ConvGeometry: kernel \(kernel), stride \(stride), padding \(padding) must be positive / non-negative")
        self.kernel = kernel; self.stride = stride; self.padding = padding
    }
    /// Output extent for an input extent.
    public func output(_ n: Int) -> Int { (n + 2 * padding - kernel) / stride + 1 }
}

/// Convolution layer: `x [N, Cin, H, W] -> [N, Cout, Ho, Wo]`, `weight [Cout, Cin, k, k]`,
/// optional `bias [Cout]`; PyTorch-default initialisation (fan_in = Cin * k * k).
public final class Conv2d<T: TensorScalar>: Module {
    public let weight: Parameter<T>
    public let bias: Parameter<T>?
    public let geometry: ConvGeometry
    public let inChannels: Int, outChannels: Int

    public init(_ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                bias: Bool = true, rng: inout SeededGenerator) {
        precondition(inChannels > 0 && outChannels > 0, "Conv2d: channel counts must be positive")
        self.inChannels = inChannels
        self.outChannels = outChannels
        geometry = ConvGeometry(kernel: kernel, stride: stride, padding: padding)
        let fanIn = inChannels * kernel * kernel
        weight = Parameter(Init.kaimingUniform([outChannels, inChannels, kernel, kernel], fanIn: fanIn, rng: &rng))
        self.bias = bias ? Parameter(Init.bias(outChannels, fanIn: fanIn, rng: &rng)) : nil
    }

    public var namedParameters: [(String, Parameter<T>)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public func callAsFunction(_ x: Variable<T>) -> Variable<T> {
        precondition(x.value.rank == 4 && x.value.shape[1] == inChannels,
                     "Conv2d(\(inChannels) -> \(outChannels)): input has shape \(x.value.shape), expected [N, \(inChannels), H, W]")
        let tape = x.tape
        return conv2d(x, tape.parameter(weight), bias: bias.map { tape.parameter($0) }, geometry)
    }
}

/// Convolution as one tape node (im2col over the whole batch, then one gemm):
/// `x [N, C, H, W]`, `w [O, C, k, k]`, `b [O]` -> `[N, O, Ho, Wo]`.
public func conv2d<T>(_ x: Variable<T>, _ w: Variable<T>, bias b: Variable<T>?, _ geo: ConvGeometry) -> Variable<T> {
    let xs = x.value.shape, ws = w.value.shape
    precondition(xs.count == 4 && ws.count == 4 && xs[1] == ws[1] && ws[2] == geo.kernel && ws[3] == geo.kernel,
                 "conv2d: input \(xs) and weight \(ws) do not match (kernel \(geo.kernel))")
    let (n, c, h, wd) = (xs[0], xs[1], xs[2], xs[3]), o = ws[0]
    let ho = geo.output(h), wo = geo.output(wd)
    precondition(ho > 0 && wo > 0, "conv2d: input \(h)x\(wd) too small for kernel \(geo.kernel), padding \(geo.padding)")
    let k = c * geo.kernel * geo.kernel, cols = n * ho * wo
    let col = ConvKernels<T>.im2col(x.value.scalars, n: n, c: c, h: h, w: wd, geo: geo, ho: ho, wo: wo)
    var big = [T](repeating: 0, count: o * cols)
    w.value.scalars.withUnsafeBufferPointer { wp in col.withUnsafeBufferPointer { cp in big.withUnsafeMutableBufferPointer { bp in
        T.gemm(transA: false, transB: false, m: o, n: cols, k: k, alpha: 1, a: wp.baseAddress!, lda: k,
               b: cp.baseAddress!, ldb: cols, beta: 0, c: bp.baseAddress!, ldc: cols)
    } } }
    let y = ConvKernels<T>.channelMajorToNCHW(big, bias: b?.value.scalars, n: n, o: o, p: ho * wo)
    let inputs = [x, w] + (b.map { [$0] } ?? [])
    return x.tape.record(Tensor(unchecked: [n, o, ho, wo], y), inputs: inputs) { [x = x.saved, w = w.saved, b = b?.saved] g, tape in
        let gBig = ConvKernels<T>.nchwToChannelMajor(g.scalars, n: n, o: o, p: ho * wo)
        if let b, b.requiresGrad {
            var db = [T](repeating: 0, count: o)
            for oc in 0..<o { var s: T = 0; for j in 0..<cols { s += gBig[oc * cols + j] }; db[oc] = s }
            tape.accumulate(b, Tensor(unchecked: [o], db))
        }
        if w.requiresGrad {
            var dw = [T](repeating: 0, count: o * k)
            gBig.withUnsafeBufferPointer { gp in col.withUnsafeBufferPointer { cp in dw.withUnsafeMutableBufferPointer { dp in
                T.gemm(transA: false, transB: true, m: o, n: k, k: cols, alpha: 1, a: gp.baseAddress!, lda: cols,
                       b: cp.baseAddress!, ldb: cols, beta: 0, c: dp.baseAddress!, ldc: k)
            } } }
            tape.accumulate(w, Tensor(unchecked: ws, dw))
        }
        if x.requiresGrad {
            var dcol = [T](repeating: 0, count: k * cols)
            w.value.scalars.withUnsafeBufferPointer { wp in gBig.withUnsafeBufferPointer { gp in dcol.withUnsafeMutableBufferPointer { dp in
                T.gemm(transA: true, transB: false, m: k, n: cols, k: o, alpha: 1, a: wp.baseAddress!, lda: k,
                       b: gp.baseAddress!, ldb: cols, beta: 0, c: dp.baseAddress!, ldc: cols)
            } } }
            let dx = ConvKernels<T>.col2im(dcol, n: n, c: c, h: h, w: wd, geo: geo, ho: ho, wo: wo)
            tape.accumulate(x, Tensor(unchecked: xs, dx))
        }
    }
}

/// im2col / col2im and layout changes. Column matrix layout: rows `(c, ki, kj)`, columns
/// `(n, oy, ox)`, i.e. `[C k k, N Ho Wo]`.
enum ConvKernels<T: TensorScalar> {
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func im2col(_ x: [T], n: Int, c: Int, h: Int, w: Int, geo: ConvGeometry, ho: Int, wo: Int) -> [T] {
        let kk = geo.kernel, s = geo.stride, pad = geo.padding
        let p = ho * wo, cols = n * p
        var out = [T](repeating: 0, count: c * kk * kk * cols)
        x.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { o in
            for ci in 0..<c { for ki in 0..<kk { for kj in 0..<kk {
                let row = ((ci * kk + ki) * kk + kj) * cols
                for img in 0..<n {
                    let xb = (img * c + ci) * h * w
                    for oy in 0..<ho {
                        let iy = oy * s - pad + ki
                        let ob = row + img * p + oy * wo
                        guard iy >= 0 && iy < h else { continue }
                        let xr = xb + iy * w
                        if s == 1 {
                            let lo = Swift.max(0, pad - kj), hi = Swift.min(wo, w + pad - kj)
                            if lo < hi { for ox in lo..<hi { o[ob + ox] = x[xr + ox - pad + kj] } }
                        } else {
                            for ox in 0..<wo {
                                let ix = ox * s - pad + kj
                                if ix >= 0 && ix < w { o[ob + ox] = x[xr + ix] }
                            }
                        }
                    }
                }
            } } }
        } }
        return out
    }

    @_specialize(where T == Float) @_specialize(where T == Double)
    static func col2im(_ col: [T], n: Int, c: Int, h: Int, w: Int, geo: ConvGeometry, ho: Int, wo: Int) -> [T] {
        let kk = geo.kernel, s = geo.stride, pad = geo.padding
        let p = ho * wo, cols = n * p
        var out = [T](repeating: 0, count: n * c * h * w)
        col.withUnsafeBufferPointer { cp in out.withUnsafeMutableBufferPointer { x in
            for ci in 0..<c { for ki in 0..<kk { for kj in 0..<kk {
                let row = ((ci * kk + ki) * kk + kj) * cols
                for img in 0..<n {
                    let xb = (img * c + ci) * h * w
                    for oy in 0..<ho {
                        let iy = oy * s - pad + ki
                        guard iy >= 0 && iy < h else { continue }
                        let ob = row + img * p + oy * wo, xr = xb + iy * w
                        if s == 1 {
                            let lo = Swift.max(0, pad - kj), hi = Swift.min(wo, w + pad - kj)
                            if lo < hi { for ox in lo..<hi { x[xr + ox - pad + kj] += cp[ob + ox] } }
                        } else {
                            for ox in 0..<wo {
                                let ix = ox * s - pad + kj
                                if ix >= 0 && ix < w { x[xr + ix] += cp[ob + ox] }
                            }
                        }
                    }
                }
            } } }
        } }
        return out
    }

    /// `[O, N P] -> [N, O, P]`, adding a per-channel bias.
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func channelMajorToNCHW(_ big: [T], bias: [T]?, n: Int, o: Int, p: Int) -> [T] {
        var out = [T](repeating: 0, count: n * o * p)
        big.withUnsafeBufferPointer { b in out.withUnsafeMutableBufferPointer { y in
            for oc in 0..<o {
                let bv: T = bias?[oc] ?? 0
                for img in 0..<n {
                    let src = oc * n * p + img * p, dst = (img * o + oc) * p
                    for j in 0..<p { y[dst + j] = b[src + j] + bv }
                }
            }
        } }
        return out
    }

    /// `[N, O, P] -> [O, N P]`.
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func nchwToChannelMajor(_ g: [T], n: Int, o: Int, p: Int) -> [T] {
        var out = [T](repeating: 0, count: n * o * p)
        g.withUnsafeBufferPointer { g in out.withUnsafeMutableBufferPointer { b in
            for img in 0..<n { for oc in 0..<o {
                let src = (img * o + oc) * p, dst = oc * n * p + img * p
                for j in 0..<p { b[dst + j] = g[src + j] }
            } }
        } }
        return out
    }
}
