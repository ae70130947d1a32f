import NASCore

/// The NAS-Bench-101 cell space (Ying et al. 2019): DAGs of at most 7 vertices and 9 edges with
/// ops conv3x3-bn-relu / conv1x1-bn-relu / maxpool3x3; 423,624 unique cells (by module hash).
///
/// String form: `<adjacency bits>:<ops>`, the row-major `n x n` adjacency as 0/1 characters, a
/// colon, then the `n` comma-separated op labels (short aliases conv3x3 / conv1x1 accepted), e.g.
/// `0110000:...` (see `example`). `key`: the official module hash (32 hex digits).
///
/// Sampling, mutation and neighbourhoods follow the nasbench / BANANAS reference code (see each
/// method). `graph` is the pruned cell with its op labels.
public struct NB101Space: SearchSpace, Hashable {
    public typealias Architecture = NB101Cell

    /// Number of vertices of the matrices that sampling draws (`NUM_VERTICES` in nasbench).
    public static let sampleVertices = 7
    /// Number of interior op spots of a 7-vertex matrix (`OP_SPOTS`).
    public static let opSpots = 5

    /// An example string (a 5-vertex cell).
    public static let example = "0110000011000010000100000:input,conv3x3-bn-relu,conv1x1-bn-relu,maxpool3x3,output"

    public init() {}

    public var name: String { "nb101" }

    public func format(_ arch: NB101Cell) -> String {
        let n = arch.vertexCount
        var bits = ""
        for i in 0..<n { for j in 0..<n { bits += arch.hasEdge(i, j) ? "1" : "0" } }
        return bits + ":" + arch.ops.map(\.name).joined(separator: ",")
    }

    public func key(_ arch: NB101Cell) -> String { arch.hash.hex }

    /// True when `(matrix, ops)` is a valid cell after pruning (nasbench `is_valid`).
    public static func isValid(matrix: [[Int]], ops: [NB101Op]) -> Bool {
        (try? NB101Cell(matrix: matrix, ops: ops)) != nil
    }

    /// A random 7-vertex spec as nasbench's `random_spec`: every upper-triangular entry is 0 or 1
    /// with probability 1/2, every interior op uniform over the three ops; redrawn until valid.
    /// (Uniform over the 7-vertex encodings, not over the 423,624 unique cells.)
    public func sample<G: RandomNumberGenerator>(using rng: inout G) -> NB101Cell {
        let n = NB101Space.sampleVertices
        while true {
            var adj = [Bool](repeating: false, count: n * n)
            let r = rng.next()
            var b = 0
            for i in 0..<(n - 1) { for j in (i + 1)..<n { adj[i * n + j] = (r >> UInt64(b)) & 1 == 1; b += 1 } }
            var ops: [NB101Op] = [.input]
            for _ in 1..<(n - 1) { ops.append(NB101Op.interior[Int(rng.next() % 3)]) }
            ops.append(.output)
            if let cell = NB101Space.validCell(vertexCount: n, adjacency: adj, ops: ops) { return cell }
        }
    }

    /// One mutation as nasbench's `mutate_spec` / BANANAS `Cell.mutate` (mutation rate 1): the
    /// cell is padded to 7 vertices (a pruned cell with n < 7 vertices gets 7 - n disconnected
    /// vertices before the output, with uniformly random ops, standing in for the pruned-away
    /// vertices the reference code keeps), then every upper-triangular entry is flipped with
    /// probability 1/7 and every interior op is changed, with probability 1/5, to a uniformly
    /// chosen different op; retried until the result is valid and has a different hash.
    public func mutate<G: RandomNumberGenerator>(_ arch: NB101Cell, using rng: inout G) -> NB101Cell {
        let n = NB101Space.sampleVertices
        let edgeP = 1.0 / Double(n)
        let opP = 1.0 / Double(NB101Space.opSpots)
        while true {
            var (adj, ops) = padded(arch, using: &rng)
            for i in 0..<(n - 1) {
                for j in (i + 1)..<n where rng.uniform() < edgeP { adj[i * n + j].toggle() }
            }
            for v in 1..<(n - 1) where rng.uniform() < opP {
                let old = ops[v].rawValue
                var new = Int(rng.next() % 2)
                if new >= old { new += 1 }
                ops[v] = NB101Op(rawValue: new)!
            }
            if let cell = NB101Space.validCell(vertexCount: n, adjacency: adj, ops: ops), cell.hash != arch.hash {
                return cell
            }
        }
    }

