import NASCore

/// Multi-layer perceptron: `Linear -> [BatchNorm1d] -> activation` for each hidden layer, then a
/// final `Linear` with no activation.
///
/// `sizes = [in, h1, ..., out]`. With `batchNorm: true` each hidden Linear is followed by
/// BatchNorm1d (the GIN MLP of arch2vec: Linear-BN-ReLU-Linear).
public final class MLP<T: TensorScalar>: Module {
    public let layers: [Linear<T>]
    public let norms: [BatchNorm<T>]
    public let activation: Activation

    public init(_ sizes: [Int], activation: Activation = .relu, batchNorm: Bool = false, rng: inout SeededGenerator) {
        precondition(sizes.count >= 2, "MLP: need at least [in, out] sizes, got \(sizes)")
        var ls: [Linear<T>] = []
        for i in 0..<(sizes.count - 1) { ls.append(Linear(sizes[i], sizes[i + 1], rng: &rng)) }
        layers = ls
        norms = batchNorm ? sizes[1..<(sizes.count - 1)].map { BatchNorm($0) } : []
        self.activation = activation
    }

    public var namedParameters: [(String, Parameter<T>)] {
        layers.enumerated().flatMap { prefixed("layers.\($0.offset)", $0.element.namedParameters) }
            + norms.enumerated().flatMap { prefixed("norms.\($0.offset)", $0.element.namedParameters) }
    }

    /// `x [N, in] -> [N, out]`; `training` selects batch statistics vs running statistics.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func callAsFunction(_ x: Variable<T>, training: Bool = true) -> Variable<T> {
        var h = x
        for (i, layer) in layers.enumerated() {
            h = layer(h)
            if i < layers.count - 1 {
                if !norms.isEmpty { h = norms[i](h, training: training) }
                h = activation(h)
            }
        }
        return h
    }
}
