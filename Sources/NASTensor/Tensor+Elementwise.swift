/// Element-wise arithmetic with broadcasting, and the unary maps the layers need.
///
/// Broadcasting follows numpy: shapes are aligned on the right, and an axis of extent 1 (or a
/// missing leading axis) is repeated. Fast paths: equal shapes, a scalar operand, a trailing
/// row vector (`[n, m] + [m]`, bias add) and a column vector (`[n, m] * [n, 1]`).
/// Hot loops are pre-specialised for `Float` and `Double` (`@_specialize`), so calls from other
/// modules run the specialised code.
public enum BinaryOp: Sendable { case add, sub, mul, div }

/// Element-wise unary maps with known derivatives.
public enum UnaryOp: Sendable { case relu, tanh, sigmoid, exp, log, neg, square, sqrt, abs }

/// The numpy broadcast of two shapes, or `nil` when they are incompatible.
public func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
    let r = max(a.count, b.count)
    var out = [Int](repeating: 1, count: r)
    for i in 0..<r {
        let x = i < r - a.count ? 1 : a[i - (r - a.count)]
        let y = i < r - b.count ? 1 : b[i - (r - b.count)]
        if x == y || y == 1 { out[i] = x } else if x == 1 { out[i] = y } else { return nil }
    }
    return out
}

/// Row-major strides of `shape` placed in an output of rank `rank`, with 0 on broadcast axes.
func broadcastStrides(_ shape: [Int], into out: [Int]) -> [Int] {
    let r = out.count
    var strides = [Int](repeating: 0, count: r)
    var s = 1
    for i in stride(from: shape.count - 1, through: 0, by: -1) {
        let o = i + (r - shape.count)
        strides[o] = shape[i] == 1 && out[o] != 1 ? 0 : s
        s *= shape[i]
    }
    return strides
}

@inline(__always)
func applyBinary<T: TensorScalar>(_ op: BinaryOp, _ x: T, _ y: T) -> T {
    switch op {
    case .add: return x + y
    case .sub: return x - y
    case .mul: return x * y
    case .div: return x / y
    }
}

