import NASCore
import NASTensor

/// ReLU -> convolution (no bias) -> batch norm, `[N, Cin, H, W] -> [N, Cout, Ho, Wo]`
/// (AutoDL `ReLUConvBN`; parameter names `op.1.*` for the convolution, `op.2.*` for the norm).
public final class ReLUConvBN<T: TensorScalar>: Module {
    public let conv: Conv2d<T>
    public let bn: BatchNorm<T>

    public init(_ cIn: Int, _ cOut: Int, kernel: Int, stride: Int, padding: Int, rng: inout SeededGenerator) {
        conv = Conv2d(cIn, cOut, kernel: kernel, stride: stride, padding: padding, bias: false, rng: &rng)
        bn = BatchNorm(cOut)
    }

    public var namedParameters: [(String, Parameter<T>)] {
        prefixed("op.1", conv.namedParameters) + prefixed("op.2", bn.namedParameters)
    }

    func callAsFunction(_ x: Variable<T>, _ pass: NetworkPass<T>) -> Variable<T> {
        pass.batchNorm(pass.conv(x.relu(), conv), bn)
    }
}

/// The stride-1 `skip_connect` between different channel counts (AutoDL `FactorizedReduce`
/// with stride 1): 1x1 convolution (no bias) -> batch norm, no ReLU. Names `conv.*`, `bn.*`.
public final class ChannelProjection<T: TensorScalar>: Module {
    public let conv: Conv2d<T>
    public let bn: BatchNorm<T>

    public init(_ cIn: Int, _ cOut: Int, rng: inout SeededGenerator) {
        conv = Conv2d(cIn, cOut, kernel: 1, bias: false, rng: &rng)
        bn = BatchNorm(cOut)
    }

    public var namedParameters: [(String, Parameter<T>)] {
        prefixed("conv", conv.namedParameters) + prefixed("bn", bn.namedParameters)
    }

    func callAsFunction(_ x: Variable<T>, _ pass: NetworkPass<T>) -> Variable<T> {
        pass.batchNorm(pass.conv(x, conv), bn)
    }
}

/// One edge operation of an NB201 cell at stride 1, `Cin -> Cout` (AutoDL `OPS` of the
/// NAS-Bench-201 vocabulary).
public enum CellOp<T: TensorScalar> {
    /// `none`: contributes nothing.
    case zero
    /// `skip_connect` with `Cin == Cout`.
    case identity
    /// `skip_connect` with `Cin != Cout`.
    case project(ChannelProjection<T>)
    /// `nor_conv_1x1` / `nor_conv_3x3`.
    case conv(ReLUConvBN<T>)
    /// `avg_pool_3x3` (stride 1, padding 1, padding not counted), after a 1x1 `ReLUConvBN`
    /// when the channel count changes (names `preprocess.op.*`).
    case avgPool(preprocess: ReLUConvBN<T>?)

    /// The op `code` (index into `NB201Space.opNames`) for `cIn -> cOut`.
    init(code: Int, cIn: Int, cOut: Int, rng: inout SeededGenerator) {
        switch code {
        case 0: self = .zero
        case 1: self = cIn == cOut ? .identity : .project(ChannelProjection(cIn, cOut, rng: &rng))
        case 2: self = .conv(ReLUConvBN(cIn, cOut, kernel: 1, stride: 1, padding: 0, rng: &rng))
        case 3: self = .conv(ReLUConvBN(cIn, cOut, kernel: 3, stride: 1, padding: 1, rng: &rng))
        case 4: self = .avgPool(preprocess: cIn == cOut ? nil : ReLUConvBN(cIn, cOut, kernel: 1, stride: 1, padding: 0, rng: &rng))
        default: preconditionFailure("CellOp: op code \(code) is not one of 0..4")
        }
    }

    var namedParameters: [(String, Parameter<T>)] {
        switch self {
        case .zero, .identity, .avgPool(preprocess: nil): return []
        case .project(let p): return p.namedParameters
        case .conv(let c): return c.namedParameters
        case .avgPool(preprocess: let p?): return prefixed("preprocess", p.namedParameters)
        }
    }

    /// The op applied to `x`; `nil` for `zero`.
    func callAsFunction(_ x: Variable<T>, _ pass: NetworkPass<T>) -> Variable<T>? {
        switch self {
        case .zero: return nil
        case .identity: return x
        case .project(let p): return p(x, pass)
        case .conv(let c): return c(x, pass)
        case .avgPool(let pre):
            let h = pre.map { $0(x, pass) } ?? x
            return avgPool2d(h, ConvGeometry(kernel: 3, stride: 1, padding: 1), countIncludePad: false)
        }
    }
}
