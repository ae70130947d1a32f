import NASCore

/// Inverted dropout (PyTorch `nn.Dropout`): in training, zero each element with probability `p`
/// (seeded) and scale survivors by `1 / (1 - p)`; identity otherwise.
@_specialize(where T == Float) @_specialize(where T == Double)
public func dropout<T>(_ x: Variable<T>, p: Double, training: Bool, rng: inout SeededGenerator) -> Variable<T> {
    precondition(p >= 0 && p < 1, "dropout: p = \(p) must be in [0, 1)")
    guard training, p > 0 else { return x }
    let keep = T(1 / (1 - p))
    var mask = [T](repeating: 0, count: x.value.count)
    for i in 0..<mask.count where rng.uniform() >= p { mask[i] = keep }
    return x * Tensor(unchecked: x.value.shape, mask)
}

/// Embedding table (PyTorch `nn.Embedding`, N(0, 1) initialisation): ids -> rows of `weight [count, dim]`.
public final class Embedding<T: TensorScalar>: Module {
    public let weight: Parameter<T>

    public init(_ count: Int, _ dim: Int, rng: inout SeededGenerator) {
        precondition(count > 0 && dim > 0, "Embedding: count \(count) and dim \(dim) must be positive")
        weight = Parameter(Tensor.normal([count, dim], rng: &rng))
    }

    public var namedParameters: [(String, Parameter<T>)] { [("weight", weight)] }

    /// `ids [M] -> [M, dim]`; traps on an id outside the table.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func callAsFunction(_ ids: [Int], on tape: Tape<T>) -> Variable<T> {
        tape.parameter(weight).gatherRows(ids)
    }
}
