import Foundation
import NASLinalg
import NASTensor

extension DNGO {
    /// One mini-batch of DNGO's network training without a tape: the forward and backward pass of
    /// `yhat = tanh(x W1^T + b1) w2^T + b2` under the MSE loss on flat row-major buffers (three
    /// `BLAS.gemm`s and element-wise loops), with the four gradients accumulated into the
    /// parameters' `grad` for the shared `Adam.step()`.
    ///
    /// The mathematics of the tape path `Loss.mse(output(hidden(x).tanh()), y)`:
    /// `g = 2 (yhat - y) / B`, `dW2 = g^T A`, `db2 = sum g`, `dZ = (g w2) * (1 - A^2)`,
    /// `dW1 = dZ^T x`, `db1 = column sums of dZ` (A = the tanh activations). A DNGO fit in an
    /// nb101-20k arch2vec-bo run takes ~0.8x the tape's time; `tanh` and Adam dominate both
    /// (BENCHMARKS.md "arch2vec search").
    ///
    /// Shapes: `x` is `B x F` and `y` length B (both read from `batch`); `hidden` is `F -> H`,
    /// `output` is `H -> 1`, both with bias. Returns the batch loss `mean_i (yhat_i - y_i)^2`.
    struct NetworkStep {
        let features: Int, hiddenUnits: Int
        /// Workspaces reused across steps: activations `B x H`, their gradient `B x H`, outputs `B`.
        private var activations: [Double] = [], delta: [Double] = [], outputs: [Double] = []

        init(features: Int, hiddenUnits: Int) {
            self.features = features
            self.hiddenUnits = hiddenUnits
        }

        /// Forward + backward on `rows` rows of `x` (`rows x features`, row-major) with targets `y`;
        /// accumulates the gradients of `hidden` (weight `[H, F]`, bias `[H]`) and `output`
        /// (weight `[1, H]`, bias `[1]`) and returns the MSE.
        mutating func lossAndGradients(x: [Double], y: [Double], rows b: Int, hidden: Linear<Double>, output: Linear<Double>) throws -> Double {
            let f = features, h = hiddenUnits
            precondition(x.count >= b * f && y.count >= b && hidden.inFeatures == f && hidden.outFeatures == h
                         && output.inFeatures == h && output.outFeatures == 1 && hidden.bias != nil && output.bias != nil,
                         "DNGO.NetworkStep: buffers or layers do not match \(b) x \(f) -> \(h) -> 1")
            if activations.count != b * h {
                activations = [Double](repeating: 0, count: b * h)
                delta = activations
                outputs = [Double](repeating: 0, count: b)
            }
            let w1 = hidden.weight.value.scalars, b1 = hidden.bias!.value.scalars
            let w2 = output.weight.value.scalars, b2 = output.bias!.value.scalars[0]
            var dW1 = [Double](repeating: 0, count: h * f), dB1 = [Double](repeating: 0, count: h)
            var dW2 = [Double](repeating: 0, count: h)
            var loss = 0.0, dB2 = 0.0
            let scale = 1 / Double(b)
            x.withUnsafeBufferPointer { x in
            w1.withUnsafeBufferPointer { w1 in w2.withUnsafeBufferPointer { w2 in b1.withUnsafeBufferPointer { b1 in
            activations.withUnsafeMutableBufferPointer { a in delta.withUnsafeMutableBufferPointer { dz in
            outputs.withUnsafeMutableBufferPointer { out in
                // Z = x W1^T (B x H); A = tanh(Z + b1).
                BLAS.gemm(transB: true, m: b, n: h, k: f, a: x.baseAddress!, lda: f, b: w1.baseAddress!, ldb: f,
                          c: a.baseAddress!, ldc: h)
                for i in 0..<b { for j in 0..<h { a[i * h + j] = Foundation.tanh(a[i * h + j] + b1[j]) } }
                // yhat = A w2^T + b2 (B x 1).
                BLAS.gemm(transB: true, m: b, n: 1, k: h, a: a.baseAddress!, lda: h, b: w2.baseAddress!, ldb: h,
                          c: out.baseAddress!, ldc: 1)
                // Loss and its gradient with respect to yhat (overwrites `out` with g).
                for i in 0..<b {
                    let r = out[i] + b2 - y[i]
                    loss += r * r
                    out[i] = scale * (2 * r)
                    dB2 += out[i]
                }
                loss *= scale
                // dW2 = g^T A (1 x H).
                dW2.withUnsafeMutableBufferPointer { dW2 in
                    BLAS.gemm(transA: true, m: 1, n: h, k: b, a: out.baseAddress!, lda: 1, b: a.baseAddress!, ldb: h,
                              c: dW2.baseAddress!, ldc: h)
                }
                // dZ = (g w2) * (1 - A^2); dB1 = column sums of dZ.
                for i in 0..<b {
                    let gi = out[i]
                    for j in 0..<h {
                        let aij = a[i * h + j]
                        dz[i * h + j] = gi * w2[j] * (1 - aij * aij)
                    }
                }
                for i in 0..<b { for j in 0..<h { dB1[j] += dz[i * h + j] } }
                // dW1 = dZ^T x (H x F).
                dW1.withUnsafeMutableBufferPointer { dW1 in
                    BLAS.gemm(transA: true, m: h, n: f, k: b, a: dz.baseAddress!, lda: h, b: x.baseAddress!, ldb: f,
                              c: dW1.baseAddress!, ldc: f)
                }
            } } } } } }
            }
            hidden.weight.accumulateGrad(try Tensor(shape: [h, f], scalars: dW1))
            hidden.bias!.accumulateGrad(try Tensor(shape: [h], scalars: dB1))
            output.weight.accumulateGrad(try Tensor(shape: [1, h], scalars: dW2))
            output.bias!.accumulateGrad(try Tensor(shape: [1], scalars: [dB2]))
            return loss
        }
    }
}
