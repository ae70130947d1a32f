/// Batch normalisation over axis 1 (channels) of `[N, C]` (BatchNorm1d) or `[N, C, H, W]`
/// (BatchNorm2d) inputs, PyTorch semantics: training mode normalises with the batch mean and
/// biased variance and updates running statistics with `momentum` (0.1) using the unbiased
/// variance; eval mode uses the running statistics. `eps = 1e-5`, affine weight 1 / bias 0.
public final class BatchNorm<T: TensorScalar>: Module {
    public let weight: Parameter<T>
    public let bias: Parameter<T>
    public let runningMean: Parameter<T>
    public let runningVar: Parameter<T>
    public let channels: Int
    public let momentum: T
    public let eps: T

    public init(_ channels: Int, momentum: T = 0.1, eps: T = 1e-5) {
        precondition(channels > 0, "BatchNorm: channel count must be positive, got \(channels)")
        self.channels = channels
        self.momentum = momentum
        self.eps = eps
        weight = Parameter(Tensor(repeating: 1, shape: [channels]))
        bias = Parameter(Tensor(zeros: [channels]))
        runningMean = Parameter(Tensor(zeros: [channels]), trainable: false)
        runningVar = Parameter(Tensor(repeating: 1, shape: [channels]), trainable: false)
    }

    public var namedParameters: [(String, Parameter<T>)] {
        [("weight", weight), ("bias", bias), ("running_mean", runningMean), ("running_var", runningVar)]
    }

    /// Normalises `x` (`[N, C, ...]`); in training mode also updates the running statistics.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func callAsFunction(_ x: Variable<T>, training: Bool) -> Variable<T> {
        precondition(x.value.rank >= 2 && x.value.shape[1] == channels,
                     "BatchNorm(\(channels)): input has shape \(x.value.shape), expected [N, \(channels), ...]")
        let tape = x.tape
        let g = tape.parameter(weight), b = tape.parameter(bias)
        if training {
            let (y, mean, varBiased) = batchNormTrain(x, g, b, eps: eps)
            let m = x.value.count / channels
            precondition(m > 1, "BatchNorm in training mode needs more than one value per channel, got input \(x.value.shape)")
            let unbias = T(m) / T(m - 1)
            var rm = runningMean.value, rv = runningVar.value
            for c in 0..<channels {
                rm.scalars[c] = (1 - momentum) * rm.scalars[c] + momentum * mean[c]
                rv.scalars[c] = (1 - momentum) * rv.scalars[c] + momentum * varBiased[c] * unbias
            }
            runningMean.value = rm
            runningVar.value = rv
            return y
        }
        return batchNormEval(x, g, b, mean: runningMean.value.scalars, variance: runningVar.value.scalars, eps: eps)
    }
}

/// Train-mode batch norm as one tape node. Returns the output and the batch mean and biased variance.
@_specialize(where T == Float) @_specialize(where T == Double)
public func batchNormTrain<T>(_ x: Variable<T>, _ gamma: Variable<T>, _ beta: Variable<T>, eps: T)
    -> (Variable<T>, [T], [T]) {
    let s = x.value.shape
    let (n, c) = (s[0], s[1]), hw = s.dropFirst(2).reduce(1, *)
    let r = BNKernels<T>.forwardTrain(x.value.scalars, gamma.value.scalars, beta.value.scalars, n: n, c: c, hw: hw, eps: eps)
    let y = Tensor(unchecked: s, r.y)
    let v = x.tape.record(y, inputs: [x, gamma, beta]) { [x = x.saved, gamma = gamma.saved, beta = beta.saved] g, tape in
        let gr = BNKernels<T>.backwardTrain(g.scalars, x: x.value.scalars, r, gamma.value.scalars, n: n, c: c, hw: hw)
        if x.requiresGrad { tape.accumulate(x, Tensor(unchecked: s, gr.dx)) }
        if gamma.requiresGrad { tape.accumulate(gamma, Tensor(unchecked: [c], gr.dgamma)) }
        if beta.requiresGrad { tape.accumulate(beta, Tensor(unchecked: [c], gr.dbeta)) }
    }
    return (v, r.mean, r.variance)
}

