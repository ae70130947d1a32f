import Foundation
import NASCore
import NASTensor
import NASTestSupport
import Testing
@testable import NASCTNAS

/// One NAC training step against PyTorch CPU (float64) with the same weights, written from the
/// reference's semantics (pygcn layer `bmm(A^T + I, x W) + x + b`, ReLU after every layer, mean over
/// node rows, the GCN run separately on the batch and on its permuted copy, `nn.BCELoss`, Adam
/// lr 2e-4 betas (0.5, 0.999) weight decay 5e-4). Skipped, with the reason shown, without torch.
@Suite(.enabled(if: PythonScript.torchAvailable,
                "PyTorch not found: set NASWIFT_TORCH_PYTHON to a python that can import torch (pip install torch) to run the PyTorch cross-checks"))
struct NACTorchTests {
    @Test(arguments: ["nb101", "nb201"])
    func trainingStepMatchesTorch(space: String) throws {
        let (graphs, values) = try Fixtures.labelled(space)
        let v = try NACVocabulary.named(space)
        var rng = SeededGenerator(seed: 21)
        let idx = (0..<64).map { $0 * (graphs.count / 64) }
        var permutation = Array(idx.indices)
        permutation.shuffle(using: &rng)
        let net = NACNetwork<Double>(opCount: v.opCount, nodes: v.nodes, dimension: 128, layers: 4, rng: &rng)
        let batch = NACBatch<Double>(idx.map { graphs[$0] }, nodes: v.nodes)
        let vals = idx.map { values[$0] }
        var arrays: [String: Tensor<Double>] = [
            "ids": Tensor(batch.ids.map(Double.init)), "adj": batch.adjacency,
            "perm": Tensor(permutation.map(Double.init)), "values": Tensor(vals),
        ]
        for (n, p) in net.namedParameters { arrays["init.\(n)"] = p.value }
        let tape = Tape<Double>()
        let (loss, probabilities) = net.pairLoss(batch, values: vals, permutation: permutation, on: tape)
        tape.backward(loss)
        for (n, p) in net.namedParameters { arrays["grad.\(n)"] = p.grad! }
        let adam = Adam(parameters: net.parameters, learningRate: 2e-4, beta1: 0.5, beta2: 0.999, weightDecay: 5e-4)
        adam.step()
        for (n, p) in net.namedParameters { arrays["new.\(n)"] = p.value }
        arrays["loss"] = loss.value
        arrays["p"] = probabilities.value
        let url = PythonScript.tempURL("nac.npz")
        defer { try? FileManager.default.removeItem(at: url) }
        try NPZ.write(arrays, to: url)

        let out = try PythonScript.run("""
            import sys, numpy as np, torch, torch.nn as nn, torch.nn.functional as F
            z = np.load(sys.argv[1])
            P = {k[5:]: torch.from_numpy(z[k]).clone().requires_grad_(True) for k in z.files if k.startswith('init.')}
            n = z['adj'].shape[1]
            ids = torch.from_numpy(z['ids']).long().view(-1, n)
            adj = torch.from_numpy(z['adj'])
            perm = torch.from_numpy(z['perm']).long()
            acc = torch.from_numpy(z['values'])
            layers = ['gcn.layers.0', 'gcn.layers.1', 'gcn.layers.2', 'gcn.last_layer']
            def extract(adj, ops):
                x = F.embedding(ops, P['embedding.weight'])
                a = adj + torch.eye(n, dtype=adj.dtype)
                for l in layers:
                    x = F.relu(torch.bmm(a, torch.matmul(x, P[l + '.weight'])) + x + P[l + '.bias'])
                return x.mean(dim=1)
            f = torch.cat([extract(adj, ids), extract(adj[perm], ids[perm])], dim=1)
            p = torch.sigmoid(F.linear(f, P['fc.weight'], P['fc.bias']).view(-1))
            target = (acc > acc[perm]).double()
            loss = nn.BCELoss()(p, target)
            loss.backward()
            names = list(P)
            gscale = max(float(P[k].grad.abs().max()) for k in names)
            gerr = max(float(np.abs(z['grad.' + k] - P[k].grad.numpy()).max()) for k in names) / gscale
            perr = float(np.abs(z['p'] - p.detach().numpy()).max())
            torch.optim.Adam(P.values(), lr=2e-4, betas=(0.5, 0.999), weight_decay=5e-4).step()
            # updates compared in units of the step size (Adam's sqrt(v) + eps amplifies rounding of tiny gradients)
            uerr = max(float(np.abs(z['new.' + k] - P[k].detach().numpy()).max()) for k in names) / 2e-4
            print(abs(float(z['loss']) - float(loss)) / float(loss), perr, gerr, uerr, len(names), float(target.mean()))
            """, args: [url.path], interpreter: PythonScript.torchInterpreter!)
        let e = out.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        try #require(e.count == 6, "python printed: \(out)")
        #expect(e[0] < 1e-12, "loss relative error \(e[0])")
        #expect(e[1] < 1e-12, "probability error \(e[1])")
        #expect(e[2] < 1e-10, "gradient relative error \(e[2])")
        #expect(e[3] < 1e-6, "update error / lr \(e[3])")
        #expect(Int(e[4]) == 11)   // embedding, 4 x (weight, bias), fc weight and bias
        #expect(e[5] > 0.2 && e[5] < 0.8)   // both target classes present
    }
}
