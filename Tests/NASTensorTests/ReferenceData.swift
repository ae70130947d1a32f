import Foundation
import NASCore
import NASTensor
import NASTestSupport

/// Real inputs for the cross-checks: CIFAR-10 images.
enum ReferenceData {
    /// The first `count` CIFAR-10 test images, normalised with mean 0.5 / std 0.5: `[count, 3, 32, 32]`.
    static func cifarImages<T: TensorScalar>(_ count: Int) throws -> Tensor<T> {
        let data = try Data(contentsOf: SharedData.url("cifar10/test_1000.bin"))
        var scalars: [T] = []
        scalars.reserveCapacity(count * 3072)
        for i in 0..<count {
            let base = i * 3073 + 1
            for j in 0..<3072 { scalars.append((T(data[base + j]) / 255 - 0.5) / 0.5) }
        }
        return try Tensor(shape: [count, 3, 32, 32], scalars: scalars)
    }
}