/// Eval-mode batch norm (fixed statistics) as one tape node.
@_specialize(where T == Float) @_specialize(where T == Double)
public func batchNormEval<T>(_ x: Variable<T>, _ gamma: Variable<T>, _ beta: Variable<T>,
                             mean: [T], variance: [T], eps: T) -> Variable<T> {
    let s = x.value.shape
    let (n, c) = (s[0], s[1]), hw = s.dropFirst(2).reduce(1, *)
    let invStd = variance.map { 1 / ($0 + eps).squareRoot() }
    let xhat = BNKernels<T>.normalise(x.value.scalars, mean: mean, invStd: invStd, n: n, c: c, hw: hw)
    let y = BNKernels<T>.scaleShift(xhat, gamma.value.scalars, beta.value.scalars, n: n, c: c, hw: hw)
    return x.tape.record(Tensor(unchecked: s, y), inputs: [x, gamma, beta]) { [x = x.saved, gamma = gamma.saved, beta = beta.saved] g, tape in
        let gs = g.scalars
        var dgamma = [T](repeating: 0, count: c), dbeta = [T](repeating: 0, count: c)
        var dx = [T](repeating: 0, count: gs.count)
        for i in 0..<n { for ch in 0..<c {
            let base = (i * c + ch) * hw, k = gamma.value.scalars[ch] * invStd[ch]
            var sg: T = 0, sgx: T = 0
            for j in 0..<hw { sg += gs[base + j]; sgx += gs[base + j] * xhat[base + j]; dx[base + j] = gs[base + j] * k }
            dbeta[ch] += sg; dgamma[ch] += sgx
        } }
        if x.requiresGrad { tape.accumulate(x, Tensor(unchecked: s, dx)) }
        if gamma.requiresGrad { tape.accumulate(gamma, Tensor(unchecked: [c], dgamma)) }
        if beta.requiresGrad { tape.accumulate(beta, Tensor(unchecked: [c], dbeta)) }
    }
}

/// Batch-norm loops over the `[N, C, HW]` layout (channel sums accumulated in Double).
enum BNKernels<T: TensorScalar> {
    /// `xhat` (the normalised input) is kept only for `[N, C]` rows; for planes (`hw > 1`) it is
    /// empty and the backward pass recomputes it from the input (one 4-byte-per-element array
    /// less to write and keep per BatchNorm2d).
    struct Forward { var y: [T]; var xhat: [T]; var mean: [T]; var variance: [T]; var invStd: [T] }
    struct Backward { var dx: [T]; var dgamma: [T]; var dbeta: [T] }

    @_specialize(where T == Float) @_specialize(where T == Double)
    static func forwardTrain(_ x: [T], _ gamma: [T], _ beta: [T], n: Int, c: Int, hw: Int, eps: T) -> Forward {
        let m = Double(n * hw)
        var sum = [Double](repeating: 0, count: c), sq = [Double](repeating: 0, count: c)
        if hw == 1 {
            rowMoments(x, n: n, c: c, sum: &sum, squares: &sq)
        } else {
        x.withUnsafeBufferPointer { x in
            sum.withUnsafeMutableBufferPointer { sum in sq.withUnsafeMutableBufferPointer { sq in
                Parallel.forRanges(c, work: n * c * hw) { chans in
                    for ch in chans {
                        for i in 0..<n { sum[ch] += Double(PlaneReduce<T>.sum(x.baseAddress! + (i * c + ch) * hw, hw)) }
                        sum[ch] /= m
                        let mu = T(sum[ch])
                        for i in 0..<n { sq[ch] += Double(PlaneReduce<T>.squaredDeviation(x.baseAddress! + (i * c + ch) * hw, hw, from: mu)) }
                    }
                }
            } }
        }
        }
        let mean = sum.map { T($0) }
        let variance = sq.map { T($0 / m) }
        let invStd = variance.map { 1 / ($0 + eps).squareRoot() }
        if hw == 1 {
            let xhat = normalise(x, mean: mean, invStd: invStd, n: n, c: c, hw: hw)
            return Forward(y: scaleShift(xhat, gamma, beta, n: n, c: c, hw: hw), xhat: xhat, mean: mean, variance: variance, invStd: invStd)
        }
        let y = normaliseAndScale(x, mean: mean, invStd: invStd, gamma, beta, n: n, c: c, hw: hw)
        return Forward(y: y, xhat: [], mean: mean, variance: variance, invStd: invStd)
    }