    /// All valid cells one elementary change away from `arch` (BANANAS `get_neighborhood`): each
    /// interior op changed to each other op, and each upper-triangular entry of the pruned
    /// adjacency flipped; invalid results dropped, duplicates (same hash) and `arch` itself removed.
    /// Order: op changes (vertex-major), then edge flips (row-major).
    public func neighbours(of arch: NB101Cell) -> [NB101Cell] {
        let n = arch.vertexCount
        var adj = [Bool](repeating: false, count: n * n)
        for i in 0..<n { for j in 0..<n { adj[i * n + j] = arch.hasEdge(i, j) } }
        let ops = arch.ops
        var seen: Set<MD5Digest> = [arch.hash]
        var out: [NB101Cell] = []
        func consider(_ a: [Bool], _ o: [NB101Op]) {
            if let c = NB101Space.validCell(vertexCount: n, adjacency: a, ops: o), seen.insert(c.hash).inserted {
                out.append(c)
            }
        }
        for v in 1..<max(1, n - 1) {
            for op in NB101Op.interior where op != ops[v] {
                var o = ops
                o[v] = op
                consider(adj, o)
            }
        }
        for i in 0..<(n - 1) {
            for j in (i + 1)..<n {
                var a = adj
                a[i * n + j].toggle()
                consider(a, ops)
            }
        }
        return out
    }

    /// The pruned cell: labels are the official op names.
    public func graph(_ arch: NB101Cell) -> LabelledDAG {
        let n = arch.vertexCount
        var adj = [Bool](repeating: false, count: n * n)
        for i in 0..<n { for j in 0..<n { adj[i * n + j] = arch.hasEdge(i, j) } }
        return LabelledDAG(nodeCount: n, adjacency: adj, labels: arch.ops.map(\.name))
    }

    /// `{"space":"nb101","hash":...,"arch":...,"matrix":[[...]],"ops":[...]}`.
    public func json(_ arch: NB101Cell) -> String {
        let m = arch.matrix.map { "[" + $0.map(String.init).joined(separator: ",") + "]" }.joined(separator: ",")
        let ops = arch.ops.map { "\"\($0.name)\"" }.joined(separator: ",")
        return "{\"space\":\"nb101\",\"hash\":\"\(arch.hash.hex)\",\"arch\":\"\(format(arch))\",\"matrix\":[\(m)],\"ops\":[\(ops)]}"
    }

    // MARK: helpers

    /// The cell for a raw spec, or nil when it is invalid (no throwing, no error text: hot path).
    static func validCell(vertexCount n: Int, adjacency: [Bool], ops: [NB101Op]) -> NB101Cell? {
        guard let kept = NB101Cell.verticesOnPaths(vertexCount: n, adjacency: adjacency) else { return nil }
        let m = kept.count
        guard m <= NB101Cell.maxVertices else { return nil }
        var bits: UInt64 = 0
        var opBits: UInt16 = 0
        for a in 0..<m {
            for b in (a + 1)..<max(a + 1, m) where adjacency[kept[a] * n + kept[b]] { bits |= 1 << UInt64(a * 8 + b) }
            if a > 0 && a < m - 1 { opBits |= UInt16(ops[kept[a]].rawValue) << UInt16(2 * (a - 1)) }
        }
        guard bits.nonzeroBitCount <= NB101Cell.maxEdges else { return nil }
        return NB101Cell(prunedVertexCount: m, adjacencyBits: bits, opBits: opBits)
    }

    /// `arch` as a 7-vertex raw spec: disconnected vertices with random ops inserted before the output.
    func padded<G: RandomNumberGenerator>(_ arch: NB101Cell, using rng: inout G) -> ([Bool], [NB101Op]) {
        let n = NB101Space.sampleVertices
        let m = arch.vertexCount
        var adj = [Bool](repeating: false, count: n * n)
        // Old vertex v keeps index v, except the output which moves to n - 1.
        func map(_ v: Int) -> Int { v == m - 1 ? n - 1 : v }
        for i in 0..<m { for j in 0..<m where arch.hasEdge(i, j) { adj[map(i) * n + map(j)] = true } }
        var ops = [NB101Op](repeating: .conv3x3, count: n)
        for v in 0..<m { ops[map(v)] = arch.op(v) }
        for v in (m - 1)..<(n - 1) { ops[v] = NB101Op.interior[Int(rng.next() % 3)] }
        return (adj, ops)
    }

    static func malformed(_ text: String, _ reason: String) -> NaswiftError {
        NaswiftError.malformedArchitecture(text, space: "nb101", reason: reason, example: example)
    }
}
