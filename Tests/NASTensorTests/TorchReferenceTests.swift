import Foundation
import Testing
import NASCore
import NASTensor
import NASTestSupport

/// Cross-checks against PyTorch CPU (float64), fed the same weights through `.npz`. Skipped, with
/// the reason shown, when no python with torch is found (set NASWIFT_TORCH_PYTHON).
@Suite(.enabled(if: PythonScript.torchAvailable,
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
        let url = PythonScript.tempURL("cnn.npz")
        defer { try? FileManager.default.removeItem(at: url) }
        try NPZ.write(arrays, to: url)
        let out = try PythonScript.run("""
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
            """, args: [url.path], interpreter: PythonScript.torchInterpreter!)
        let errs = out.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        try #require(errs.count == 4, "python printed: \(out)")
        #expect(errs[0] < 1e-10, "logits relative error \(errs[0])")
        #expect(errs[1] < 1e-10, "input-gradient relative error \(errs[1])")
        #expect(errs[2] < 1e-10 && errs[3] < 1e-10, "running statistics relative errors \(errs[2]), \(errs[3])")
    }
}

/// Exports a module's state for the cross-check files.
protocol ModuleStateExport { func exportState() -> [(String, Tensor<Double>)] }
extension Conv2d: ModuleStateExport where T == Double { func exportState() -> [(String, Tensor<Double>)] { namedParameters.map { ($0.0, $0.1.value) } } }
extension Linear: ModuleStateExport where T == Double { func exportState() -> [(String, Tensor<Double>)] { namedParameters.map { ($0.0, $0.1.value) } } }
