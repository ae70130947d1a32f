import NASCore
import NASSpaces
import NASTensor

/// A set of cells of one space as arch2vec graph inputs (METHODS §2.1), stored compactly.
///
/// Per graph: `nodes` one-hot rows (stored as the column index, `-1` for a zero padding row) and
/// the directed upper-triangular adjacency (`adjacency[(g * n + i) * n + j] == 1` for an edge
/// i -> j, i < j). The model input is the one-hot matrix `[n, F]` and the symmetrised adjacency
/// `A + triu(A, 1)^T` (no self loops, no normalisation); the reconstruction target is `triu(A, 1)`.
public struct Arch2VecGraphs: Sendable {
    public let space: Arch2VecSpace
    /// One-hot column of every node, row-major `[count, nodes]`; `-1` marks a padding row.
    public private(set) var opColumns: [Int8]
    /// Directed adjacency, row-major `[count, nodes, nodes]`, entries 0 or 1, upper-triangular.
    public private(set) var adjacency: [UInt8]

    /// Number of graphs.
    public var count: Int { opColumns.count / space.nodes }
    public var nodes: Int { space.nodes }
    public var features: Int { space.features }

    /// Encodes labelled DAGs of `space` (as `SearchSpace.graph` returns them). Throws
    /// `invalidArgument` for a graph with more nodes than the space allows, an unknown label, or an
    /// edge that does not go from a lower to a higher node.
    public init(space: Arch2VecSpace, dags: [LabelledDAG]) throws {
        self.space = space
        let n = space.nodes
        var column: [String: Int8] = [:]
        for (c, l) in space.opLabels.enumerated() { column[l] = Int8(c) }
        opColumns = [Int8](repeating: -1, count: dags.count * n)
        adjacency = [UInt8](repeating: 0, count: dags.count * n * n)
        for (g, dag) in dags.enumerated() {
            let m = dag.nodeCount
            guard m >= 2, m <= n else {
                throw NaswiftError.invalidArgument("\(space.rawValue) graph \(g) has \(m) nodes; arch2vec needs 2...\(n)",
                                                   hint: "pass cells of the \(space.rawValue) space")
            }
            for v in 0..<m {
                guard let c = column[dag.labels[v]] else {
                    throw NaswiftError.invalidArgument("\(space.rawValue) graph \(g) node \(v) has label '\(dag.labels[v])'",
                                                       hint: "valid labels: \(space.opLabels.joined(separator: ", "))")
                }
                opColumns[g * n + v] = c
                for w in 0..<m where dag.hasEdge(v, w) {
                    guard v < w else {
                        throw NaswiftError.invalidArgument("\(space.rawValue) graph \(g) has an edge \(v) -> \(w) that is not upper-triangular",
                                                           hint: "nodes must be in topological order")
                    }
                    adjacency[(g * n + v) * n + w] = 1
                }
            }
        }
    }

    /// The NB201 cells as 8-node line graphs.
    public init(nb201 cells: [NB201Cell]) {
        let space = NB201Space()
        // Labels always come from the NB201 vocabulary, so encoding cannot fail.
        self = try! Arch2VecGraphs(space: .nb201, dags: cells.map { space.graph($0) })
    }

    /// The NB101 cells (pruned, as stored), zero-padded to 7 nodes.
    public init(nb101 cells: [NB101Cell]) {
        let space = NB101Space()
        self = try! Arch2VecGraphs(space: .nb101, dags: cells.map { space.graph($0) })
    }

    /// The NAS-Bench-Graph architectures as 6-node DAGs.
    public init(nbgraph cells: [NBGraphArchitecture]) {
        let space = NBGraphSpace()
        self = try! Arch2VecGraphs(space: .nbgraph, dags: cells.map { space.graph($0) })
    }

