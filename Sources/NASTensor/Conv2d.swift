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

    @_specialize(where T == Float) @_specialize(where T == Double)
    public func callAsFunction(_ x: Variable<T>) -> Variable<T> {
        precondition(x.value.rank == 4 && x.value.shape[1] == inChannels,
                     "Conv2d(\(inChannels) -> \(outChannels)): input has shape \(x.value.shape), expected [N, \(inChannels), H, W]")
        let tape = x.tape
        return conv2d(x, tape.parameter(weight), bias: bias.map { tape.parameter($0) }, geometry)
    }
}

/// Convolution as one tape node: `x [N, C, H, W]`, `w [O, C, k, k]`, `b [O]` -> `[N, O, Ho, Wo]`.
///
/// Float 3x3 / stride 1 / padding 1 convolutions with output channels in multiples of 8 take the
/// direct AVX-512 kernels where the CPU has them (`DirectConv`); the rest:
/// im2col + one gemm per chunk of images (chunks of about 4M column entries, so the column
/// buffer stays small and is reused; the backward pass recomputes the columns instead of keeping
/// a `[C k k, N Ho Wo]` matrix alive on the tape).
@_specialize(where T == Float) @_specialize(where T == Double)
public func conv2d<T>(_ x: Variable<T>, _ w: Variable<T>, bias b: Variable<T>?, _ geo: ConvGeometry) -> Variable<T> {
    let xs = x.value.shape, ws = w.value.shape
    precondition(xs.count == 4 && ws.count == 4 && xs[1] == ws[1] && ws[2] == geo.kernel && ws[3] == geo.kernel,
                 "conv2d: input \(xs) and weight \(ws) do not match (kernel \(geo.kernel))")
    let (n, c, h, wd) = (xs[0], xs[1], xs[2], xs[3]), o = ws[0]
    let ho = geo.output(h), wo = geo.output(wd)
    precondition(ho > 0 && wo > 0, "conv2d: input \(h)x\(wd) too small for kernel \(geo.kernel), padding \(geo.padding)")
    let shape = ConvShape(n: n, c: c, h: h, w: wd, o: o, ho: ho, wo: wo, geo: geo)
    let direct = T.self == Float.self && DirectConv.applies(shape)
    let y: [T] = direct
        ? unsafeBitCast(DirectConv.forward(unsafeBitCast(x.value.scalars, to: [Float].self), unsafeBitCast(w.value.scalars, to: [Float].self),
                                           b.map { unsafeBitCast($0.value.scalars, to: [Float].self) }, shape), to: [T].self)
        : ConvKernels<T>.forward(x.value.scalars, w.value.scalars, b?.value.scalars, shape)
    let inputs = [x, w] + (b.map { [$0] } ?? [])
    return x.tape.record(Tensor(unchecked: [n, o, ho, wo], y), inputs: inputs) { [x = x.saved, w = w.saved, b = b?.saved] g, tape in
        let r: (dx: [T], dw: [T])
        if direct {
            let f = DirectConv.backward(unsafeBitCast(g.scalars, to: [Float].self), unsafeBitCast(x.value.scalars, to: [Float].self),
                                        unsafeBitCast(w.value.scalars, to: [Float].self), shape,
                                        wantInput: x.requiresGrad, wantWeight: w.requiresGrad)
            r = (unsafeBitCast(f.dx, to: [T].self), unsafeBitCast(f.dw, to: [T].self))
        } else {
            r = ConvKernels<T>.backward(g.scalars, x.value.scalars, w.value.scalars, shape,
                                        wantInput: x.requiresGrad, wantWeight: w.requiresGrad)
        }
        if let b, b.requiresGrad { tape.accumulate(b, g.sum(alongAxes: [0, 2, 3])) }
        if w.requiresGrad { tape.accumulate(w, Tensor(unchecked: ws, r.dw)) }
        if x.requiresGrad { tape.accumulate(x, Tensor(unchecked: xs, r.dx)) }
    }
}

/// Sizes of one convolution.
struct ConvShape {
    let n: Int, c: Int, h: Int, w: Int, o: Int, ho: Int, wo: Int, geo: ConvGeometry
    var k: Int { c * geo.kernel * geo.kernel }
    var p: Int { ho * wo }
    /// Images per chunk: about 4M column entries (16 MiB in Float).
    var chunk: Int { max(1, min(n, (1 << 22) / max(k * p, 1))) }
}

