import NASCore

/// One NAS-Bench-101 cell, always pruned and valid: at most 7 vertices (vertex 0 `input`, the last
/// `output`, interior vertices `conv3x3-bn-relu` / `conv1x1-bn-relu` / `maxpool3x3`), at most 9
/// edges, an upper-triangular adjacency, and every vertex on an input-to-output path.
///
/// Identity is the official module hash: two cells are equal exactly when nasbench would store them
/// under the same hash (isomorphic cells are one architecture), whatever vertex order they were
/// written in. The stored adjacency and ops are one representative.
public struct NB101Cell: Hashable, Sendable, CustomStringConvertible {
    public static let maxVertices = 7
    public static let maxEdges = 9

    /// Number of vertices (2...7).
    public let vertexCount: Int
    /// Adjacency bits: bit `i * 8 + j` set when there is an edge i -> j.
    @usableFromInline let adjacencyBits: UInt64
    /// Interior op labels (0, 1, 2), 2 bits per vertex: vertex v (1..n-2) at bits 2(v-1).
    @usableFromInline let opBits: UInt16
    /// The official module hash.
    public let hash: MD5Digest

    /// Builds a cell from raw parts already known to be pruned and valid; computes the hash.
    init(prunedVertexCount n: Int, adjacencyBits: UInt64, opBits: UInt16) {
        self.vertexCount = n
        self.adjacencyBits = adjacencyBits
        self.opBits = opBits
        self.hash = NB101Hash.moduleHash(vertexCount: n, adjacencyBits: adjacencyBits, opBits: opBits)
    }

    /// Builds a cell from raw parts and a hash computed elsewhere (enumeration).
    init(prunedVertexCount n: Int, adjacencyBits: UInt64, opBits: UInt16, hash: MD5Digest) {
        self.vertexCount = n
        self.adjacencyBits = adjacencyBits
        self.opBits = opBits
        self.hash = hash
    }

    /// A cell from an adjacency matrix (`matrix[i][j]` is 0 or 1, edge i -> j) and one op per
    /// vertex, pruned as the nasbench `ModelSpec` does (vertices not on an input-to-output path are
    /// removed) and then checked as `NASBench.is_valid` does.
    ///
    /// Throws `malformedArchitecture` saying what is wrong: shape mismatch, entries other than 0/1,
    /// an adjacency that is not upper-triangular, misplaced input/output ops, no input-to-output
    /// path, or more than 7 vertices / 9 edges after pruning.
    public init(matrix: [[Int]], ops: [NB101Op]) throws {
        let text = NB101Cell.describe(matrix: matrix, ops: ops)
        let n = matrix.count
        guard matrix.allSatisfy({ $0.count == n }) else {
            throw NB101Space.malformed(text, "the adjacency matrix is not square")
        }
        var flat: [Bool] = []
        flat.reserveCapacity(n * n)
        for (i, row) in matrix.enumerated() {
            for (j, v) in row.enumerated() {
                guard v == 0 || v == 1 else {
                    throw NB101Space.malformed(text, "adjacency entry (\(i), \(j)) is \(v); entries must be 0 or 1")
                }
                flat.append(v == 1)
            }
        }
        self = try NB101Cell(vertexCount: n, adjacency: flat, ops: ops, text: text)
    }

    /// As `init(matrix:ops:)`, with a row-major flattened `n x n` adjacency.
    public init(vertexCount n: Int, adjacency: [Bool], ops: [NB101Op]) throws {
        try self.init(vertexCount: n, adjacency: adjacency, ops: ops,
                      text: NB101Cell.describe(vertexCount: n, adjacency: adjacency, ops: ops))
    }

