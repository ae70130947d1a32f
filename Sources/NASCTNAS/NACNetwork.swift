import NASCore
import NASTensor

/// The neural architecture comparator of CTNAS (METHODS §4.2) as a module:
/// op embedding `[opCount, dim]` (N(0, 1) init) -> `layers` graph convolutions in the residual
/// form `ReLU((A^T + I)(h W) + h + b)` (`GCNLayer`, pygcn init) -> mean over the node rows
/// (padding rows included) = the graph feature `f [dim]`; a pair is scored as
/// `P(A better than B) = sigmoid(fc([f(A) ; f(B)]))` with `fc = Linear(2 dim, 1)`.
/// Not antisymmetric by construction (as the reference).
///
/// Parameter names follow the reference's PyTorch `state_dict` (`embedding.weight`,
/// `gcn.layers.{i}.weight|bias` for all but the last layer, `gcn.last_layer.weight|bias`,
/// `fc.weight`, `fc.bias`).
public final class NACNetwork<T: TensorScalar>: Module {
    public let embedding: Embedding<T>
    public let gcn: [GCNLayer<T>]
    public let fc: Linear<T>
    public let nodes: Int
    public let dimension: Int

    /// - Precondition: `opCount`, `dimension`, `layers`, `nodes` positive.
    public init(opCount: Int, nodes: Int, dimension: Int = 128, layers: Int = 4, rng: inout SeededGenerator) {
        precondition(layers >= 1 && nodes >= 1, "NACNetwork: layers \(layers) and nodes \(nodes) must be positive")
        self.nodes = nodes
        self.dimension = dimension
        embedding = Embedding(opCount, dimension, rng: &rng)
        var g: [GCNLayer<T>] = []
        for _ in 0..<layers { g.append(GCNLayer(dimension, rng: &rng)) }
        gcn = g
        fc = Linear(2 * dimension, 1, rng: &rng)
    }

    public var namedParameters: [(String, Parameter<T>)] {
        var out = prefixed("embedding", embedding.namedParameters)
        for (i, l) in gcn.enumerated() {
            out += prefixed(i == gcn.count - 1 ? "gcn.last_layer" : "gcn.layers.\(i)", l.namedParameters)
        }
        return out + prefixed("fc", fc.namedParameters)
    }

    /// Graph features `[B, dimension]` of a batch (op ids `[B n]`, transposed adjacency `[B, n, n]`).
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func features(_ batch: NACBatch<T>, on tape: Tape<T>) -> Variable<T> {
        let b = batch.graphs
        precondition(batch.ids.count == b * nodes, "NACNetwork: \(batch.ids.count) op ids for \(b) graphs of \(nodes) rows")
        let adjacency = tape.constant(batch.adjacency)
        var h = embedding(batch.ids, on: tape)
        for layer in gcn { h = layer(h, adjacency: adjacency) }
        return h.reshaped([b, nodes, dimension]).mean(alongAxes: [1])
    }

    /// `P(first better than second)` per row, `[B]`, from graph features `[B, dimension]` each.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func probabilities(_ first: Variable<T>, _ second: Variable<T>) -> Variable<T> {
        let rows = first.value.shape[0]
        return fc(Variable.concat([first, second], axis: 1)).sigmoid().reshaped([rows])
    }

    /// The training loss of the reference on one batch: every graph of `batch` is compared with
    /// graph `permutation[i]` of the same batch, target `1[value_i > value_perm(i)]`, BCE (mean).
    /// The features of the batch are computed once and the second side is gathered from them
    /// (the reference runs the GCN on the permuted copy again; the values and gradients are the
    /// same). Returns the loss (rank 0) and the probabilities `[B]`.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func pairLoss(_ batch: NACBatch<T>, values: [Double], permutation: [Int], on tape: Tape<T>)
        -> (loss: Variable<T>, probabilities: Variable<T>) {
        precondition(values.count == batch.graphs && permutation.count == batch.graphs,
                     "NACNetwork.pairLoss: \(batch.graphs) graphs, \(values.count) values, \(permutation.count) partners")
        let f = features(batch, on: tape)
        let p = probabilities(f, f.gatherRows(permutation))
        let target = Tensor<T>(permutation.indices.map { values[$0] > values[permutation[$0]] ? 1 : 0 })
        return (Loss.bce(p, target), p)
    }
}