/// im2col / col2im and layout changes. Column matrix layout: rows `(c, ki, kj)`, columns
/// `(n, oy, ox)`, i.e. `[C k k, N Ho Wo]`.
enum ConvKernels<T: TensorScalar> {
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func forward(_ x: [T], _ wt: [T], _ bias: [T]?, _ s: ConvShape) -> [T] {
        let (k, p) = (s.k, s.p)
        var y = [T](repeating: 0, count: s.n * s.o * p)
        var col = [T](repeating: 0, count: k * s.chunk * p)
        var big = [T](repeating: 0, count: s.o * s.chunk * p)
        var i0 = 0
        while i0 < s.n {
            let m = min(s.chunk, s.n - i0), cols = m * p
            im2col(x, into: &col, images: i0..<(i0 + m), s)
            wt.withUnsafeBufferPointer { wp in col.withUnsafeBufferPointer { cp in big.withUnsafeMutableBufferPointer { bp in
                T.gemm(transA: false, transB: false, m: s.o, n: cols, k: k, alpha: 1, a: wp.baseAddress!, lda: k,
                       b: cp.baseAddress!, ldb: cols, beta: 0, c: bp.baseAddress!, ldc: cols)
            } } }
            y.withUnsafeMutableBufferPointer { yp in big.withUnsafeBufferPointer { bp in
                for oc in 0..<s.o {
                    let bv: T = bias?[oc] ?? 0
                    for img in 0..<m {
                        let src = oc * cols + img * p, dst = ((i0 + img) * s.o + oc) * p
                        for j in 0..<p { yp[dst + j] = bp[src + j] + bv }
                    }
                }
            } }
            i0 += m
        }
        return y
    }

    @_specialize(where T == Float) @_specialize(where T == Double)
    static func backward(_ g: [T], _ x: [T], _ wt: [T], _ s: ConvShape, wantInput: Bool, wantWeight: Bool)
        -> (dx: [T], dw: [T]) {
        let (k, p) = (s.k, s.p)
        var dx = [T](repeating: 0, count: wantInput ? s.n * s.c * s.h * s.w : 0)
        var dw = [T](repeating: 0, count: s.o * k)
        var col = [T](repeating: 0, count: k * s.chunk * p)
        var gBig = [T](repeating: 0, count: s.o * s.chunk * p)
        var i0 = 0
        while i0 < s.n {
            let m = min(s.chunk, s.n - i0), cols = m * p
            gBig.withUnsafeMutableBufferPointer { bp in g.withUnsafeBufferPointer { gp in
                for img in 0..<m { for oc in 0..<s.o {
                    let src = ((i0 + img) * s.o + oc) * p, dst = oc * cols + img * p
                    for j in 0..<p { bp[dst + j] = gp[src + j] }
                } }
            } }
            if wantWeight {
                im2col(x, into: &col, images: i0..<(i0 + m), s)
                gBig.withUnsafeBufferPointer { gp in col.withUnsafeBufferPointer { cp in dw.withUnsafeMutableBufferPointer { dp in
                    T.gemm(transA: false, transB: true, m: s.o, n: k, k: cols, alpha: 1, a: gp.baseAddress!, lda: cols,
                           b: cp.baseAddress!, ldb: cols, beta: 1, c: dp.baseAddress!, ldc: k)
                } } }
            }
            if wantInput {
                wt.withUnsafeBufferPointer { wp in gBig.withUnsafeBufferPointer { gp in col.withUnsafeMutableBufferPointer { dp in
                    T.gemm(transA: true, transB: false, m: k, n: cols, k: s.o, alpha: 1, a: wp.baseAddress!, lda: k,
                           b: gp.baseAddress!, ldb: cols, beta: 0, c: dp.baseAddress!, ldc: cols)
                } } }
                col2im(col, into: &dx, images: i0..<(i0 + m), s)
            }
            i0 += m
        }
        return (dx, dw)
    }

    /// Columns of images `images` into `out` (`[C k k, |images| Ho Wo]`, fully overwritten).
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func im2col(_ x: [T], into out: inout [T], images: Range<Int>, _ sh: ConvShape) {
        let (c, h, w, ho, wo, geo) = (sh.c, sh.h, sh.w, sh.ho, sh.wo, sh.geo)
        let kk = geo.kernel, s = geo.stride, pad = geo.padding
        let p = ho * wo, cols = images.count * p, n0 = images.lowerBound
        x.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { o in
            Parallel.forRanges(c, work: c * kk * kk * cols) { channels in
            for ci in channels { for ki in 0..<kk { for kj in 0..<kk {
                let row = ((ci * kk + ki) * kk + kj) * cols
                for img in 0..<images.count {
                    let xb = ((n0 + img) * c + ci) * h * w
                    for oy in 0..<ho {
                        let iy = oy * s - pad + ki
                        let ob = row + img * p + oy * wo
                        for ox in 0..<wo { o[ob + ox] = 0 }
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
            }
        } }
    }

    /// Adds the columns of images `images` back into `out` (`[N, C, H, W]`).
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func col2im(_ col: [T], into out: inout [T], images: Range<Int>, _ sh: ConvShape) {
        let (c, h, w, ho, wo, geo) = (sh.c, sh.h, sh.w, sh.ho, sh.wo, sh.geo)
        let kk = geo.kernel, s = geo.stride, pad = geo.padding
        let p = ho * wo, cols = images.count * p, n0 = images.lowerBound
        col.withUnsafeBufferPointer { cp in out.withUnsafeMutableBufferPointer { x in
            Parallel.forRanges(c, work: c * kk * kk * cols) { channels in
            for ci in channels { for ki in 0..<kk { for kj in 0..<kk {
                let row = ((ci * kk + ki) * kk + kj) * cols
                for img in 0..<images.count {
                    let xb = ((n0 + img) * c + ci) * h * w
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
            }
        } }
    }
}
