import Foundation
import Testing
import NASCore
import NASTensor

/// Cross-checks against PyTorch CPU (float64), fed the same weights through `.npz`. Skipped, with
/// the reason shown, when no python with torch is found (set NASWIFT_TORCH_PYTHON).
@Suite(.enabled(if: PythonReference.torchAvailable,
                "PyTorch not found: set NASWIFT_TORCH_PYTHON to a python that can import torch (pip install torch) to run the PyTorch cross-checks"))
struct TorchReferenceTests {
    /// CENA's quantity: d(sum of logits)/d(input batch) of a small CNN in train-mode batch norm,
    /// on real CIFAR-10 images.
    @Test func cnnInputGradientMatchesTorch() throws {
        var rng = SeededGenerator(seed: 11)
        let x: Tensor<Double> = try ReferenceData.cifarImages(8)
        let conv1 = Conv2d<Double>(3, 8, kernel: 3, padding: 1, bias: false, rng: &rng)
        let bn1 = BatchNorm<Double>(8)
        let conv2 = Conv2d<Double>(8, 8, kernel: 3, stride: 2, padding: 1, rng: &rng)
        let bn2 = BatchNorm<Double>(8)
        let fc = Linear<Double>(8, 10, rng: &rng)
        for bn in [bn1, bn2] {   // non-trivial affine parameters
            bn.weight.value = Tensor.uniform([8], low: 0.5, high: 1.5, rng: &rng)
            bn.bias.value = Tensor.uniform([8], low: -0.2, high: 0.2, rng: &rng)
        }
        let tape = Tape<Double>()
        let xv = tape.input(x)
        var h = bn1(conv1(xv), training: true).relu()
        h = avgPool2d(h, ConvGeometry(kernel: 3, stride: 1, padding: 1), countIncludePad: false)
        h = bn2(conv2(h), training: true).relu()
        let logits = fc(globalAvgPool(h))
        tape.backward(logits.sum())
        var arrays: [String: Tensor<Double>] = ["x": x, "dx": tape.gradient(of: xv), "logits": logits.value]
        for (prefix, m) in [("conv1", conv1 as any Module), ("conv2", conv2), ("fc", fc)] {
            for (n, t) in (m as! any ModuleStateExport).exportState() { arrays["\(prefix).\(n)"] = t }
        }
        for (prefix, bn) in [("bn1", bn1), ("bn2", bn2)] { for (n, p) in bn.namedParameters { arrays["\(prefix).\(n)"] = p.value } }
        let url = PythonReference.tempURL("cnn.npz")
        defer { try? FileManager.default.removeItem(at: url) }
        try NPZ.write(arrays, to: url)
        let out = try PythonReference.run("""
            import sys, numpy as np, torch, torch.nn.functional as F
            z = np.load(sys.argv[1]); T = lambda k: torch.from_numpy(z[k])
            x = T('x').clone().requires_grad_(True)
            rm1, rv1, rm2, rv2 = torch.zeros(8, dtype=torch.float64), torch.ones(8, dtype=torch.float64), torch.zeros(8, dtype=torch.float64), torch.ones(8, dtype=torch.float64)
            h = F.conv2d(x, T('conv1.weight'), None, stride=1, padding=1)
            h = F.relu(F.batch_norm(h, rm1, rv1, T('bn1.weight'), T('bn1.bias'), training=True, momentum=0.1, eps=1e-5))
            h = F.avg_pool2d(h, 3, stride=1, padding=1, count_include_pad=False)
            h = F.conv2d(h, T('conv2.weight'), T('conv2.bias'), stride=2, padding=1)
            h = F.relu(F.batch_norm(h, rm2, rv2, T('bn2.weight'), T('bn2.bias'), training=True, momentum=0.1, eps=1e-5))
            logits = F.linear(h.mean(dim=(2, 3)), T('fc.weight'), T('fc.bias'))
            logits.sum().backward()
            rel = lambda a, b: float(np.abs(a - b).max() / np.abs(b).max())
            print(rel(z['logits'], logits.detach().numpy()), rel(z['dx'], x.grad.numpy()),
                  rel(z['bn1.running_var'], rv1.numpy()), rel(z['bn2.running_mean'], rm2.numpy()))
            """, args: [url.path], interpreter: PythonReference.torchInterpreter!)
        let errs = out.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        try #require(errs.count == 4, "python printed: \(out)")
        #expect(errs[0] < 1e-10, "logits relative error \(errs[0])")
        #expect(errs[1] < 1e-10, "input-gradient relative error \(errs[1])")
        #expect(errs[2] < 1e-10 && errs[3] < 1e-10, "running statistics relative errors \(errs[2]), \(errs[3])")
    }

