import NASTensor

/// One forward pass of a `CellNetwork` on a tape: how its weights enter the tape.
///
/// With `weightGradients == false` (the EPDJM pass) weights and batch-norm affine parameters are
/// tape constants, so the backward pass computes input gradients only: convolutions skip their
/// weight-gradient gemm. With `true` they are tape parameters and `backward` accumulates their
/// gradients into `Parameter.grad` (for checks and training).
public struct NetworkPass<T: TensorScalar> {
    public let tape: Tape<T>
    public let weightGradients: Bool

    public init(tape: Tape<T>, weightGradients: Bool) {
        self.tape = tape
        self.weightGradients = weightGradients
    }

    /// `p` on the tape, as a parameter or a constant.
    func weight(_ p: Parameter<T>) -> Variable<T> {
        weightGradients ? tape.parameter(p) : tape.constant(p.value)
    }

    /// Convolution without bias (every convolution of these networks has none).
    func conv(_ x: Variable<T>, _ c: Conv2d<T>) -> Variable<T> {
        conv2d(x, weight(c.weight), bias: c.bias.map(weight), c.geometry)
    }

    /// Training-mode batch norm: batch mean and biased variance, whatever the running statistics
    /// hold (they are not updated: each network is used for one pass).
    func batchNorm(_ x: Variable<T>, _ bn: BatchNorm<T>) -> Variable<T> {
        batchNormTrain(x, weight(bn.weight), weight(bn.bias), eps: bn.eps).0
    }
}
