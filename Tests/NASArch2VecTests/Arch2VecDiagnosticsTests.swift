import Testing
import NASCore
import NASSpaces
import NASTensor
@testable import NASArch2Vec

@Suite struct Arch2VecDiagnosticsTests {
    @Test func nb201DecodingValidityIsDecidedByTheOps() {
        let n = 8
        let noEdges = [Bool](repeating: false, count: n * n)
        // input, 3x3, none, skip, pool, 1x1, none, output -> the cell of the graphs test
        let key = Arch2VecDiagnostics.decodedCellKey(space: .nb201, opColumns: [0, 2, 5, 4, 3, 1, 5, 6], upper: noEdges)
        #expect(key == "|nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|none~2|")
        // node 1 decoded as input, node 7 not output, first node not input: invalid
        #expect(Arch2VecDiagnostics.decodedCellKey(space: .nb201, opColumns: [0, 0, 5, 4, 3, 1, 5, 6], upper: noEdges) == nil)
        #expect(Arch2VecDiagnostics.decodedCellKey(space: .nb201, opColumns: [0, 2, 5, 4, 3, 1, 5, 5], upper: noEdges) == nil)
        #expect(Arch2VecDiagnostics.decodedCellKey(space: .nb201, opColumns: [1, 2, 5, 4, 3, 1, 5, 6], upper: noEdges) == nil)
        #expect(Arch2VecDiagnostics.decodedCellKey(space: .nb201, opColumns: [0, 2, 5, 4, 3, 6, 5, 6], upper: noEdges) == nil)
    }

    /// Every one of the 26,206 NAS-Bench-Graph cells decodes from its own graph input back to its
    /// package hash, and the decoding is judged like the package judges cells.
    @Test func nbgraphDecodingRoundTripsEveryCell() throws {
        let cells = NBGraphSpace.all
        let g = Arch2VecGraphs(nbgraph: cells)
        let n = 6
        for (i, cell) in cells.enumerated() {
            let cols = (0..<n).map { Int(g.opColumns[i * n + $0]) }
            let upper = (0..<(n * n)).map { g.adjacency[i * n * n + $0] != 0 }
            let key = Arch2VecDiagnostics.decodedCellKey(space: .nbgraph, opColumns: cols, upper: upper)
            guard key == NBGraphSpace().key(cell) else {
                Issue.record("cell \(NBGraphSpace().format(cell)) decodes to \(key ?? "nil")")
                return
            }
        }
    }

    @Test func nbgraphDecodingValidity() {
        let n = 6
        func upper(_ edges: [(Int, Int)]) -> [Bool] {
            var u = [Bool](repeating: false, count: n * n)
            for (i, j) in edges { u[i * n + j] = true }
            return u
        }
        func key(_ cols: [Int], _ edges: [(Int, Int)]) -> String? {
            Arch2VecDiagnostics.decodedCellKey(space: .nbgraph, opColumns: cols, upper: upper(edges))
        }
        // links 0,0,1,1 (nodes 3 and 4 both read node 1; leaves 2, 3, 4), ops gcn, gat, sage, gin:
        // the benchmark stores nodes 3 and 4 sorted by op, so both orders are one cell
        let branches = [(0, 1), (0, 2), (1, 3), (1, 4), (2, 5), (3, 5), (4, 5)]
        let a = key([0, 2, 1, 5, 3, 10], branches), b = key([0, 2, 1, 3, 5, 10], branches)
        #expect(a != nil && a == b)
        #expect(NBGraphSpace.all.map { NBGraphSpace().key($0) }.contains(a ?? ""))
        // node 3 with two inputs; the output missing leaf 4; the output reading node 1 (not a leaf);
        // node 2 decoded as output; the first node not input; all four ops skip
        #expect(key([0, 2, 1, 5, 3, 10], [(0, 1), (0, 2), (1, 3), (2, 3), (1, 4), (2, 5), (3, 5), (4, 5)]) == nil)
        #expect(key([0, 2, 1, 5, 3, 10], [(0, 1), (0, 2), (1, 3), (1, 4), (2, 5), (3, 5)]) == nil)
        #expect(key([0, 2, 1, 5, 3, 10], branches + [(1, 5)]) == nil)
        #expect(key([0, 2, 10, 5, 3, 10], branches) == nil)
        #expect(key([1, 2, 1, 5, 3, 10], branches) == nil)
        #expect(key([0, 9, 9, 9, 9, 10], branches) == nil)
        #expect(key([0, 9, 9, 9, 8, 10], branches) != nil)
    }

