import NASCore
import NASTensor

/// An NB201 cell as a network block (AutoDL `InferCell`), stride 1, `[N, Cin, H, W] -> [N, Cout, H, W]`.
///
/// Nodes 0..3; node 0 is the input, node i the sum of its incoming edges' ops, node 3 the output.
/// Edges in the NB201 string order e1 = 0->1, e2 = 0->2, e3 = 1->2, e4 = 0->3, e5 = 1->3,
/// e6 = 2->3; edges leaving node 0 map `Cin -> Cout`, the others `Cout -> Cout`. Parameter names
/// `layers.<edge index>.*`. A node whose incoming edges are all `none` is a zero tensor, and the
/// ops after it run on those zeros (a batch norm of zeros gives its bias), as in the reference.
public final class InferCell<T: TensorScalar>: Module {
    /// The six edge ops in string order.
    public let ops: [CellOp<T>]
    public let cIn: Int, cOut: Int

    /// `codes`: six op codes (indices into `NB201Space.opNames`) in string order.
    public init(codes: [Int], cIn: Int, cOut: Int, rng: inout SeededGenerator) {
        precondition(codes.count == InferCell.edges.count, "InferCell: \(codes.count) op codes, expected 6")
        self.cIn = cIn
        self.cOut = cOut
        var ops: [CellOp<T>] = []
        for (e, code) in codes.enumerated() {
            let from = InferCell.edges[e].from
            ops.append(CellOp(code: code, cIn: from == 0 ? cIn : cOut, cOut: cOut, rng: &rng))
        }
        self.ops = ops
    }

    /// The edges `(from, to)` in string order (the same list as `NB201Space.cellEdges`).
    static var edges: [(from: Int, to: Int)] { [(0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3)] }

    public var namedParameters: [(String, Parameter<T>)] {
        ops.enumerated().flatMap { prefixed("layers.\($0.offset)", $0.element.namedParameters) }
    }

    func callAsFunction(_ x: Variable<T>, _ pass: NetworkPass<T>) -> Variable<T> {
        var nodes: [Variable<T>] = [x]
        let s = x.value.shape
        for node in 1...3 {
            var sum: Variable<T>? = nil
            for (e, edge) in InferCell.edges.enumerated() where edge.to == node {
                guard let y = ops[e](nodes[edge.from], pass) else { continue }
                sum = sum.map { $0 + y } ?? y
            }
            nodes.append(sum ?? pass.tape.constant(Tensor(zeros: [s[0], cOut, s[2], s[3]])))
        }
        return nodes[3]
    }
}

/// The residual reduction block between stages (AutoDL `ResNetBasicblock` with stride 2):
/// `ReLUConvBN(3x3, stride 2) -> ReLUConvBN(3x3)` plus the shortcut `AvgPool(2, 2) -> 1x1 conv`
/// (no bias, no norm). `[N, Cin, H, W] -> [N, Cout, H/2, W/2]`. Names `conv_a.*`, `conv_b.*`,
/// `downsample.1.*`.
public final class ResidualReduction<T: TensorScalar>: Module {
    public let convA: ReLUConvBN<T>
    public let convB: ReLUConvBN<T>
    public let shortcut: Conv2d<T>

    public init(cIn: Int, cOut: Int, rng: inout SeededGenerator) {
        convA = ReLUConvBN(cIn, cOut, kernel: 3, stride: 2, padding: 1, rng: &rng)
        convB = ReLUConvBN(cOut, cOut, kernel: 3, stride: 1, padding: 1, rng: &rng)
        shortcut = Conv2d(cIn, cOut, kernel: 1, bias: false, rng: &rng)
    }

    public var namedParameters: [(String, Parameter<T>)] {
        prefixed("conv_a", convA.namedParameters) + prefixed("conv_b", convB.namedParameters)
            + prefixed("downsample.1", shortcut.namedParameters)
    }

    func callAsFunction(_ x: Variable<T>, _ pass: NetworkPass<T>) -> Variable<T> {
        let main = convB(convA(x, pass), pass)
        let residual = pass.conv(avgPool2d(x, ConvGeometry(kernel: 2, stride: 2)), shortcut)
        return residual + main
    }
}
