import Foundation
import NASCore
import NASTensor
import NASTestSupport

/// Real inputs for the cross-checks: CIFAR-10 images and NAS-Bench-201 cells as arch2vec graphs.
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
