/// A tree metric over operation counts (the operation term of the TW-NAS discrepancy).
///
/// Each entry is one tree edge: its weight and the set of count-vector indices whose mass lies in
/// the subtree below it. For count vectors normalised to probability vectors u and v, the
/// tree-Wasserstein distance is `sum_e w_e * |u(T_e) - v(T_e)|` (METHODS §3.2).
///
/// `faithful` trees reproduce the reference code's subtree masses, including the slips ported
/// from 1-based MATLAB indexing (METHODS §3.2); `fixed` trees use the correct subtree masses.
public struct TWOpTree: Sendable, Equatable {
    public struct Edge: Sendable, Equatable {
        public let weight: Double
        public let leaves: [Int]
    }

    /// Length of the count vector the tree expects (shorter vectors are zero-padded).
    public let countLength: Int
    public let edges: [Edge]

    public init(countLength: Int, edges: [Edge]) {
        self.countLength = countLength
        self.edges = edges
    }

    /// Maps a count vector (length <= `countLength`) to the vector of subtree masses, after
    /// normalising it to sum 1 (an all-zero vector stays zero). Shape: `[edges.count]`.
    public func masses(_ counts: [Double]) -> [Double] {
        let total = counts.reduce(0, +)
        let scale = total > 0 ? 1 / total : 0
        var u = [Double](repeating: 0, count: countLength)
        for (i, c) in counts.enumerated() where i < countLength { u[i] = c * scale }
        return edges.map { e in e.leaves.reduce(0) { $0 + u[$1] } }
    }

    /// The distance between two mass vectors produced by `masses`.
    @inlinable
    public func distance(masses a: [Double], _ b: [Double]) -> Double {
        var d = 0.0
        for k in 0..<edges.count { d += edges[k].weight * abs(a[k] - b[k]) }
        return d
    }

    /// The weights alone, in edge order.
    public var weights: [Double] { edges.map(\.weight) }
}

extension TWOpTree {
    private static func leaf(_ w: Double, _ i: Int) -> Edge { Edge(weight: w, leaves: [i]) }
    private static func node(_ w: Double, _ ls: [Int]) -> Edge { Edge(weight: w, leaves: ls) }

    /// NAS-Bench-101, 1-gram over [conv3x3, conv1x1, maxpool3x3]: root -> {conv (1-a) -> {conv3x3 (a),
    /// conv1x1 (a)}, maxpool (1)}. The reference has no slip here.
    public static func nb101OneGram(alpha a: Double = 0.1) -> TWOpTree {
        TWOpTree(countLength: 3, edges: [leaf(a, 0), leaf(a, 1), leaf(1, 2), node(1 - a, [0, 1])])
    }

    /// NAS-Bench-101, 2-gram: 3 op counts then 9 directed pair counts at index 3 * (1 + row) + col
    /// (ops c3, c1, p). 21 edges in the reference code's order.
    public static func nb101TwoGram(alpha a: Double = 0.1, faithful: Bool) -> TWOpTree {
        var e: [Edge] = [leaf(a, 0), leaf(a, 1), leaf(1, 2)]
        for i in 3...10 { e.append(leaf(a * a, i)) }       // the eight conv-involving pairs
        e.append(leaf(1, 11))                                // pool -> pool
        e.append(node(1 - a, [0, 1]))                        // conv
        e.append(node(1, faithful ? [0, 1] : [0, 1, 2]))     // 1-gram node (slip: omits pool)
        e.append(node(a * (1 - a), [3, 7]))                  // same-type conv pairs
        e.append(node(a * (1 - a), [4, 6]))                  // different-type conv pairs
        e.append(node(1 - a, [3, 7, 4, 6]))                  // conv-conv
        e.append(node(a * (1 - a), [5, 8]))                  // conv -> pool
        e.append(node(a * (1 - a), [9, 10]))                 // pool -> conv
        e.append(node(1 - a, [5, 8, 9, 10]))                 // mixed conv & pool
        e.append(node(1, faithful ? Array(3...10) : Array(3...11)))  // 2-gram node (slip: omits pool->pool)
        return TWOpTree(countLength: 12, edges: e)
    }

