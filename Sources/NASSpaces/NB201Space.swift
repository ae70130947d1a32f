import NASCore

/// The NAS-Bench-201 cell space (Dong & Yang 2020): 4 cell nodes, 6 edges, 5 ops per edge,
/// 5^6 = 15,625 cells.
///
/// String form and `key`: the official arch string `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`, where
/// the i-th `+`-separated group lists the edges into cell node i (i = 1, 2, 3) and `~j` names the
/// source node j. Mutation changes one uniformly chosen edge to a uniformly chosen different op;
/// the neighbourhood is all 6 x 4 = 24 such cells. `graph` is the 8-node line graph of
/// METHODS §0.3 (edges become nodes; `none` edges are kept as nodes labelled `none`).
public struct NB201Space: SearchSpace, Hashable {
    public typealias Architecture = NB201Cell

    /// Op vocabulary; an op code is an index into this list.
    public static let opNames = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]

    /// The 6 edges `(from, to)` of a cell in string order e1..e6.
    public static let cellEdges: [(Int, Int)] = [(0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3)]

    /// Edges of the fixed 8-node line graph (node 0 input, nodes 1..6 the edges e1..e6, node 7 output).
    public static let lineGraphEdges: [(Int, Int)] = [
        (0, 1), (0, 2), (0, 4), (1, 3), (1, 5), (2, 6), (3, 6), (4, 7), (5, 7), (6, 7),
    ]

    /// An example string (the all-3x3-conv cell), used in error hints.
    public static let example = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|"

    public init() {}

    public var name: String { "nb201" }

    /// Every cell, in internal-code order (code 0 first).
    public var allCells: [NB201Cell] { (0..<NB201Cell.cellCount).map { NB201Cell(uncheckedCode: $0) } }

    public func format(_ arch: NB201Cell) -> String {
        let ops = arch.ops
        var s = ""
        var e = 0
        for node in 1...3 {
            if node > 1 { s += "+" }
            s += "|"
            for src in 0..<node {
                s += NB201Space.opNames[ops[e]] + "~" + String(src) + "|"
                e += 1
            }
        }
        return s
    }

    public func key(_ arch: NB201Cell) -> String { format(arch) }

    public func sample<G: RandomNumberGenerator>(using rng: inout G) -> NB201Cell {
        NB201Cell(uncheckedCode: Int(rng.next() % UInt64(NB201Cell.cellCount)))
    }

    public func mutate<G: RandomNumberGenerator>(_ arch: NB201Cell, using rng: inout G) -> NB201Cell {
        let edge = Int(rng.next() % UInt64(NB201Cell.edgeCount))
        let old = arch.op(edge)
        // A uniformly chosen op among the 4 others.
        var newOp = Int(rng.next() % UInt64(NB201Cell.opCount - 1))
        if newOp >= old { newOp += 1 }
        return arch.replacing(edge: edge, with: newOp)
    }

    /// All 24 cells differing from `arch` on exactly one edge (edge-major, op-minor order).
    public func neighbours(of arch: NB201Cell) -> [NB201Cell] {
        var out: [NB201Cell] = []
        out.reserveCapacity(NB201Cell.edgeCount * (NB201Cell.opCount - 1))
        for edge in 0..<NB201Cell.edgeCount {
            let old = arch.op(edge)
            for op in 0..<NB201Cell.opCount where op != old { out.append(arch.replacing(edge: edge, with: op)) }
        }
        return out
    }

    /// The 8-node line graph: labels `input`, the six edge ops (e1..e6), `output`.
    public func graph(_ arch: NB201Cell) -> LabelledDAG {
        let labels = ["input"] + arch.ops.map { NB201Space.opNames[$0] } + ["output"]
        return LabelledDAG(nodeCount: 8, edges: NB201Space.lineGraphEdges, labels: labels)
    }

    /// `{"space":"nb201","arch":...,"ops":[...],"code":...}` (ops as names in edge order e1..e6).
    public func json(_ arch: NB201Cell) -> String {
        let ops = arch.ops.map { "\"\(NB201Space.opNames[$0])\"" }.joined(separator: ",")
        return "{\"space\":\"nb201\",\"arch\":\"\(format(arch))\",\"ops\":[\(ops)],\"code\":\(arch.code)}"
    }
}
