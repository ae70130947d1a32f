import NASCore

/// The tree-Wasserstein representation of TW-NAS (Nguyen et al., ICML 2021; METHODS §3.1-3.2).
///
/// An architecture (a `LabelledDAG`) becomes `TWFeatures`; two architectures are compared by three
/// discrepancies (operations on a tree, in-degrees and out-degrees on a chain), each a
/// negative-definite tree-Wasserstein distance, so `exp(-d_op/l1 - d_in/l2 - d_out/l3)` is a valid
/// GP kernel.
public struct TWRepresentation: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable {
        /// Reproduces the reference code: subtree-mass slips (METHODS §3.2).
        case faithful
        /// Correct subtree masses (the default).
        case fixed
    }

    /// Operation labels counted, in count-vector order.
    public let vocabulary: [String]
    public let twoGram: Bool
    public let tree: TWOpTree
    /// Nodes with these labels are removed before the degree histograms are computed (NB201 in
    /// fixed mode removes `none` edges, which carry no data; the 1-gram and 2-gram counts never
    /// count labels outside `vocabulary`).
    public let removedForDegrees: Set<String>
    public let mode: Mode
    /// When true, node `i`'s label is counted as `"i:label"` (`positionalLabel`): for chains of
    /// fixed stages (NATS size space), where which stage has a width matters, not only how often.
    public let positional: Bool

    public init(vocabulary: [String], twoGram: Bool, tree: TWOpTree, removedForDegrees: Set<String> = [], mode: Mode,
                positional: Bool = false) {
        self.vocabulary = vocabulary
        self.twoGram = twoGram
        self.tree = tree
        self.removedForDegrees = removedForDegrees
        self.mode = mode
        self.positional = positional
    }

    /// The spaces with a tree-Wasserstein representation (what `TWEncoding` accepts).
    public static let spaces = ["nb201", "nb101", "nbgraph", "natsss"]

    /// The label node `node` is counted under when `positional` is set.
    public static func positionalLabel(node: Int, _ label: String) -> String { "\(node):\(label)" }

    /// NAS-Bench-101 cells (labels input, conv3x3-bn-relu, conv1x1-bn-relu, maxpool3x3, output).
    public static func nb101(twoGram: Bool, mode: Mode = .fixed, alpha: Double = 0.1) -> TWRepresentation {
        TWRepresentation(vocabulary: ["conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3"], twoGram: twoGram,
                         tree: twoGram ? .nb101TwoGram(alpha: alpha, faithful: mode == .faithful) : .nb101OneGram(alpha: alpha),
                         mode: mode)
    }

    /// NAS-Bench-201 cells as the 8-node line graph (METHODS §0.3). In fixed mode `none` nodes are
    /// removed before the degree histograms; in faithful mode the graph is used as given (the
    /// reference used a random matrix here, §0.3: pass such a graph to reproduce it).
    public static func nb201(twoGram: Bool, mode: Mode = .fixed, alpha: Double = 0.1) -> TWRepresentation {
        TWRepresentation(vocabulary: ["nor_conv_3x3", "nor_conv_1x1", "avg_pool_3x3", "skip_connect"], twoGram: twoGram,
                         tree: .nb201(alpha: alpha, faithful: mode == .faithful),
                         removedForDegrees: mode == .fixed ? ["none"] : [], mode: mode)
    }

    /// NAS-Bench-Graph DAGs (1-gram over the 9 operations; the package has no reference TW-NAS, so
    /// this is ours): root -> {message passing (1 - alpha) -> {gat, gcn, gin, cheb, sage, arma,
    /// graph (alpha each)}, fc (1), skip (1)}, the shape of the NB101 / NB201 trees (two
    /// graph-convolution layers differ by 2 alpha, a graph convolution and fc by 2). Degrees are
    /// those of the DAG (its link pattern).
    ///
    /// `positional`: the op of each of the four operation nodes (DAG nodes 1-4) counted at its
    /// position (`positionalLabel`), under `TWOpTree.positional(.nbgraph, positions: 4)`, so `d_op`
    /// is the mean over positions of the tree distance between the two ops there: which node
    /// carries which op, not only how often each op occurs (`tw-gp --option ops=positions`).
    public static func nbgraph(alpha: Double = 0.1, positional: Bool = false) -> TWRepresentation {
        let ops = ["gat", "gcn", "gin", "cheb", "sage", "arma", "graph", "fc", "skip"]
        guard positional else {
            return TWRepresentation(vocabulary: ops, twoGram: false, tree: .nbgraph(alpha: alpha), mode: .fixed)
        }
        return TWRepresentation(vocabulary: (1...4).flatMap { n in ops.map { positionalLabel(node: n, $0) } }, twoGram: false,
                                tree: .positional(.nbgraph(alpha: alpha), positions: 4), mode: .fixed, positional: true)
    }

    /// NATS size-space chains (ours): the five stage widths counted positionally, one chain per
    /// stage over the widths in increasing order (`TWOpTree.stageChains`), so `d_op` is the mean
    /// over stages of |width level difference| / (levels - 1), in [0, 1]. Every architecture has
    /// the same chain graph, so `d_in` and `d_out` are 0 and the kernel is `exp(-d_op / l1)`.
    public static func natsss(widths: [Int], stages: Int) -> TWRepresentation {
        let vocabulary = (1...stages).flatMap { s in widths.map { positionalLabel(node: s, String($0)) } }
        return TWRepresentation(vocabulary: vocabulary, twoGram: false,
                                tree: .stageChains(stages: stages, levels: widths.count), mode: .fixed, positional: true)
    }

    /// The features of one architecture.
    public func features(_ g: LabelledDAG) -> TWFeatures {
        let counted = positional
            ? LabelledDAG(nodeCount: g.nodeCount, adjacency: g.adjacency,
                          labels: g.labels.enumerated().map { Self.positionalLabel(node: $0.offset, $0.element) })
            : g
        let counts = twoGram ? TWCounting.twoGram(counted, vocabulary: vocabulary) : TWCounting.oneGram(counted, vocabulary: vocabulary)
        let dg = removedForDegrees.isEmpty ? g : TWCounting.removing(removedForDegrees, from: g)
        let layers = TWCounting.layers(dg)
        let ins = (0..<dg.nodeCount).map(dg.inDegree)
        let outs = (0..<dg.nodeCount).map(dg.outDegree)
        return TWFeatures(opMasses: tree.masses(counts),
                          inDegree: TWCounting.layerHistogram(degrees: ins, layers: layers),
                          outDegree: TWCounting.layerHistogram(degrees: outs, layers: layers))
    }

    /// The three discrepancies between two architectures' features.
    public func distances(_ a: TWFeatures, _ b: TWFeatures) -> TWDistances {
        TWDistances(op: tree.distance(masses: a.opMasses, b.opMasses),
                    inDegree: TWChain.distance(a.inDegree, b.inDegree),
                    outDegree: TWChain.distance(a.outDegree, b.outDegree))
    }

    /// Distance matrices between `xs` (rows) and `ys` (columns), row-major `[xs.count * ys.count]`.
    public func distanceMatrices(_ xs: [TWFeatures], _ ys: [TWFeatures]) -> (op: [Double], inDegree: [Double], outDegree: [Double]) {
        let n = xs.count, m = ys.count
        var op = [Double](repeating: 0, count: n * m), di = op, dout = op
        for i in 0..<n {
            for j in 0..<m {
                let d = distances(xs[i], ys[j])
                op[i * m + j] = d.op; di[i * m + j] = d.inDegree; dout[i * m + j] = d.outDegree
            }
        }
        return (op, di, dout)
    }

    /// The three discrepancies of one pair as `[d_op, d_in, d_out]`.
    public func components(_ a: TWFeatures, _ b: TWFeatures) -> [Double] {
        let d = distances(a, b)
        return [d.op, d.inDegree, d.outDegree]
    }

    /// `distanceMatrices` as `[d_op, d_in, d_out]`, each row-major `[xs.count * ys.count]`.
    public func componentMatrices(_ xs: [TWFeatures], _ ys: [TWFeatures]) -> [[Double]] {
        let d = distanceMatrices(xs, ys)
        return [d.op, d.inDegree, d.outDegree]
    }
}
