import Testing
import NASCore
import NASTensor

/// Adam against the PyTorch update formulas written out independently here.
@Suite struct AdamTests {
    /// Two steps with weight decay and global-norm clipping, replayed by hand.
    @Test func matchesTorchFormulas() {
        let p = Parameter(Tensor<Double>([0.5, -1.0, 2.0]))
        let q = Parameter(Tensor<Double>([0.25]))
        let opt = Adam(parameters: [p, q], learningRate: 0.1, beta1: 0.9, beta2: 0.99, eps: 1e-8,
                       weightDecay: 0.01, clipNorm: 1.0)
        var w = [0.5, -1.0, 2.0, 0.25]
        var m = [Double](repeating: 0, count: 4), v = m
        let grads: [[Double]] = [[3, -4, 0.5, 1], [-0.2, 0.1, 0.3, -0.05]]
        for (t, g) in grads.enumerated() {
            p.grad = Tensor(Array(g[0..<3])); q.grad = Tensor([g[3]])
            opt.step()
            #expect(p.grad == nil)
            let norm = g.map { $0 * $0 }.reduce(0, +).squareRoot()
            let clip = min(1, 1.0 / (norm + 1e-6))
            let step = Double(t + 1)
            for j in 0..<4 {
                let gj = g[j] * clip + 0.01 * w[j]
                m[j] = 0.9 * m[j] + 0.1 * gj
                v[j] = 0.99 * v[j] + 0.01 * gj * gj
                let mh = m[j] / (1 - pow(0.9, step)), vh = v[j] / (1 - pow(0.99, step))
                w[j] -= 0.1 * mh / (vh.squareRoot() + 1e-8)
            }
            let got = p.value.scalars + q.value.scalars
            #expect(zip(got, w).allSatisfy { Swift.abs($0 - $1) < 1e-12 }, "step \(t): \(got) vs \(w)")
        }
    }
}

import Foundation
