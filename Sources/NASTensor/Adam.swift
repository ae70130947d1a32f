/// Adam (PyTorch `torch.optim.Adam` semantics): L2 weight decay added to the gradient,
/// bias-corrected moments, optional clipping of the global gradient norm (PyTorch
/// `clip_grad_norm_`: scale by `maxNorm / (norm + 1e-6)` when that is below 1).
///
/// `step()` applies the accumulated `Parameter.grad`s and then clears them.
public final class Adam<T: TensorScalar> {
    public let parameters: [Parameter<T>]
    public var learningRate: T
    public let beta1: T, beta2: T, eps: T, weightDecay: T
    public let clipNorm: T?
    public internal(set) var stepCount = 0
    var m: [[T]], v: [[T]]

    public init(parameters: [Parameter<T>], learningRate: T = 1e-3, beta1: T = 0.9, beta2: T = 0.999,
                eps: T = 1e-8, weightDecay: T = 0, clipNorm: T? = nil) {
        precondition(learningRate > 0 && beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && weightDecay >= 0,
                     "Adam: invalid hyper-parameters lr \(learningRate), betas (\(beta1), \(beta2)), weight decay \(weightDecay)")
        self.parameters = parameters.filter(\.trainable)
        self.learningRate = learningRate
        self.beta1 = beta1; self.beta2 = beta2; self.eps = eps; self.weightDecay = weightDecay
        self.clipNorm = clipNorm
        m = self.parameters.map { [T](repeating: 0, count: $0.value.count) }
        v = m
    }

    /// The global L2 norm of the current gradients.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func gradientNorm() -> T {
        var s: T = 0
        for p in parameters { if let g = p.grad { for x in g.scalars { s += x * x } } }
        return s.squareRoot()
    }

    /// One update; parameters without a gradient are left unchanged (their moments too).
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func step() {
        stepCount += 1
        var scale: T = 1
        if let clipNorm {
            let c = clipNorm / (gradientNorm() + 1e-6)
            if c < 1 { scale = c }
        }
        let bc1 = 1 - pow(beta1, stepCount), bc2 = 1 - pow(beta2, stepCount)
        for (i, p) in parameters.enumerated() {
            guard let g = p.grad else { continue }
            AdamKernel<T>.update(&p.value.scalars, g.scalars, &m[i], &v[i], scale: scale, lr: learningRate,
                                 beta1: beta1, beta2: beta2, eps: eps, weightDecay: weightDecay, bc1: bc1, bc2: bc2)
            p.grad = nil
        }
    }

    /// Clears every parameter's gradient without updating.
    public func zeroGrad() { for p in parameters { p.grad = nil } }

    func pow(_ x: T, _ n: Int) -> T { T(Foundation.pow(Double(x), Double(n))) }
}

import Foundation

enum AdamKernel<T: TensorScalar> {
    @_specialize(where T == Float) @_specialize(where T == Double)
    static func update(_ w: inout [T], _ g: [T], _ m: inout [T], _ v: inout [T], scale: T, lr: T,
                       beta1: T, beta2: T, eps: T, weightDecay: T, bc1: T, bc2: T) {
        let sqrtBc2 = bc2.squareRoot()
        let stepSize = lr / bc1
        let n = w.count
        precondition(g.count == n && m.count == n && v.count == n, "Adam: gradient/moment sizes differ from the weights")
        // Unsafe buffers: no bounds checks, so the element-wise loop vectorises (same arithmetic
        // per element, so results are unchanged).
        w.withUnsafeMutableBufferPointer { w in g.withUnsafeBufferPointer { g in
            m.withUnsafeMutableBufferPointer { m in v.withUnsafeMutableBufferPointer { v in
                for j in 0..<n {
                    let gj = g[j] * scale + weightDecay * w[j]
                    m[j] = beta1 * m[j] + (1 - beta1) * gj
                    v[j] = beta2 * v[j] + (1 - beta2) * gj * gj
                    w[j] -= stepSize * m[j] / (v[j].squareRoot() / sqrtBc2 + eps)
                }
            } }
        } }
    }
}