    init(vertexCount n: Int, adjacency: [Bool], ops: [NB101Op], text: String) throws {
        guard adjacency.count == n * n else {
            throw NB101Space.malformed(text, "the adjacency has \(adjacency.count) entries; \(n) ops need \(n)x\(n) = \(n * n)")
        }
        guard ops.count == n else {
            throw NB101Space.malformed(text, "\(ops.count) ops for \(n) vertices")
        }
        guard n >= 2 else { throw NB101Space.malformed(text, "a cell needs at least the input and output vertices") }
        for i in 0..<n {
            for j in 0...i where adjacency[i * n + j] {
                throw NB101Space.malformed(text, "the adjacency is not upper-triangular: entry (\(i), \(j)) is 1 (edges must go from a lower to a higher vertex)")
            }
        }
        guard ops[0] == .input else { throw NB101Space.malformed(text, "vertex 0 must be 'input', found '\(ops[0].name)'") }
        guard ops[n - 1] == .output else {
            throw NB101Space.malformed(text, "the last vertex must be 'output', found '\(ops[n - 1].name)'")
        }
        for v in 1..<(n - 1) where ops[v] == .input || ops[v] == .output {
            throw NB101Space.malformed(text, "interior vertex \(v) is '\(ops[v].name)'; interior ops are conv3x3-bn-relu, conv1x1-bn-relu, maxpool3x3")
        }
        guard let kept = NB101Cell.verticesOnPaths(vertexCount: n, adjacency: adjacency) else {
            throw NB101Space.malformed(text, "there is no path from input to output")
        }
        let m = kept.count
        var edges = 0
        for a in 0..<m { for b in 0..<m where adjacency[kept[a] * n + kept[b]] { edges += 1 } }
        guard m <= NB101Cell.maxVertices else {
            throw NB101Space.malformed(text, "\(m) vertices after pruning; at most \(NB101Cell.maxVertices) are allowed")
        }
        guard edges <= NB101Cell.maxEdges else {
            throw NB101Space.malformed(text, "too many edges: \(edges) after pruning; at most \(NB101Cell.maxEdges) are allowed")
        }
        var bits: UInt64 = 0
        var opBits: UInt16 = 0
        for a in 0..<m {
            for b in 0..<m where adjacency[kept[a] * n + kept[b]] { bits |= 1 << UInt64(a * 8 + b) }
            if a > 0 && a < m - 1 { opBits |= UInt16(ops[kept[a]].rawValue) << UInt16(2 * (a - 1)) }
        }
        self.init(prunedVertexCount: m, adjacencyBits: bits, opBits: opBits)
    }

    /// The vertices (in order) that lie on some input-to-output path, or nil when the output is not
    /// reachable from the input (the nasbench `ModelSpec` then marks the spec invalid).
    public static func verticesOnPaths(vertexCount n: Int, adjacency: [Bool]) -> [Int]? {
        var fromInput = [Bool](repeating: false, count: n)
        fromInput[0] = true
        for j in 1..<n { for i in 0..<j where fromInput[i] && adjacency[i * n + j] { fromInput[j] = true; break } }
        guard fromInput[n - 1] else { return nil }
        var toOutput = [Bool](repeating: false, count: n)
        toOutput[n - 1] = true
        for i in stride(from: n - 2, through: 0, by: -1) {
            for j in (i + 1)..<n where toOutput[j] && adjacency[i * n + j] { toOutput[i] = true; break }
        }
        return (0..<n).filter { fromInput[$0] && toOutput[$0] }
    }

    /// True when there is an edge i -> j.
    @inlinable
    public func hasEdge(_ i: Int, _ j: Int) -> Bool { adjacencyBits >> UInt64(i * 8 + j) & 1 == 1 }

    /// The op of vertex `v`.
    public func op(_ v: Int) -> NB101Op {
        if v == 0 { return .input }
        if v == vertexCount - 1 { return .output }
        return NB101Op(rawValue: Int(opBits >> UInt16(2 * (v - 1)) & 3))!
    }

    /// The ops of all vertices, input first, output last.
    public var ops: [NB101Op] { (0..<vertexCount).map(op) }

    /// The adjacency matrix (`matrix[i][j]` is 1 for an edge i -> j).
    public var matrix: [[Int]] {
        (0..<vertexCount).map { i in (0..<vertexCount).map { j in hasEdge(i, j) ? 1 : 0 } }
    }

    /// Number of edges.
    public var edgeCount: Int { adjacencyBits.nonzeroBitCount }

    /// The module hash as 32 lowercase hex digits (the nasbench key).
    public var hashString: String { hash.hex }

    public static func == (a: NB101Cell, b: NB101Cell) -> Bool { a.hash == b.hash }
    public func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    /// The string form `<adjacency bits>:<ops>`.
    public var description: String { NB101Space().format(self) }

    static func describe(matrix: [[Int]], ops: [NB101Op]) -> String {
        matrix.map { $0.map(String.init).joined() }.joined() + ":" + ops.map(\.name).joined(separator: ",")
    }

    static func describe(vertexCount n: Int, adjacency: [Bool], ops: [NB101Op]) -> String {
        String(adjacency.map { $0 ? "1" : "0" }) + ":" + ops.map(\.name).joined(separator: ",")
    }
}
