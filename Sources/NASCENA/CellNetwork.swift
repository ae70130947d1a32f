import NASCore
import NASSpaces
import NASTensor

/// The cell-based CIFAR network of NAS-Bench-201 and the NATS size space (AutoDL `TinyNetwork`
/// and `DynamicShapeTinyNet`): images `[N, 3, H, W]` -> logits `[N, classes]`.
///
/// stem `Conv3x3(3 -> c0, no bias) -> BN`; then the layers in order, each an `InferCell` (stride 1)
/// or a `ResidualReduction` (stride 2); then `BN -> ReLU -> global average pool -> Linear`.
/// Initialisation is PyTorch's default (convolutions and the classifier kaiming-uniform with
/// a = sqrt(5) and U(+-1/sqrt(fan_in)) bias, batch norms weight 1 / bias 0), drawn from the given
/// generator. Batch norm always runs in training mode (batch statistics), as CENA's networks do.
/// Parameter names are those of the reference PyTorch modules' `state_dict` (`stem.0.weight`,
/// `cells.3.layers.1.op.1.weight`, `lastact.0.bias`, `classifier.weight`, ...), so weights move
/// between the two through `.npz` files.
public final class CellNetwork<T: TensorScalar>: Module {
    /// One layer after the stem.
    public enum Layer {
        case cell(InferCell<T>)
        case reduction(ResidualReduction<T>)

        var namedParameters: [(String, Parameter<T>)] {
            switch self {
            case .cell(let c): return c.namedParameters
            case .reduction(let r): return r.namedParameters
            }
        }
    }

    public let stemConv: Conv2d<T>
    public let stemBN: BatchNorm<T>
    public let layers: [Layer]
    public let lastBN: BatchNorm<T>
    public let classifier: Linear<T>

    /// A network with stem width `channels[0]` and one layer per entry of `channels` (its output
    /// width); `reduction[i]` makes layer i a residual reduction, else a cell with op codes `ops`
    /// (six indices into `NB201Space.opNames`, string order).
    public init(ops: [Int], channels: [Int], reduction: [Bool], classes: Int, rng: inout SeededGenerator) {
        precondition(!channels.isEmpty && channels.count == reduction.count && channels.allSatisfy { $0 > 0 },
                     "CellNetwork: \(channels.count) channel counts for \(reduction.count) layers")
        precondition(ops.count == 6 && ops.allSatisfy { (0..<5).contains($0) }, "CellNetwork: op codes \(ops) are not six codes in 0..4")
        stemConv = Conv2d(3, channels[0], kernel: 3, padding: 1, bias: false, rng: &rng)
        stemBN = BatchNorm(channels[0])
        var previous = channels[0]
        var layers: [Layer] = []
        for (c, r) in zip(channels, reduction) {
            layers.append(r ? .reduction(ResidualReduction(cIn: previous, cOut: c, rng: &rng))
                            : .cell(InferCell(codes: ops, cIn: previous, cOut: c, rng: &rng)))
            previous = c
        }
        self.layers = layers
        lastBN = BatchNorm(previous)
        classifier = Linear(previous, classes, rng: &rng)
    }

    public var namedParameters: [(String, Parameter<T>)] {
        prefixed("stem.0", stemConv.namedParameters) + prefixed("stem.1", stemBN.namedParameters)
            + layers.enumerated().flatMap { prefixed("cells.\($0.offset)", $0.element.namedParameters) }
            + prefixed("lastact.0", lastBN.namedParameters) + prefixed("classifier", classifier.namedParameters)
    }

    /// Logits `[N, classes]` of images `x [N, 3, H, W]` (N >= 2: training-mode batch norm).
    public func logits(_ x: Variable<T>, _ pass: NetworkPass<T>) -> Variable<T> {
        precondition(x.value.rank == 4 && x.value.shape[1] == 3 && x.value.shape[0] >= 2,
                     "CellNetwork: input has shape \(x.value.shape), expected [N >= 2, 3, H, W]")
        var h = pass.batchNorm(pass.conv(x, stemConv), stemBN)
        for layer in layers {
            switch layer {
            case .cell(let c): h = c(h, pass)
            case .reduction(let r): h = r(h, pass)
            }
        }
        h = globalAvgPool(pass.batchNorm(h, lastBN).relu())
        return classifier.apply(h, pass)
    }

    /// The data Jacobian of CENA: `d(sum over batch and classes of the logits) / d images`,
    /// `[N, 3, H, W]`, for images `[N, 3, H, W]`. Weight gradients are not computed.
    public func inputGradient(_ images: Tensor<T>) -> Tensor<T> {
        let tape = Tape<T>()
        let x = tape.input(images)
        tape.backward(logits(x, NetworkPass(tape: tape, weightGradients: false)).sum())
        return tape.gradient(of: x)
    }
}

extension Linear {
    /// `x [N, in] -> [N, out]` with the weights entering the tape as `pass` says.
    func apply(_ x: Variable<T>, _ pass: NetworkPass<T>) -> Variable<T> {
        guard let bias else { return x.matmul(pass.weight(weight), transposeOther: true) }
        return x.linear(pass.weight(weight), bias: pass.weight(bias))
    }
}

extension CellNetwork {
    /// NB201's `TinyNetwork(C, N, cell, classes)`: N cells of width C, a reduction to 2C, N cells,
    /// a reduction to 4C, N cells (CENA: C = 16, N = 5, 10 classes).
    public static func nb201(_ cell: NB201Cell, c: Int = 16, n: Int = 5, classes: Int = 10,
                             rng: inout SeededGenerator) -> CellNetwork {
        let channels = [Int](repeating: c, count: n) + [2 * c] + [Int](repeating: 2 * c, count: n)
            + [4 * c] + [Int](repeating: 4 * c, count: n)
        let reduction = [Bool](repeating: false, count: n) + [true] + [Bool](repeating: false, count: n)
            + [true] + [Bool](repeating: false, count: n)
        return CellNetwork(ops: cell.ops, channels: channels, reduction: reduction, classes: classes, rng: &rng)
    }

    /// The NATS size-space network (`DynamicShapeTinyNet`) of channel string `c1:c2:c3:c4:c5`:
    /// cell (c1 -> c1), reduction (c1 -> c2), cell (c2 -> c3), reduction (c3 -> c4), cell
    /// (c4 -> c5), all cells the fixed `natsCell`.
    public static func natsSize(_ arch: NATSSizeArch, classes: Int = 10, rng: inout SeededGenerator) -> CellNetwork {
        CellNetwork(ops: natsCell.ops, channels: arch.widths, reduction: [false, true, false, true, false],
                    classes: classes, rng: &rng)
    }

    /// The fixed cell of the NATS size space:
    /// `|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|`.
    public static var natsCell: NB201Cell { NB201Cell(ops: [3, 3, 3, 1, 3, 3])! }
}