    /// One arch2vec GIN-VAE training step on real NB201 graphs: loss, the gradient of every
    /// parameter, and the parameters after Adam (lr 1e-3, grad-norm clip 5) and the batch-norm
    /// running statistics.
    @Test func ginVAETrainingStepMatchesTorch() throws {
        var rng = SeededGenerator(seed: 12)
        let (ops, adj): (Tensor<Double>, Tensor<Double>) = try ReferenceData.nb201Graphs(32)
        let model = GINVAE<Double>(inputDim: 7, hidden: 128, latent: 16, layers: 4, rng: &rng)
        for g in model.gins { g.eps.value = Tensor([Double.random(in: -0.3...0.3, using: &rng)]) }
        let (noise, mask) = model.sampleRandomness(rows: 32 * 8, rng: &rng)
        var arrays: [String: Tensor<Double>] = ["ops": ops, "adj": adj, "noise": noise, "mask": mask]
        for (n, p) in model.namedParameters { arrays["init.\(n)"] = p.value }
        let tape = Tape<Double>()
        let (loss, _, _) = model.loss(ops: tape.constant(ops), adjacency: adj, noise: noise, dropoutMask: mask, training: true)
        tape.backward(loss)
        for (n, p) in model.namedParameters where p.trainable { arrays["grad.\(n)"] = p.grad! }
        let adam = Adam(parameters: model.parameters, learningRate: 1e-3, clipNorm: 5)
        adam.step()
        for (n, p) in model.namedParameters { arrays["new.\(n)"] = p.value }
        arrays["loss"] = loss.value
        let url = PythonReference.tempURL("ginvae.npz")
        defer { try? FileManager.default.removeItem(at: url) }
        try NPZ.write(arrays, to: url);

        let out = try PythonReference.run("""
            import sys, numpy as np, torch, torch.nn.functional as F
            z = np.load(sys.argv[1])
            P = {k[5:]: torch.from_numpy(z[k]).clone() for k in z.files if k.startswith('init.')}
            train = [k for k in P if not k.endswith('running_mean') and not k.endswith('running_var')]
            for k in train: P[k].requires_grad_(True)
            ops, adj, noise, mask = (torch.from_numpy(z[k]) for k in ('ops', 'adj', 'noise', 'mask'))
            B, n = adj.shape[0], adj.shape[1]
            def bn(x, p):
                return F.batch_norm(x, P[p + '.running_mean'], P[p + '.running_var'], P[p + '.weight'], P[p + '.bias'],
                                    training=True, momentum=0.1, eps=1e-5)
            lin = lambda x, p: F.linear(x, P[p + '.weight'], P[p + '.bias'])
            h = ops
            for l in range(4):
                p = 'gins.%d.' % l
                agg = torch.bmm(adj, h.reshape(B, n, -1)).reshape(B * n, -1)
                t = (1 + P[p + 'eps']) * h + agg
                t = F.relu(bn(lin(t, p + 'mlp.layers.0'), p + 'mlp.norms.0'))
                t = lin(t, p + 'mlp.layers.1')
                h = F.relu(bn(t, p + 'norm'))
            mu, logstd = lin(h, 'mu'), lin(h, 'logstd')
            zz = (mu + noise * torch.exp(logstd)) * mask
            ops_recon = torch.sigmoid(lin(zz, 'decoder'))
            z3 = zz.reshape(B, n, -1)
            adj_recon = torch.sigmoid(torch.bmm(z3, z3.transpose(1, 2)))
            kl = -0.5 / (B * n) * torch.mean(torch.sum(1 + 2 * logstd - mu ** 2 - torch.exp(logstd) ** 2, dim=-1))
            loss = F.binary_cross_entropy(ops_recon, ops) + F.binary_cross_entropy(torch.triu(adj_recon, 1), torch.triu(adj, 1)) + kl
            loss.backward()
            rel = lambda a, b: float(np.abs(a - b).max() / max(np.abs(b).max(), 1e-300))
            gscale = max(float(P[k].grad.abs().max()) for k in train)
            gerr = max(float(np.abs(z['grad.' + k] - P[k].grad.numpy()).max()) for k in train) / gscale
            params = [P[k] for k in train]
            torch.nn.utils.clip_grad_norm_(params, 5.0)
            torch.optim.Adam(params, lr=1e-3).step()
            # Adam divides by sqrt(v) + 1e-8, so gradients near 1e-8 turn 1e-12 summation-order
            # differences into visible step differences: measure updates in units of the step size.
            perr = max(float(np.abs(z['new.' + k] - P[k].detach().numpy()).max()) for k in train) / 1e-3
            perr = max(perr, max(rel(z['new.' + k], P[k].detach().numpy()) for k in P if k not in train))
            worst = max(train, key=lambda k: float(np.abs(z['grad.' + k] - P[k].grad.numpy()).max()))
            print(rel(z['loss'], loss.detach().numpy()), gerr, perr, len(train), 'worst-gradient:', worst)
            """, args: [url.path], interpreter: PythonReference.torchInterpreter!)
        let errs = out.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        try #require(errs.count == 4, "python printed: \(out)")
        #expect(errs[0] < 1e-12, "loss relative error \(errs[0])")
        #expect(errs[1] < 1e-9, "gradient relative error \(errs[1]); python: \(out)")
        // weights: |difference| / lr; running statistics: relative error
        #expect(errs[2] < 1e-6, "updated-parameter error \(errs[2])")
        #expect(Int(errs[3]) == model.parameters.count)
    }
}

/// Exports a module's state for the cross-check files.
protocol ModuleStateExport { func exportState() -> [(String, Tensor<Double>)] }
extension Conv2d: ModuleStateExport where T == Double { func exportState() -> [(String, Tensor<Double>)] { namedParameters.map { ($0.0, $0.1.value) } } }
extension Linear: ModuleStateExport where T == Double { func exportState() -> [(String, Tensor<Double>)] { namedParameters.map { ($0.0, $0.1.value) } } }
