import NASCore

/// Fully connected layer `y = x W^T + b` (PyTorch `nn.Linear`).
///
/// Shapes: `x [N, in] -> y [N, out]`; `weight [out, in]`, `bias [out]`. Initialised like PyTorch
/// (kaiming-uniform a = sqrt(5) weights, U(-1/sqrt(in), 1/sqrt(in)) bias).
public final class Linear<T: TensorScalar>: Module {
    public let weight: Parameter<T>
    public let bias: Parameter<T>?
    public let inFeatures: Int, outFeatures: Int

    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, rng: inout SeededGenerator) {
        precondition(inFeatures > 0 && outFeatures > 0, "Linear: feature counts must be positive, got \(inFeatures) -> \(outFeatures)")
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        weight = Parameter(Init.kaimingUniform([outFeatures, inFeatures], fanIn: inFeatures, rng: &rng))
        self.bias = bias ? Parameter(Init.bias(outFeatures, fanIn: inFeatures, rng: &rng)) : nil
    }

    public var namedParameters: [(String, Parameter<T>)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    /// `x [N, in] -> [N, out]`.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func callAsFunction(_ x: Variable<T>) -> Variable<T> {
        precondition(x.value.rank == 2 && x.value.shape[1] == inFeatures,
                     "Linear(\(inFeatures) -> \(outFeatures)): input has shape \(x.value.shape), expected [N, \(inFeatures)]")
        guard let bias else { return x.matmul(x.tape.parameter(weight), transposeOther: true) }
        return x.linear(x.tape.parameter(weight), bias: x.tape.parameter(bias))
    }
}
