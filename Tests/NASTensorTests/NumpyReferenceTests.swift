import Foundation
import Testing
import NASCore
import NASTensor
import NASTestSupport

/// Cross-checks against hand-written numpy formulas (python3 + numpy is on every machine, so these
/// always run): the CENA-style input gradient of a small CNN in train-mode batch norm, on real
/// CIFAR-10 images, with the forward and backward passes of conv, batch norm, ReLU, average
/// pooling, global pooling and linear written out independently in numpy.
@Suite struct NumpyReferenceTests {
    @Test func cnnInputGradientMatchesNumpyFormulas() throws {
        var rng = SeededGenerator(seed: 21)
        let x: Tensor<Double> = try ReferenceData.cifarImages(6)
        let conv1 = Conv2d<Double>(3, 6, kernel: 3, padding: 1, bias: false, rng: &rng)
        let bn1 = BatchNorm<Double>(6)
        let conv2 = Conv2d<Double>(6, 5, kernel: 3, stride: 2, padding: 1, rng: &rng)
        let bn2 = BatchNorm<Double>(5)
        let fc = Linear<Double>(5, 10, rng: &rng)
        for bn in [bn1, bn2] {
            bn.weight.value = Tensor.uniform([bn.channels], low: 0.5, high: 1.5, rng: &rng)
            bn.bias.value = Tensor.uniform([bn.channels], low: -0.2, high: 0.2, rng: &rng)
        }
        let tape = Tape<Double>()
        let xv = tape.input(x)
        var h = bn1(conv1(xv), training: true).relu()
        h = avgPool2d(h, ConvGeometry(kernel: 3, stride: 1, padding: 1), countIncludePad: false)
        h = bn2(conv2(h), training: true).relu()
        let logits = fc(globalAvgPool(h))
        tape.backward(logits.sum())
        let arrays: [String: Tensor<Double>] = [
            "x": x, "dx": tape.gradient(of: xv), "logits": logits.value,
            "w1": conv1.weight.value, "w2": conv2.weight.value, "b2": conv2.bias!.value,
            "g1": bn1.weight.value, "be1": bn1.bias.value, "g2": bn2.weight.value, "be2": bn2.bias.value,
            "fw": fc.weight.value, "fb": fc.bias!.value,
        ]
        let url = PythonScript.tempURL("cnn-numpy.npz")
        defer { try? FileManager.default.removeItem(at: url) }
        try NPZ.write(arrays, to: url)
        let out = try PythonScript.run("""
            import sys, numpy as np
            z = np.load(sys.argv[1])
            swv = np.lib.stride_tricks.sliding_window_view
            def conv(x, w, b, s, p):
                k = w.shape[2]
                win = swv(np.pad(x, ((0, 0), (0, 0), (p, p), (p, p))), (k, k), axis=(2, 3))[:, :, ::s, ::s]
                y = np.einsum('nchwij,ocij->nohw', win, w)
                return y if b is None else y + b[None, :, None, None]
            def conv_dx(g, w, shape, s, p):
                n, c, hh, ww = shape; k = w.shape[2]; ho, wo = g.shape[2:]
                d = np.zeros((n, c, hh + 2 * p, ww + 2 * p))
                for i in range(k):
                    for j in range(k):
                        d[:, :, i:i + s * ho:s, j:j + s * wo:s] += np.einsum('nohw,oc->nchw', g, w[:, :, i, j])
                return d[:, :, p:p + hh, p:p + ww]
            def bn(x, gam, bet):
                mu = x.mean(axis=(0, 2, 3), keepdims=True); var = x.var(axis=(0, 2, 3), keepdims=True)
                xh = (x - mu) / np.sqrt(var + 1e-5)
                return gam[None, :, None, None] * xh + bet[None, :, None, None], xh, var
            def bn_dx(g, xh, var, gam):
                r = lambda t: t.mean(axis=(0, 2, 3), keepdims=True)
                return gam[None, :, None, None] / np.sqrt(var + 1e-5) * (g - r(g) - xh * r(g * xh))
            def pool_counts(h, w):   # in-bounds elements of each 3x3 window (count_include_pad=False)
                return swv(np.pad(np.ones((h, w)), 1), (3, 3)).sum(axis=(2, 3))
            def pool(x):
                cnt = pool_counts(*x.shape[2:])
                return swv(np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1))), (3, 3), axis=(2, 3)).sum(axis=(4, 5)) / cnt
            def pool_dx(g):
                hh, ww = g.shape[2:]; gc = g / pool_counts(hh, ww)
                d = np.zeros((g.shape[0], g.shape[1], hh + 2, ww + 2))
                for i in range(3):
                    for j in range(3):
                        d[:, :, i:i + hh, j:j + ww] += gc
                return d[:, :, 1:1 + hh, 1:1 + ww]
            x = z['x']
            a1 = conv(x, z['w1'], None, 1, 1); n1, xh1, v1 = bn(a1, z['g1'], z['be1']); r1 = np.maximum(n1, 0)
            p1 = pool(r1)
            a2 = conv(p1, z['w2'], z['b2'], 2, 1); n2, xh2, v2 = bn(a2, z['g2'], z['be2']); r2 = np.maximum(n2, 0)
            gp = r2.mean(axis=(2, 3))
            logits = gp @ z['fw'].T + z['fb']
            g = np.ones_like(logits) @ z['fw']                                   # d/d gp
            g = np.broadcast_to(g[:, :, None, None], r2.shape) / (r2.shape[2] * r2.shape[3])
            g = bn_dx(g * (n2 > 0), xh2, v2, z['g2'])
            g = conv_dx(g, z['w2'], p1.shape, 2, 1)
            g = pool_dx(g)
            g = bn_dx(g * (n1 > 0), xh1, v1, z['g1'])
            dx = conv_dx(g, z['w1'], x.shape, 1, 1)
            rel = lambda a, b: float(np.abs(a - b).max() / np.abs(b).max())
            print(rel(z['logits'], logits), rel(z['dx'], dx))
            """, args: [url.path])
        let errs = out.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        try #require(errs.count == 2, "python printed: \(out)")
        #expect(errs[0] < 1e-10, "logits relative error \(errs[0])")
        #expect(errs[1] < 1e-10, "input-gradient relative error \(errs[1])")
    }
}
