import NASCore
import NASRepresentations
import NASSpaces
import NASTensor

/// The NAC's input vocabulary of one space (METHODS §4.1): graphs padded to `nodes` rows, op ids
/// with 0 = `dummy` (padding), 1 = `input`, the interior ops, then `output`.
///
/// - NB101 (the reference's ids): dummy 0, input 1, conv1x1 2, conv3x3 3, maxpool 4, output 5;
///   7 nodes; embedding table of `n_ops + 3 = 6` rows.
/// - NB201 (not in the reference; added): the 8-node line graph of METHODS §0.3, ids dummy 0,
///   input 1, none 2, skip_connect 3, nor_conv_1x1 4, nor_conv_3x3 5, avg_pool_3x3 6, output 7.
/// - NAS-Bench-Graph (added): its 6-node DAG (input, four op nodes, output), ids dummy 0, input 1,
///   the package's operations in order, output last.
public struct NACVocabulary: Sendable, Hashable {
    /// The space's name (`nb101`, `nb201`, `nbgraph`).
    public let space: String
    /// Rows per graph (padding included).
    public let nodes: Int
    /// Node labels by id; id 0 is `dummy`.
    public let labels: [String]

    /// Embedding rows (= number of ids).
    public var opCount: Int { labels.count }

    public init(space: String, nodes: Int, interior: [String]) {
        self.space = space
        self.nodes = nodes
        self.labels = ["dummy", "input"] + interior + ["output"]
    }

    /// The vocabulary of a space by name.
    /// - Throws: `unknownName` for a space the NAC has no input representation for.
    public static func named(_ space: String) throws -> NACVocabulary {
        switch space {
        case "nb101":
            return NACVocabulary(space: space, nodes: NB101Cell.maxVertices,
                                 interior: [NB101Op.conv1x1.name, NB101Op.conv3x3.name, NB101Op.maxpool3x3.name])
        case "nb201":
            return NACVocabulary(space: space, nodes: 8, interior: NB201Space.opNames)
        case "nbgraph":
            return NACVocabulary(space: space, nodes: 6, interior: NBGraphSpace.operations)
        default:
            throw NaswiftError.unknownName("NAC input space", space, valid: ["nb101", "nb201", "nbgraph"])
        }
    }

    /// The input of one labelled DAG (as `SearchSpace.graph` returns it).
    /// - Throws: `invalidArgument` for more nodes than `nodes`, an unknown label or an edge that
    ///   does not go from a lower to a higher node.
    public func graph(_ dag: LabelledDAG) throws -> NACGraph {
        let m = dag.nodeCount
        guard m <= nodes else {
            throw NaswiftError.invalidArgument("a \(space) graph with \(m) nodes; the NAC input has \(nodes) rows",
                                               hint: "pass cells of the \(space) space")
        }
        var ops = [UInt8](repeating: 0, count: nodes)
        var adjacency = [UInt8](repeating: 0, count: nodes * nodes)
        for v in 0..<m {
            guard let id = labels.firstIndex(of: dag.labels[v]), id > 0 else {
                throw NaswiftError.invalidArgument("\(space) node \(v) has label '\(dag.labels[v])'",
                                                   hint: "valid labels: \(labels.dropFirst().joined(separator: ", "))")
            }
            ops[v] = UInt8(id)
            for w in 0..<m where dag.hasEdge(v, w) {
                guard v < w else {
                    throw NaswiftError.invalidArgument("\(space) graph has an edge \(v) -> \(w) that is not upper-triangular",
                                                       hint: "nodes must be in topological order")
                }
                adjacency[w * nodes + v] = 1   // transposed: row w lists the predecessors of w
            }
        }
        return NACGraph(ops: ops, transposedAdjacency: adjacency)
    }
}

/// One architecture as NAC input: op ids per row (`[nodes]`, 0 = padding) and the transposed
/// adjacency (`[nodes, nodes]` row-major; entry (i, j) = 1 when j -> i is an edge), zero-padded,
/// without self loops (the layer adds the identity).
public struct NACGraph: Sendable, Hashable {
    public let ops: [UInt8]
    public let transposedAdjacency: [UInt8]
}

/// A batch of NAC inputs: op ids `[B n]` (graph-major) and transposed adjacencies `[B, n, n]`.
public struct NACBatch<T: TensorScalar>: Sendable {
    public let ids: [Int]
    public let adjacency: Tensor<T>
    public var graphs: Int { adjacency.shape[0] }

    public init(_ graphs: [NACGraph], nodes n: Int) {
        var ids: [Int] = []
        ids.reserveCapacity(graphs.count * n)
        var adj = [T](repeating: 0, count: graphs.count * n * n)
        for (g, x) in graphs.enumerated() {
            precondition(x.ops.count == n && x.transposedAdjacency.count == n * n,
                         "NACBatch: graph \(g) has \(x.ops.count) rows, expected \(n)")
            for v in x.ops { ids.append(Int(v)) }
            for (k, e) in x.transposedAdjacency.enumerated() where e != 0 { adj[g * n * n + k] = 1 }
        }
        self.ids = ids
        self.adjacency = Tensor(adj).reshapedUnchecked([graphs.count, n, n])
    }
}

/// The NAC input as an `ArchitectureEncoding` of a search space (through `SearchSpace.graph`).
public struct NACEncoding<S: SearchSpace>: ArchitectureEncoding {
    public let space: S
    public let vocabulary: NACVocabulary
    public var name: String { "nac-graph" }

    /// - Throws: `unknownName` when the NAC has no representation for `space`.
    public init(space: S) throws {
        self.space = space
        self.vocabulary = try NACVocabulary.named(space.name)
    }

    public func encode(_ arch: S.Architecture, rng: inout SeededGenerator) -> NACGraph { code(arch) }

    /// The code of `arch` (deterministic). Cells of the vocabulary's space always encode (their
    /// labels and sizes are the space's own), so a failure here is a programming error.
    public func code(_ arch: S.Architecture) -> NACGraph {
        do { return try vocabulary.graph(space.graph(arch)) } catch {
            preconditionFailure("NACEncoding: a \(space.name) cell did not encode: \(error)")
        }
    }

    public func key(_ code: NACGraph) -> [UInt64]? {
        var words: [UInt64] = []
        var w: UInt64 = 0, bits = 0
        for v in code.ops + code.transposedAdjacency {
            w |= UInt64(v) << UInt64(bits)
            bits += 8
            if bits == 64 { words.append(w); w = 0; bits = 0 }
        }
        if bits > 0 { words.append(w) }
        return words
    }
}