extension Tensor {
    /// `self op other` with numpy broadcasting; traps with both shapes when incompatible.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func binary(_ op: BinaryOp, _ other: Tensor) -> Tensor {
        if shape == other.shape {
            var out = [T].uninitialised(count)  // every element is written below
            scalars.withUnsafeBufferPointer { a in other.scalars.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { o in
                    Parallel.forRanges(o.count, work: o.count) { r in
                        let (o, a, b) = (o, a, b)  // local copies: base addresses stay in registers
                        switch op {
                        case .add: for i in r { o[i] = a[i] + b[i] }
                        case .sub: for i in r { o[i] = a[i] - b[i] }
                        case .mul: for i in r { o[i] = a[i] * b[i] }
                        case .div: for i in r { o[i] = a[i] / b[i] }
                        }
                    }
                }
            } }
            return Tensor(unchecked: shape, out)
        }
        guard let outShape = broadcastShape(shape, other.shape) else {
            preconditionFailure("element-wise \(op): shapes \(shape) and \(other.shape) do not broadcast")
        }
        let n = outShape.reduce(1, *)
        // Trailing-vector fast path: other covers the innermost axes of self exactly.
        if outShape == shape, other.count > 0, count % other.count == 0,
           Array(shape.suffix(other.shape.count)) == other.shape || other.count == 1 {
            let m = other.count
            var out = [T].uninitialised(n)  // every element is written below
            scalars.withUnsafeBufferPointer { a in other.scalars.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { o in
                    // one loop per op (the switch outside the element loop, so it vectorises);
                    // rows split across the cores (element-wise: the same values on any count)
                    Parallel.forRanges(n / m, work: n) { range in
                        let (o, a, b) = (o, a, b)  // local copies: base addresses stay in registers
                        @inline(__always) func rows(_ f: (T, T) -> T) {
                            var base = range.lowerBound * m
                            let end = range.upperBound * m
                            while base < end {
                                for j in 0..<m { o[base + j] = f(a[base + j], b[j]) }
                                base += m
                            }
                        }
                        switch op {
                        case .add: rows(+)
                        case .sub: rows(-)
                        case .mul: rows(*)
                        case .div: rows(/)
                        }
                    }
                }
            } }
            return Tensor(unchecked: outShape, out)
        }
        var out = [T](repeating: 0, count: n)
        let sa = broadcastStrides(shape, into: outShape)
        let sb = broadcastStrides(other.shape, into: outShape)
        let r = outShape.count
        let inner = outShape[r - 1]
        let ia = sa[r - 1], ib = sb[r - 1]
        scalars.withUnsafeBufferPointer { a in other.scalars.withUnsafeBufferPointer { b in
            out.withUnsafeMutableBufferPointer { o in
                var idx = [Int](repeating: 0, count: r)
                var offA = 0, offB = 0, pos = 0
                while pos < n {
                    var pa = offA, pb = offB
                    for j in 0..<inner {
                        o[pos + j] = applyBinary(op, a[pa], b[pb]); pa += ia; pb += ib
                    }
                    pos += inner
                    // advance the odometer over the outer axes
                    var ax = r - 2
                    while ax >= 0 {
                        idx[ax] += 1; offA += sa[ax]; offB += sb[ax]
                        if idx[ax] < outShape[ax] { break }
                        offA -= sa[ax] * idx[ax]; offB -= sb[ax] * idx[ax]; idx[ax] = 0
                        ax -= 1
                    }
                }
            }
        } }
        return Tensor(unchecked: outShape, out)
    }

    /// Sums a broadcast result back to `target` (the adjoint of broadcasting).
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func sumToShape(_ target: [Int]) -> Tensor {
        if shape == target { return self }
        let tn = target.reduce(1, *)
        var out = [T](repeating: 0, count: tn)
        if tn == 1 {
            var s: T = 0
            for v in scalars { s += v }
            out[0] = s
            return Tensor(unchecked: target, out)
        }
        precondition(broadcastShape(shape, target) == shape,
                     "sumToShape: \(target) does not broadcast to \(shape)")
        if Array(shape.suffix(target.count)) == target {
            // columns split across the cores; each column still sums its rows in order (the same
            // value on any core count)
            scalars.withUnsafeBufferPointer { g in out.withUnsafeMutableBufferPointer { o in
                Parallel.forRanges(tn, work: g.count) { cols in
                    let (g, o) = (g, o)
                    var base = 0
                    while base < g.count { for j in cols { o[j] += g[base + j] }; base += tn }
                }
            } }
            return Tensor(unchecked: target, out)
        }
        let st = broadcastStrides(target, into: shape)
        let r = shape.count
        let inner = shape[r - 1], it = st[r - 1]
        scalars.withUnsafeBufferPointer { g in out.withUnsafeMutableBufferPointer { o in
            var idx = [Int](repeating: 0, count: r)
            var off = 0, pos = 0
            while pos < g.count {
                var p = off
                for j in 0..<inner { o[p] += g[pos + j]; p += it }
                pos += inner
                var ax = r - 2
                while ax >= 0 {
                    idx[ax] += 1; off += st[ax]
                    if idx[ax] < shape[ax] { break }
                    off -= st[ax] * idx[ax]; idx[ax] = 0
                    ax -= 1
                }
            }
        } }
        return Tensor(unchecked: target, out)
    }

    /// `a * self + b` element-wise for scalars `a`, `b`.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func affine(scale a: T, shift b: T) -> Tensor {
        var out = scalars
        out.withUnsafeMutableBufferPointer { o in for i in 0..<o.count { o[i] = a * o[i] + b } }
        return Tensor(unchecked: shape, out)
    }

    /// An element-wise unary map.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func map(_ op: UnaryOp) -> Tensor {
        if op == .relu && T.self == Float.self {
            // read the input and write the output in one pass (no copy-then-update)
            var out = [T].uninitialised(count)
            scalars.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { o in
                guard let px = x.baseAddress, let po = o.baseAddress else { return }
                let src = UnsafeRawPointer(px).assumingMemoryBound(to: Float.self)
                let dst = UnsafeMutableRawPointer(po).assumingMemoryBound(to: Float.self)
                Parallel.forRanges(o.count, work: o.count) { r in FloatSIMD.relu(src, dst, r) }
            } }
            return Tensor(unchecked: shape, out)
        }
        var out = scalars
        out.withUnsafeMutableBufferPointer { o in
            Parallel.forRanges(o.count, work: o.count * (op == .relu || op == .neg || op == .square || op == .abs ? 1 : 8)) { r in
            let o = o  // a local copy: the loops keep the base address in a register
            switch op {
            case .relu: for i in r where !(o[i] > 0) { o[i] = 0 }
            case .tanh: for i in r { o[i] = T.tanh(o[i]) }
            case .sigmoid:
                for i in r {
                    let x = o[i]
                    if x >= 0 { o[i] = 1 / (1 + T.exp(-x)) } else { let e = T.exp(x); o[i] = e / (1 + e) }
                }
            case .exp: for i in r { o[i] = T.exp(o[i]) }
            case .log: for i in r { o[i] = T.log(o[i]) }
            case .neg: for i in r { o[i] = -o[i] }
            case .square: for i in r { o[i] = o[i] * o[i] }
            case .sqrt: for i in r { o[i] = o[i].squareRoot() }
            case .abs: for i in r { o[i] = Swift.abs(o[i]) }
            }
            }
        }
        return Tensor(unchecked: shape, out)
    }

    /// The derivative of `map(op)` applied to an upstream gradient: `grad * f'(x)`, using the
    /// input `x = self` and the output `y`.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func unaryBackward(_ op: UnaryOp, output y: Tensor, grad g: Tensor) -> Tensor {
        var out = [T].uninitialised(count)
        scalars.withUnsafeBufferPointer { x in y.scalars.withUnsafeBufferPointer { y in
            g.scalars.withUnsafeBufferPointer { g in out.withUnsafeMutableBufferPointer { o in
                Parallel.forRanges(o.count, work: o.count) { r in
                let (o, x, y, g) = (o, x, y, g)  // local copies: base addresses stay in registers
                switch op {
                case .relu:
                    if T.self == Float.self, let px = x.baseAddress, let pg = g.baseAddress, let po = o.baseAddress {
                        FloatSIMD.reluBackward(UnsafeRawPointer(px).assumingMemoryBound(to: Float.self),
                                               UnsafeRawPointer(pg).assumingMemoryBound(to: Float.self),
                                               UnsafeMutableRawPointer(po).assumingMemoryBound(to: Float.self), r)
                    } else {
                        for i in r { o[i] = x[i] > 0 ? g[i] : 0 }
                    }
                case .tanh: for i in r { o[i] = g[i] * (1 - y[i] * y[i]) }
                case .sigmoid: for i in r { o[i] = g[i] * y[i] * (1 - y[i]) }
                case .exp: for i in r { o[i] = g[i] * y[i] }
                case .log: for i in r { o[i] = g[i] / x[i] }
                case .neg: for i in r { o[i] = -g[i] }
                case .square: for i in r { o[i] = 2 * x[i] * g[i] }
                case .sqrt: for i in r { o[i] = g[i] / (2 * y[i]) }
                case .abs: for i in r { o[i] = x[i] > 0 ? g[i] : (x[i] < 0 ? -g[i] : 0) }
                }
                }
            } }
        } }
        return Tensor(unchecked: shape, out)
    }

    /// In-place `self += other` (same shape).
    @_specialize(where T == Float) @_specialize(where T == Double)
    public mutating func addInPlace(_ other: Tensor) {
        precondition(shape == other.shape, "addInPlace: shapes \(shape) and \(other.shape) differ")
        scalars.withUnsafeMutableBufferPointer { a in other.scalars.withUnsafeBufferPointer { b in
            Parallel.forRanges(a.count, work: a.count) { r in let (a, b) = (a, b); for i in r { a[i] += b[i] } }
        } }
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor { a.binary(.add, b) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { a.binary(.sub, b) }
    public static func * (a: Tensor, b: Tensor) -> Tensor { a.binary(.mul, b) }
    public static func / (a: Tensor, b: Tensor) -> Tensor { a.binary(.div, b) }
    public static func * (a: Tensor, s: T) -> Tensor { a.affine(scale: s, shift: 0) }
    public static func + (a: Tensor, s: T) -> Tensor { a.affine(scale: 1, shift: s) }
    public static prefix func - (a: Tensor) -> Tensor { a.map(.neg) }
}

/// Explicit 8-wide SIMD for the Float ReLU and its backward: the scalar loops compile to a
/// mispredicted branch per element on random signs (measured: ~15% of an arch2vec training step).
/// NaN maps to 0, as the scalar code.
enum FloatSIMD {
    /// `o[i] = max(x[i], 0)` over `r` (`x` and `o` may be the same buffer).
    static func relu(_ x: UnsafePointer<Float>, _ o: UnsafeMutablePointer<Float>, _ r: Range<Int>) {
        var i = r.lowerBound
        let rx = UnsafeRawPointer(x), ro = UnsafeMutableRawPointer(o)
        while i + 8 <= r.upperBound {
            let v = rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            ro.storeBytes(of: v.replacing(with: 0, where: .!(v .> 0)), toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < r.upperBound { let v = x[i]; o[i] = v > 0 ? v : 0; i += 1 }
    }

    static func reluBackward(_ x: UnsafePointer<Float>, _ g: UnsafePointer<Float>, _ o: UnsafeMutablePointer<Float>, _ r: Range<Int>) {
        var i = r.lowerBound
        let rx = UnsafeRawPointer(x), rg = UnsafeRawPointer(g), ro = UnsafeMutableRawPointer(o)
        while i + 8 <= r.upperBound {
            let xv = rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            let gv = rg.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            ro.storeBytes(of: gv.replacing(with: 0, where: .!(xv .> 0)), toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < r.upperBound { o[i] = x[i] > 0 ? g[i] : 0; i += 1 }
    }
}
