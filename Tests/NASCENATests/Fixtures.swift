import Foundation
import NASCENA
import NASCore
import NASSpaces
import NASTensor
import NASTestSupport

/// Shared inputs of the CENA tests: real CIFAR-10 images and networks with non-trivial
/// batch-norm affine parameters.
enum Fixtures {
    static var cifarURL: URL { SharedData.url("cifar10/test_1000.bin") }

    /// The first `count` images of the shared CIFAR-10 file, `[count, 3, 32, 32]`.
    static func images<T: TensorScalar>(_ count: Int, as: T.Type = T.self) throws -> Tensor<T> {
        try CIFARImages(contentsOf: cifarURL, records: Array(0..<count)).images.converted(to: T.self)
    }

    /// Gives every batch norm of `net` weights in U(0.5, 1.5) and biases in U(-0.2, 0.2), so
    /// the checks see the affine parameters (PyTorch's defaults are 1 and 0).
    static func randomiseBatchNorms<M: Module>(_ net: M, seed: UInt64) {
        var rng = SeededGenerator(seed: seed, stream: 77)
        let params = Dictionary(uniqueKeysWithValues: net.namedParameters)
        for name in params.keys.sorted() where name.hasSuffix("running_mean") {
            let prefix = String(name.dropLast("running_mean".count))
            guard let w = params[prefix + "weight"], let b = params[prefix + "bias"] else { continue }
            w.value = Tensor.uniform(w.value.shape, low: 0.5, high: 1.5, rng: &rng)
            b.value = Tensor.uniform(b.value.shape, low: -0.2, high: 0.2, rng: &rng)
        }
    }

    /// The repository's `scripts/bench/cena_torch.py` (the PyTorch restatement of the networks).
    static var torchScript: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/bench/cena_torch.py").path
    }

    /// `max |a - b| / max |b|`; 0 when both are all zeros, infinity when only `b` is.
    static func relativeError<T: TensorScalar>(_ a: [T], _ b: [T]) -> Double {
        precondition(a.count == b.count, "relativeError: \(a.count) vs \(b.count) elements")
        var diff = 0.0, scale = 0.0
        for (x, y) in zip(a, b) {
            diff = max(diff, abs(Double(x) - Double(y)))
            scale = max(scale, abs(Double(y)))
        }
        if scale == 0 { return diff == 0 ? 0 : .infinity }
        return diff / scale
    }
}
