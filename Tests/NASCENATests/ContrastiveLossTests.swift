import Foundation
import Testing
@testable import NASCENA
import NASCore
import NASTensor
import NASTestSupport

/// NT-Xent (the loss of `Loss.ntXent`) against a numpy restatement with a hand-derived gradient,
/// the DeepSet's gradients against finite differences, and the whole contrastive network's loss
/// and weight gradients against PyTorch with the same weights.
struct ContrastiveLossTests {
    /// `[rows, cols]` numbers in U(-1, 1).
    static func random(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
        var rng = SeededGenerator(seed: seed)
        return Tensor.uniform(shape, low: -1, high: 1, rng: &rng)
    }

    /// Value and gradient on `z [2N, d]`, N = 5, at two temperatures, in Double and Float, against
    /// numpy: `L = mean_i (logsumexp_{j != i} s_ij - s_i,pos(i))`, `s = zh zh^T / tau`,
    /// `zh = z / |z|`; `dL/ds = (softmax_{j != i}(s_i) - onehot(pos(i))) / 2N`,
    /// `dL/dzh = (G + G^T) zh / tau`, `dL/dz_i = (g_i - zh_i (zh_i . g_i)) / |z_i|`.
    @Test(arguments: [0.1, 0.5])
    func ntXentMatchesNumpy(tau: Double) throws {
        let z = Self.random([10, 6], seed: 5)
        let tape = Tape<Double>()
        let v = tape.input(z)
        let loss = Loss.ntXent(v, tau: tau)
        tape.backward(loss)
        let grad = tape.gradient(of: v).scalars
        let ref = try PythonReference.dictionary("""
            z = np.array(inp['z']).reshape(10, 6); tau = inp['tau']
            m = z.shape[0]; n = m // 2
            nrm = np.linalg.norm(z, axis=1, keepdims=True); zh = z / nrm
            s = zh @ zh.T / tau
            np.fill_diagonal(s, -np.inf)
            pos = (np.arange(m) + n) % m
            mx = s.max(axis=1, keepdims=True)
            lse = (mx + np.log(np.exp(s - mx).sum(axis=1, keepdims=True)))[:, 0]
            L = np.mean(lse - s[np.arange(m), pos])
            p = np.exp(s - lse[:, None])
            G = p.copy(); G[np.arange(m), pos] -= 1; G /= m
            gzh = (G + G.T) @ zh / tau
            gz = (gzh - zh * (zh * gzh).sum(axis=1, keepdims=True)) / nrm
            print(json.dumps({'loss': float(L), 'grad': gz.ravel().tolist()}))
            """, input: ["z": z.scalars, "tau": tau])
        let refLoss = try ref.double("loss")
        #expect(abs(loss.scalar - refLoss) < 1e-12, "loss \(loss.scalar) vs numpy \(refLoss)")
        #expect(Fixtures.relativeError(grad, try ref.doubles("grad")) < 1e-10)
        #expect(loss.scalar.isFinite && loss.scalar > 0)

        // float32, CENA's precision
        let tf = Tape<Float>()
        let vf = tf.input(z.converted(to: Float.self))
        let lf = Loss.ntXent(vf, tau: Float(tau))
        tf.backward(lf)
        #expect(abs(Double(lf.scalar) - refLoss) < 1e-5 * max(1, abs(refLoss)))
        #expect(Fixtures.relativeError(tf.gradient(of: vf).scalars.map(Double.init), try ref.doubles("grad")) < 1e-4)
    }

    /// NT-Xent is smallest when each row's projection equals its other view's and the items are
    /// apart: a loss that prefers the right pairs (a sanity check of the layout).
    @Test func ntXentPrefersMatchingViews() {
        var rng = SeededGenerator(seed: 3)
        let items = Tensor<Double>.normal([4, 5], rng: &rng)
        let matched = Tensor.concat([items, items], axis: 0)
        let shuffled = Tensor.concat([items, Tensor.concat([items.split([1, 3], axis: 0)[1], items.split([1, 3], axis: 0)[0]], axis: 0)], axis: 0)
        let t = Tape<Double>()
        let good = Loss.ntXent(t.constant(matched), tau: 0.1).scalar, bad = Loss.ntXent(t.constant(shuffled), tau: 0.1).scalar
        #expect(good < bad, "matched views \(good), mismatched \(bad)")
    }

    /// Finite differences through the DeepSet (inputs and every weight), through the projection
    /// head and through NT-Xent.
    @Test func deepSetGradientsMatchFiniteDifferences() {
        var rng = SeededGenerator(seed: 11)
        let set = DeepSet<Double>(input: 3, hidden: 5, output: 4, rng: &rng)
        let x = Self.random([2 * 3, 3], seed: 12)   // 2 sets of 3 elements
        let e1 = GradCheck.maxRelativeError(inputs: [x], parameters: set.parameters) { _, v in set(v[0], setSize: 3) }
        #expect(e1 < 1e-6, "DeepSet relative error \(e1)")
        let net = ContrastiveNetwork<Double>(input: 3, hidden: 5, embedding: 4, projection: 3, rng: &rng)
        let y = Self.random([4 * 3, 3], seed: 13)   // 2 items x 2 views, 3 elements each
        // the loss's weight gradients are small, so the loss's rounding over a 1e-6 step is not
        // (measured: 2.6e-5 relative with h = 1e-6, 3e-7 with h = 1e-4)
        let e2 = GradCheck.maxRelativeError(inputs: [y], parameters: net.parameters, h: 1e-4) { _, v in Loss.ntXent(net(v[0], setSize: 3), tau: 0.1) }
        #expect(e2 < 2e-6, "network + NT-Xent relative error \(e2)")
    }

