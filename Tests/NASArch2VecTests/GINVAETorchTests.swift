import Foundation
import NASCore
import NASTensor
import NASTestSupport
import Testing
@testable import NASArch2Vec

/// The arch2vec GIN-VAE against PyTorch CPU (float64), fed the same weights through `.npz`.
/// Skipped, with the reason shown, when no python with torch is found (set NASWIFT_TORCH_PYTHON).
@Suite(.enabled(if: PythonScript.torchAvailable,
                "PyTorch not found: set NASWIFT_TORCH_PYTHON to a python that can import torch (pip install torch) to run the PyTorch cross-checks"))
struct GINVAETorchTests {
    /// One arch2vec GIN-VAE training step on real NB201 graphs: loss, the gradient of every
    /// parameter, and the parameters after Adam (lr 1e-3, grad-norm clip 5) and the batch-norm
    /// running statistics.
    @Test func ginVAETrainingStepMatchesTorch() throws {
        var rng = SeededGenerator(seed: 12)
        let (ops, adj): (Tensor<Double>, Tensor<Double>) = try Self.nb201Graphs(32)
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
        let url = PythonScript.tempURL("ginvae.npz")
        defer { try? FileManager.default.removeItem(at: url) }
        try NPZ.write(arrays, to: url);

        let out = try PythonScript.run("""
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
            """, args: [url.path], interpreter: PythonScript.torchInterpreter!)
        let errs = out.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        try #require(errs.count == 4, "python printed: \(out)")
        #expect(errs[0] < 1e-12, "loss relative error \(errs[0])")
        #expect(errs[1] < 1e-9, "gradient relative error \(errs[1]); python: \(out)")
        // weights: |difference| / lr; running statistics: relative error
        #expect(errs[2] < 1e-6, "updated-parameter error \(errs[2])")
        #expect(Int(errs[3]) == model.parameters.count)
    }

    /// arch2vec's 8-node NB201 graphs (METHODS §0.3) for the first `count` cells of the 200-epoch table:
    /// one-hot ops `[count 8, 7]` (input, conv1x1, conv3x3, avg_pool, skip, none, output) and the
    /// symmetrised adjacency `[count, 8, 8]`.
    static func nb201Graphs<T: TensorScalar>(_ count: Int) throws -> (ops: Tensor<T>, adjacency: Tensor<T>) {
        let text = try String(contentsOf: SharedData.url("nb201/nb201_200ep.csv"), encoding: .utf8)
        let order = ["input", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3", "skip_connect", "none", "output"]
        let edges = [(0, 1), (0, 2), (0, 4), (1, 3), (1, 5), (2, 6), (3, 6), (4, 7), (5, 7), (6, 7)]
        var ops = Tensor<T>(zeros: [count * 8, 7]), adj = Tensor<T>(zeros: [count, 8, 8])
        for (g, line) in text.split(whereSeparator: \.isNewline).dropFirst().prefix(count).enumerated() {
            let arch = line.split(separator: ",")[1]
            let labels = ["input"] + arch.split(separator: "|").filter { $0.contains("~") }.map { String($0.split(separator: "~")[0]) } + ["output"]
            for (node, label) in labels.enumerated() { ops[g * 8 + node, order.firstIndex(of: label)!] = 1 }
            for (i, j) in edges { adj[g, i, j] = 1; adj[g, j, i] = 1 }
        }
        return (ops, adj)
    }
}