    @_specialize(where T == Float) @_specialize(where T == Double)
    static func normalise(_ x: [T], mean: [T], invStd: [T], n: Int, c: Int, hw: Int) -> [T] {
        var out = [T](repeating: 0, count: x.count)
        if hw == 1 { rowAffine(x, into: &out, scale: invStd, shift: mean.indices.map { -mean[$0] * invStd[$0] }, n: n, c: c); return out }
        x.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { o in
            Parallel.forRanges(n, work: n * c * hw) { imgs in
                for i in imgs { for ch in 0..<c {
                    let base = (i * c + ch) * hw, mu = mean[ch], k = invStd[ch]
                    for j in 0..<hw { o[base + j] = (x[base + j] - mu) * k }
                } }
            }
        } }
        return out
    }

    @_specialize(where T == Float) @_specialize(where T == Double)
    static func scaleShift(_ xhat: [T], _ gamma: [T], _ beta: [T], n: Int, c: Int, hw: Int) -> [T] {
        var out = [T](repeating: 0, count: xhat.count)
        if hw == 1 { rowAffine(xhat, into: &out, scale: gamma, shift: beta, n: n, c: c); return out }
        xhat.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { o in
            Parallel.forRanges(n, work: n * c * hw) { imgs in
                for i in imgs { for ch in 0..<c {
                    let base = (i * c + ch) * hw, g = gamma[ch], b = beta[ch]
                    for j in 0..<hw { o[base + j] = x[base + j] * g + b }
                } }
            }
        } }
        return out
    }

    /// Train-mode gradients for the output gradient `g`, the forward input `x` and its `Forward`.
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func backwardTrain(_ g: [T], x: [T], _ f: Forward, _ gamma: [T], n: Int, c: Int, hw: Int) -> Backward {
        if hw == 1 { return rowBackward(g, f.xhat, gamma, f.invStd, n: n, c: c) }
        let (mean, invStd) = (f.mean, f.invStd)
        var sg = [Double](repeating: 0, count: c), sgx = [Double](repeating: 0, count: c)
        var dx = [T].uninitialised(g.count)
        g.withUnsafeBufferPointer { g in x.withUnsafeBufferPointer { xs in
            sg.withUnsafeMutableBufferPointer { sg in sgx.withUnsafeMutableBufferPointer { sgx in
                Parallel.forRanges(c, work: n * c * hw) { chans in
                    for ch in chans {
                        for i in 0..<n {
                            let base = (i * c + ch) * hw
                            let (a, b) = PlaneReduce<T>.sumAndDot(g.baseAddress! + base, xs.baseAddress! + base, hw, shift: mean[ch])
                            sg[ch] += Double(a); sgx[ch] += Double(b)
                        }
                        sgx[ch] *= Double(invStd[ch])   // sum g (x - mean) invStd = sum g xhat
                    }
                }
            } }
            let m = Double(n * hw)
            dx.withUnsafeMutableBufferPointer { dx in
                Parallel.forRanges(n, work: n * c * hw) { imgs in
                    for i in imgs { for ch in 0..<c {
                        let base = (i * c + ch) * hw, mu = mean[ch], s = invStd[ch]
                        let k = gamma[ch] * s, mg = T(sg[ch] / m), mgx = T(sgx[ch] / m)
                        for j in 0..<hw { dx[base + j] = k * (g[base + j] - mg - (xs[base + j] - mu) * s * mgx) }
                    } }
                }
            }
        } }
        return Backward(dx: dx, dgamma: sgx.map { T($0) }, dbeta: sg.map { T($0) })
    }

    /// `y = (x - mean) invStd gamma + beta` per channel of `[n, c, hw]` (`hw > 1`), in one pass.
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func normaliseAndScale(_ x: [T], mean: [T], invStd: [T], _ gamma: [T], _ beta: [T], n: Int, c: Int, hw: Int) -> [T] {
        var y = [T].uninitialised(x.count)
        x.withUnsafeBufferPointer { x in y.withUnsafeMutableBufferPointer { o in
            Parallel.forRanges(n, work: n * c * hw) { imgs in
                for i in imgs { for ch in 0..<c {
                    let base = (i * c + ch) * hw, mu = mean[ch], k = invStd[ch] * gamma[ch], b = beta[ch]
                    for j in 0..<hw { o[base + j] = (x[base + j] - mu) * k + b }
                } }
            }
        } }
        return y
    }

    // MARK: [N, C] rows (BatchNorm1d): channels are contiguous, so loop rows outside and
    // channels inside (vectorised), instead of striding through each channel.

    /// Per-channel sum and sum of squared deviations from the mean of `x [n, c]` (Double).
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func rowMoments(_ x: [T], n: Int, c: Int, sum: inout [Double], squares sq: inout [Double]) {
        x.withUnsafeBufferPointer { x in sum.withUnsafeMutableBufferPointer { s in sq.withUnsafeMutableBufferPointer { q in
            for i in 0..<n { let r = i * c; for ch in 0..<c { s[ch] += Double(x[r + ch]) } }
            let m = Double(n)
            for ch in 0..<c { s[ch] /= m }
            for i in 0..<n { let r = i * c; for ch in 0..<c { let d = Double(x[r + ch]) - s[ch]; q[ch] += d * d } }
        } } }
    }

    /// `out[i, ch] = x[i, ch] * scale[ch] + shift[ch]` over `[n, c]`.
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func rowAffine(_ x: [T], into out: inout [T], scale: [T], shift: [T], n: Int, c: Int) {
        x.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { o in
            scale.withUnsafeBufferPointer { a in shift.withUnsafeBufferPointer { b in
                for i in 0..<n { let r = i * c; for ch in 0..<c { o[r + ch] = x[r + ch] * a[ch] + b[ch] } }
            } }
        } }
    }

    /// `backwardTrain` for `[n, c]` rows.
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func rowBackward(_ g: [T], _ xhat: [T], _ gamma: [T], _ invStd: [T], n: Int, c: Int) -> Backward {
        var sg = [Double](repeating: 0, count: c), sgx = [Double](repeating: 0, count: c)
        var dx = [T](repeating: 0, count: g.count)
        g.withUnsafeBufferPointer { g in xhat.withUnsafeBufferPointer { xh in
            sg.withUnsafeMutableBufferPointer { a in sgx.withUnsafeMutableBufferPointer { b in
                for i in 0..<n {
                    let r = i * c
                    for ch in 0..<c { a[ch] += Double(g[r + ch]); b[ch] += Double(g[r + ch] * xh[r + ch]) }
                }
            } }
            let m = Double(n)
            let k = (0..<c).map { gamma[$0] * invStd[$0] }
            let mg = sg.map { T($0 / m) }, mgx = sgx.map { T($0 / m) }
            dx.withUnsafeMutableBufferPointer { dx in k.withUnsafeBufferPointer { k in
                mg.withUnsafeBufferPointer { mg in mgx.withUnsafeBufferPointer { mgx in
                    for i in 0..<n {
                        let r = i * c
                        for ch in 0..<c { dx[r + ch] = k[ch] * (g[r + ch] - mg[ch] - xh[r + ch] * mgx[ch]) }
                    }
                } }
            } }
        } }
        return Backward(dx: dx, dgamma: sgx.map { T($0) }, dbeta: sg.map { T($0) })
    }
}