    /// NAS-Bench-201 (1-gram zero-padded, or 2-gram): 4 op counts [c3, c1, avg_pool, skip] then 16
    /// pair counts at index 4 * (1 + row) + col. 33 edges in the reference code's order.
    public static func nb201(alpha a: Double = 0.1, faithful: Bool) -> TWOpTree {
        let b = 1 - a
        var e: [Edge] = [leaf(a, 0), leaf(a, 1), leaf(1, 2), leaf(1, 3)]
        for i in 4...13 { e.append(leaf(a * a, i)) }        // pairs ending in conv or pool..conv
        e.append(leaf(1, 14))                                // pool -> pool
        e.append(leaf(a, 15))                                // pool -> skip
        e.append(leaf(a * a, 16)); e.append(leaf(a * a, 17)) // skip -> conv
        e.append(leaf(a, 18))                                // skip -> pool
        e.append(leaf(1, 19))                                // skip -> skip
        e.append(node(b, faithful ? [1, 2] : [0, 1]))        // conv (slip: conv1x1 + avg_pool)
        e.append(node(1, faithful ? [0, 1, 2] : [0, 1, 2, 3])) // 1-gram node (slip: omits skip)
        e.append(node(a * b, [4, 9]))                        // same-type conv pairs
        e.append(node(a * b, [5, 8]))                        // different-type conv pairs
        e.append(node(b, [4, 9, 5, 8]))                      // conv-conv
        e.append(node(a * b, [6, 10]))                       // conv -> pool
        e.append(node(a * b, [12, 13]))                      // pool -> conv
        e.append(node(b, [6, 10, 12, 13]))                   // mixed conv & pool
        e.append(node(a * b, [7, 11]))                       // conv -> skip
        e.append(node(a * b, [16, 17]))                      // skip -> conv
        e.append(node(b, [7, 11, 16, 17]))                   // mixed conv & skip
        e.append(node(b, [18, 15]))                          // mixed skip & pool
        e.append(node(1, faithful ? Array(4...18) : Array(4...19)))  // 2-gram node (slip: omits skip->skip)
        return TWOpTree(countLength: 20, edges: e)
    }

    /// NAS-Bench-Graph 1-gram over [gat, gcn, gin, cheb, sage, arma, graph, fc, skip]: the seven
    /// graph-convolution layers are leaves of weight alpha under one node of weight 1 - alpha; fc
    /// and skip are leaves of weight 1 under the root.
    public static func nbgraph(alpha a: Double = 0.1) -> TWOpTree {
        TWOpTree(countLength: 9, edges: (0..<7).map { leaf(a, $0) } + [leaf(1, 7), leaf(1, 8), node(1 - a, Array(0..<7))])
    }

    /// One chain of `levels` ordered values: edge t (between levels t - 1 and t, t = 1..<levels)
    /// has weight 1 / (levels - 1) and holds the mass of levels >= t, so two point masses are at
    /// |level difference| / (levels - 1).
    public static func chain(levels: Int) -> TWOpTree {
        precondition(levels > 1, "a chain needs at least two levels")
        let w = 1 / Double(levels - 1)
        return TWOpTree(countLength: levels, edges: (1..<levels).map { t in node(w, Array(t..<levels)) })
    }

    /// `positions` copies of `tree` under one root (count index `position * tree.countLength +
    /// i`), for architectures that put exactly one value at each position: the root edges then
    /// always carry 1 / positions each and are left out, so the distance is the mean over
    /// positions of `tree`'s distance between the two values there.
    public static func positional(_ tree: TWOpTree, positions: Int) -> TWOpTree {
        precondition(positions > 0, "at least one position")
        let n = tree.countLength
        let edges = (0..<positions).flatMap { p in tree.edges.map { Edge(weight: $0.weight, leaves: $0.leaves.map { p * n + $0 }) } }
        return TWOpTree(countLength: positions * n, edges: edges)
    }

    /// `stages` independent chains of `levels` ordered values (the NATS size space):
    /// `positional(chain(levels:), positions: stages)`. For one-hot stages the distance is the mean
    /// over stages of |level difference| / (levels - 1).
    public static func stageChains(stages: Int, levels: Int) -> TWOpTree {
        positional(chain(levels: levels), positions: stages)
    }
}