    /// Parses architecture strings of `space` (`NB201Space` / `NB101Space` / `NBGraphSpace` string forms) and encodes
    /// them; throws the space's `malformedArchitecture` error for a bad string.
    public init(space: Arch2VecSpace, architectures: [String]) throws {
        switch space {
        case .nb201:
            let s = NB201Space()
            self.init(nb201: try architectures.map { try s.parse($0) })
        case .nb101:
            let s = NB101Space()
            self.init(nb101: try architectures.map { try s.parse($0) })
        case .nbgraph:
            let s = NBGraphSpace()
            self.init(nbgraph: try architectures.map { try s.parse($0) })
        }
    }

    /// The graphs at `indices`, in that order.
    public func subset(_ indices: [Int]) -> Arch2VecGraphs {
        var out = self
        let n = nodes
        out.opColumns = []; out.opColumns.reserveCapacity(indices.count * n)
        out.adjacency = []; out.adjacency.reserveCapacity(indices.count * n * n)
        for g in indices {
            out.opColumns += opColumns[(g * n)..<((g + 1) * n)]
            out.adjacency += adjacency[(g * n * n)..<((g + 1) * n * n)]
        }
        return out
    }

    /// The one-hot op matrix of graph `g`, `[nodes][features]` (padding rows all zero).
    public func opsOneHot(_ g: Int) -> [[Float]] {
        (0..<nodes).map { v in
            let c = Int(opColumns[g * nodes + v])
            return (0..<features).map { $0 == c ? 1 : 0 }
        }
    }

    /// The symmetrised adjacency `A + triu(A, 1)^T` of graph `g`, `[nodes][nodes]`.
    public func symmetrisedAdjacency(_ g: Int) -> [[Float]] {
        let n = nodes
        return (0..<n).map { i in
            (0..<n).map { j in Float(adjacency[(g * n + min(i, j)) * n + max(i, j)]) }
        }
    }

    /// SHA-256 (hex) of the encoded graphs in order: identifies the training data in model files.
    public var checksum: String {
        var h = SHA256()
        h.update(Array(space.rawValue.utf8))
        opColumns.withUnsafeBytes { h.update(buffer: $0) }
        adjacency.withUnsafeBytes { h.update(buffer: $0) }
        return SHA256.hexString(h.finalize())
    }

    /// Model inputs for the graphs at `indices`: one-hot ops `[B n, F]`, symmetrised adjacency
    /// `[B, n, n]` and the reconstruction target `triu(A, 1)` `[B, n, n]`, as Float tensors.
    public func batch<C: Collection>(_ indices: C) -> Arch2VecBatch where C.Element == Int {
        let n = nodes, f = features, b = indices.count
        var ops = [Float](repeating: 0, count: b * n * f)
        var sym = [Float](repeating: 0, count: b * n * n)
        var upper = [Float](repeating: 0, count: b * n * n)
        for (k, g) in indices.enumerated() {
            for v in 0..<n {
                let c = Int(opColumns[g * n + v])
                if c >= 0 { ops[(k * n + v) * f + c] = 1 }
                for w in (v + 1)..<max(v + 1, n) where adjacency[(g * n + v) * n + w] != 0 {
                    upper[(k * n + v) * n + w] = 1
                    sym[(k * n + v) * n + w] = 1
                    sym[(k * n + w) * n + v] = 1
                }
            }
        }
        // Shapes are consistent by construction.
        return Arch2VecBatch(ops: try! Tensor(shape: [b * n, f], scalars: ops),
                             adjacency: try! Tensor(shape: [b, n, n], scalars: sym),
                             target: try! Tensor(shape: [b, n, n], scalars: upper))
    }
}

/// One batch of model inputs (see `Arch2VecGraphs.batch`).
public struct Arch2VecBatch: Sendable {
    /// One-hot ops `[B n, F]`.
    public let ops: Tensor<Float>
    /// Symmetrised adjacency `[B, n, n]` (encoder input).
    public let adjacency: Tensor<Float>
    /// Directed upper-triangular adjacency `[B, n, n]` (reconstruction target).
    public let target: Tensor<Float>

    public var graphs: Int { adjacency.shape[0] }
}