    /// A set's embedding does not depend on the order of its elements.
    @Test func deepSetIsPermutationInvariant() {
        var rng = SeededGenerator(seed: 2)
        let set = DeepSet<Double>(input: 4, hidden: 8, output: 3, rng: &rng)
        let x = Self.random([5, 4], seed: 9)
        let rows = (0..<5).map { Array(x.scalars[($0 * 4)..<($0 * 4 + 4)]) }
        let permuted = try! Tensor(shape: [5, 4], scalars: [3, 0, 4, 1, 2].flatMap { rows[$0] })
        let t = Tape<Double>()
        let a = set(t.constant(x), setSize: 5).value.scalars, b = set(t.constant(permuted), setSize: 5).value.scalars
        #expect(Fixtures.relativeError(a, b) < 1e-14)
    }

    /// The whole model's loss and weight gradients on real EPDJM sets against PyTorch (the
    /// reference's DeepSet: Linear/ReLU stacks, mean over the set, ReLU then Linear head, NT-Xent
    /// restated with torch.nn.functional) with the same weights, in float64 (a tight check of the
    /// structure; the float32 arithmetic is checked against numpy above).
    @Test(.enabled(if: PythonScript.torchAvailable, "PyTorch not found: set NASWIFT_TORCH_PYTHON to a python that can import torch"))
    func networkLossAndGradientsMatchTorch() throws {
        let sets = try CENAWorld.shared.sets()
        let items = [0, 3, 7, 11, 20, 30]
        let views = items.map { ($0 % 4, ($0 + 1) % 4) }
        let pairs = items.indices.map { (item: items[$0], view: views[$0].0) } + items.indices.map { (item: items[$0], view: views[$0].1) }
        let x = try Tensor(shape: [pairs.count * sets.setSize, sets.dimension], scalars: sets.elements(pairs).map(Double.init))
        var rng = SeededGenerator(seed: 4)
        let net = ContrastiveNetwork<Double>(input: sets.dimension, hidden: 32, embedding: 24, projection: 16, rng: &rng)
        let tape = Tape<Double>()
        let loss = Loss.ntXent(net(tape.constant(x), setSize: sets.setSize), tau: 0.1)
        tape.backward(loss)
        let dir = PythonScript.tempURL("cena-torch")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var arrays = net.stateDict()
        arrays["x"] = x
        try NPZ.write(arrays, to: dir.appendingPathComponent("in.npz"))
        let script = """
            import sys, json, numpy as np, torch, torch.nn.functional as F
            a = np.load(sys.argv[1]); S = int(sys.argv[2])
            w = {k: torch.tensor(a[k], requires_grad=True) for k in a.files if k != 'x'}
            def mlp(h, prefix):
                for i in range(4):
                    h = F.linear(h, w[f'{prefix}.layers.{i}.weight'], w[f'{prefix}.layers.{i}.bias'])
                    if i < 3: h = F.relu(h)
                return h
            x = torch.tensor(a['x'])
            h = mlp(x, 'deepset.enc').reshape(-1, S, w['deepset.enc.layers.3.weight'].shape[0]).mean(1)
            e = mlp(h, 'deepset.dec')
            z = F.linear(F.relu(e), w['head.weight'], w['head.bias'])
            zn = F.normalize(z, dim=1)
            sim = zn @ zn.T / 0.1
            m = sim.shape[0]
            sim = sim.masked_fill(torch.eye(m, dtype=torch.bool), float('-inf'))
            loss = F.cross_entropy(sim, (torch.arange(m) + m // 2) % m)
            loss.backward()
            print(json.dumps({'loss': loss.item(), 'grads': {k: v.grad.numpy().ravel().tolist() for k, v in w.items()}}))
            """
        let out = try PythonScript.run(script, args: [dir.appendingPathComponent("in.npz").path, String(sets.setSize)],
                                       interpreter: PythonScript.torchInterpreter!)
        let ref = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let torchLoss = try #require(ref["loss"] as? Double)
        #expect(abs(loss.scalar - torchLoss) < 1e-12 * max(1, abs(torchLoss)), "loss \(loss.scalar) vs PyTorch \(torchLoss)")
        let grads = try #require(ref["grads"] as? [String: [Double]])
        #expect(grads.count == net.namedParameters.count)
        for (name, p) in net.namedParameters {
            let g = try #require(p.grad, "no gradient for \(name)")
            let e = Fixtures.relativeError(g.scalars, try #require(grads[name]))
            #expect(e < 1e-9, "\(name): relative error \(e) against PyTorch")
        }
    }
}
