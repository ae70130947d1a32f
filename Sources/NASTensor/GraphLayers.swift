import NASCore

/// GIN layer in the arch2vec form (METHODS §2.2):
/// `h' = ReLU(BN(MLP((1 + eps) h + A h)))`, `MLP = Linear(in, out) - BN - ReLU - Linear(out, out)`,
/// `eps` a learnable scalar initialised to 0.
///
/// Shapes: node features `h [B n, in]` (graph-major), adjacency `[B, n, n]` -> `[B n, out]`.
public final class GINLayer<T: TensorScalar>: Module {
    public let eps: Parameter<T>
    public let mlp: MLP<T>
    public let norm: BatchNorm<T>

    public init(_ inFeatures: Int, _ outFeatures: Int, rng: inout SeededGenerator) {
        eps = Parameter(Tensor(zeros: [1]))
        mlp = MLP([inFeatures, outFeatures, outFeatures], activation: .relu, batchNorm: true, rng: &rng)
        norm = BatchNorm(outFeatures)
    }

    public var namedParameters: [(String, Parameter<T>)] {
        [("eps", eps)] + prefixed("mlp", mlp.namedParameters) + prefixed("norm", norm.namedParameters)
    }

    @_specialize(where T == Float) @_specialize(where T == Double)
    public func callAsFunction(_ h: Variable<T>, adjacency: Variable<T>, training: Bool) -> Variable<T> {
        let a = adjacency.value.shape
        precondition(a.count == 3 && a[1] == a[2] && h.value.rank == 2 && h.value.shape[0] == a[0] * a[1],
                     "GINLayer: features \(h.value.shape) and adjacency \(a) do not match ([B n, F] and [B, n, n])")
        let f = h.value.shape[1]
        let agg = adjacency.batchedMatmul(h.reshaped([a[0], a[1], f])).reshaped([a[0] * a[1], f])
        let z = h * (h.tape.parameter(eps) + T(1)) + agg
        return norm(mlp(z, training: training), training: training).relu()
    }
}

/// Graph convolution in the CTNAS residual form (METHODS §4.2):
/// `h' = ReLU((A + I)(h W) + h + b)`, where `A` is the (already transposed) adjacency.
/// pygcn initialisation: `W [in, out]` and `b [out]` uniform in `±1/sqrt(out)`. Needs `in == out`.
public final class GCNLayer<T: TensorScalar>: Module {
    public let weight: Parameter<T>
    public let bias: Parameter<T>

    public init(_ features: Int, rng: inout SeededGenerator) {
        let bound = T(1 / Double(features).squareRoot())
        weight = Parameter(Init.uniform([features, features], bound: bound, rng: &rng))
        bias = Parameter(Init.uniform([features], bound: bound, rng: &rng))
    }

    public var namedParameters: [(String, Parameter<T>)] { [("weight", weight), ("bias", bias)] }

    /// `h [B n, F]`, `adjacency [B, n, n]` -> `[B n, F]`.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func callAsFunction(_ h: Variable<T>, adjacency: Variable<T>) -> Variable<T> {
        let a = adjacency.value.shape
        precondition(a.count == 3 && a[1] == a[2] && h.value.rank == 2 && h.value.shape[0] == a[0] * a[1]
                     && h.value.shape[1] == weight.value.shape[0],
                     "GCNLayer: features \(h.value.shape) and adjacency \(a) do not match ([B n, \(weight.value.shape[0])] and [B, n, n])")
        let tape = h.tape
        let support = h.matmul(tape.parameter(weight))
        let f = support.value.shape[1]
        let propagated = adjacency.batchedMatmul(support.reshaped([a[0], a[1], f])).reshaped([a[0] * a[1], f])
        return (propagated + support + h + tape.parameter(bias)).relu()
    }
}

/// LSTM cell (PyTorch `nn.LSTMCell`, gate order i, f, g, o; all weights and biases uniform in
/// `±1/sqrt(hidden)`): `(x [N, in], h [N, H], c [N, H]) -> (h', c')`.
public final class LSTMCell<T: TensorScalar>: Module {
    public let weightIH: Parameter<T>, weightHH: Parameter<T>, biasIH: Parameter<T>, biasHH: Parameter<T>
    public let inputSize: Int, hiddenSize: Int

    public init(_ inputSize: Int, _ hiddenSize: Int, rng: inout SeededGenerator) {
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        let bound = T(1 / Double(hiddenSize).squareRoot())
        weightIH = Parameter(Init.uniform([4 * hiddenSize, inputSize], bound: bound, rng: &rng))
        weightHH = Parameter(Init.uniform([4 * hiddenSize, hiddenSize], bound: bound, rng: &rng))
        biasIH = Parameter(Init.uniform([4 * hiddenSize], bound: bound, rng: &rng))
        biasHH = Parameter(Init.uniform([4 * hiddenSize], bound: bound, rng: &rng))
    }

    public var namedParameters: [(String, Parameter<T>)] {
        [("weight_ih", weightIH), ("weight_hh", weightHH), ("bias_ih", biasIH), ("bias_hh", biasHH)]
    }

    /// Zero state for a batch of `n`.
    public func zeroState(batch n: Int, on tape: Tape<T>) -> (h: Variable<T>, c: Variable<T>) {
        (tape.constant(Tensor(zeros: [n, hiddenSize])), tape.constant(Tensor(zeros: [n, hiddenSize])))
    }

    @_specialize(where T == Float) @_specialize(where T == Double)
    public func callAsFunction(_ x: Variable<T>, state: (h: Variable<T>, c: Variable<T>)) -> (h: Variable<T>, c: Variable<T>) {
        precondition(x.value.rank == 2 && x.value.shape[1] == inputSize && state.h.value.shape == [x.value.shape[0], hiddenSize]
                     && state.c.value.shape == state.h.value.shape,
                     "LSTMCell(\(inputSize), \(hiddenSize)): input \(x.value.shape), h \(state.h.value.shape), c \(state.c.value.shape)")
        let tape = x.tape
        let gates = x.matmul(tape.parameter(weightIH), transposeOther: true) + tape.parameter(biasIH)
            + state.h.matmul(tape.parameter(weightHH), transposeOther: true) + tape.parameter(biasHH)
        let parts = gates.split([hiddenSize, hiddenSize, hiddenSize, hiddenSize], axis: 1)
        let i = parts[0].sigmoid(), f = parts[1].sigmoid(), g = parts[2].tanh(), o = parts[3].sigmoid()
        let c = f * state.c + i * g
        return (o * c.tanh(), c)
    }
}