    @Test func nb101DecodingValidityFollowsNasbench() throws {
        let n = 7
        func upper(_ edges: [(Int, Int)]) -> [Bool] {
            var u = [Bool](repeating: false, count: n * n)
            for (i, j) in edges { u[i * n + j] = true }
            return u
        }
        // 7-vertex chain input -> conv3x3 -> conv1x1 -> maxpool -> conv3x3 -> conv3x3 -> output
        let chain = upper([(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 6)])
        let cols = [0, 2, 1, 3, 2, 2, 4]
        let key = try #require(Arch2VecDiagnostics.decodedCellKey(space: .nb101, opColumns: cols, upper: chain))
        let cell = try NB101Space().parse(
            "0100000001000000010000000100000001000000010000000:input,conv3x3,conv1x1,maxpool3x3,conv3x3,conv3x3,output")
        #expect(key == cell.hashString)
        // a dangling vertex (no path through it) is pruned, as nasbench does: vertex 5 has no out edge
        let pruned = Arch2VecDiagnostics.decodedCellKey(space: .nb101, opColumns: cols,
                                                        upper: upper([(0, 1), (1, 2), (2, 3), (3, 4), (4, 6), (4, 5)]))
        #expect(pruned != nil && pruned != key)
        // no path to the output
        #expect(Arch2VecDiagnostics.decodedCellKey(space: .nb101, opColumns: cols, upper: upper([(0, 1), (1, 2)])) == nil)
        // a padding row decoded as 'input' in the last position: the output is missing
        #expect(Arch2VecDiagnostics.decodedCellKey(space: .nb101, opColumns: [0, 2, 1, 3, 4, 0, 0], upper: chain) == nil)
        // an interior 'output'
        #expect(Arch2VecDiagnostics.decodedCellKey(space: .nb101, opColumns: [0, 4, 1, 3, 2, 2, 4], upper: chain) == nil)
        // more than 9 edges
        var dense: [(Int, Int)] = []
        for i in 0..<n { for j in (i + 1)..<n { dense.append((i, j)) } }
        #expect(Arch2VecDiagnostics.decodedCellKey(space: .nb101, opColumns: cols, upper: upper(dense)) == nil)
    }

    @Test func validityAndUniquenessRatios() {
        let r = Arch2VecDiagnostics.validityAndUniqueness(["a", nil, "b", "a", nil, "a", "c", nil])
        #expect(r.validity == 5.0 / 8.0)
        #expect(r.uniqueness == 3.0 / 5.0)
        let none = Arch2VecDiagnostics.validityAndUniqueness([nil, nil])
        #expect(none.validity == 0 && none.uniqueness == 0)
    }

    @Test func reconstructionCountsByHand() throws {
        // 1 graph, 3 nodes, 2 features
        let ops = try Tensor<Float>(shape: [3, 2], scalars: [1, 0, 0, 1, 0, 0])
        let opsRecon = try Tensor<Float>(shape: [3, 2], scalars: [0.9, 0.2, 0.6, 0.4, 0.1, 0.1])   // row 1 wrong; row 2 tie -> column 0 = padding argmax
        let target = try Tensor<Float>(shape: [1, 3, 3], scalars: [0, 1, 0, 0, 0, 1, 0, 0, 0])
        let adjRecon = try Tensor<Float>(shape: [1, 3, 3], scalars: [0.9, 0.7, 0.6, 0.9, 0.9, 0.4, 0.9, 0.9, 0.9])
        let c = Arch2VecDiagnostics.reconstruction(opsRecon: opsRecon, ops: ops, adjRecon: adjRecon, target: target)
        #expect(c.opRowsCorrect == 2 && c.opRows == 3)
        #expect(c.realRowsCorrect == 1 && c.realRows == 2 && c.realNodeOpAccuracy == 0.5)   // the padding row is not a node
        // upper entries (0,1) 0.7 vs 1 ok, (0,2) 0.6 vs 0 wrong, (1,2) 0.4 vs 1 wrong; the lower triangle is ignored
        #expect(c.adjacencyCorrect == 1 && c.adjacencyEntries == 3)
        #expect(c.realAdjacencyCorrect == 1 && c.realAdjacencyEntries == 1)   // only (0, 1) joins two real nodes
    }
}
