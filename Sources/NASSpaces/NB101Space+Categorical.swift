/// NB101 as nasbench's `random_spec` draws a cell: 21 edge bits `edge_i_j` (0/1, the upper
/// triangle of the 7 x 7 adjacency, row-major) and 5 interior ops `op1`...`op5` (conv3x3-bn-relu,
/// conv1x1-bn-relu, maxpool3x3). A vector is pruned and checked as `NB101Cell` does; invalid
/// specs (no input-output path, more than 9 edges after pruning) are no architecture.
///
/// `categoricalValues` writes a pruned cell of n < 7 vertices with its output moved to vertex 6
/// and vertices n-1...5 disconnected (the padding of `mutate`); their ops are `nil` (they do not
/// matter for the cell).
extension NB101Space: CategoricalSpace {
    static let categoricalEdges: [(Int, Int)] = {
        let n = NB101Space.sampleVertices
        return (0..<(n - 1)).flatMap { i in ((i + 1)..<n).map { (i, $0) } }
    }()

    public var categoricalParameters: [CategoricalParameter] {
        NB101Space.categoricalEdges.map { CategoricalParameter("edge_\($0.0)_\($0.1)", choices: ["0", "1"]) }
            + (1...NB101Space.opSpots).map { CategoricalParameter("op\($0)", choices: NB101Op.interior.map(\.name)) }
    }

    public func architecture(categorical values: [Int]) -> NB101Cell? {
        let edges = NB101Space.categoricalEdges
        let n = NB101Space.sampleVertices
        guard values.count == edges.count + NB101Space.opSpots else { return nil }
        var adj = [Bool](repeating: false, count: n * n)
        for (k, (i, j)) in edges.enumerated() {
            guard values[k] == 0 || values[k] == 1 else { return nil }
            adj[i * n + j] = values[k] == 1
        }
        var ops: [NB101Op] = [.input]
        for v in values[edges.count...] {
            guard (0..<3).contains(v) else { return nil }
            ops.append(NB101Op.interior[v])
        }
        ops.append(.output)
        return NB101Space.validCell(vertexCount: n, adjacency: adj, ops: ops)
    }

    public func categoricalValues(_ arch: NB101Cell) -> [Int?] {
        let n = NB101Space.sampleVertices
        let m = arch.vertexCount
        func old(_ v: Int) -> Int? { v == n - 1 ? m - 1 : (v < m - 1 ? v : nil) }
        var out: [Int?] = NB101Space.categoricalEdges.map { i, j in
            guard let a = old(i), let b = old(j) else { return 0 }
            return arch.hasEdge(a, b) ? 1 : 0
        }
        for v in 1...NB101Space.opSpots { out.append(old(v).map { arch.op($0).rawValue }) }
        return out
    }
}
