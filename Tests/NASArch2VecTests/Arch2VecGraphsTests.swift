import Testing
import NASCore
import NASSpaces
@testable import NASArch2Vec

@Suite struct Arch2VecGraphsTests {
    /// `|nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|none~2|`, checked by hand
    /// against METHODS §0.3 (line graph) and the one-hot order input, 1x1, 3x3, pool, skip, none, output.
    @Test func nb201CellIsTheLineGraphWithSevenWayOneHot() throws {
        let arch = "|nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|none~2|"
        let g = try Arch2VecGraphs(space: .nb201, architectures: [arch])
        #expect(g.count == 1 && g.nodes == 8 && g.features == 7)
        // node: input, e1 3x3, e2 none, e3 skip, e4 pool, e5 1x1, e6 none, output
        let expectedColumns = [0, 2, 5, 4, 3, 1, 5, 6]
        let oneHot = g.opsOneHot(0)
        for (v, c) in expectedColumns.enumerated() {
            #expect(oneHot[v] == (0..<7).map { $0 == c ? Float(1) : 0 }, "node \(v)")
        }
        let sym = g.symmetrisedAdjacency(0)
        let edges: Set<[Int]> = [[0, 1], [0, 2], [0, 4], [1, 3], [1, 5], [2, 6], [3, 6], [4, 7], [5, 7], [6, 7]]
        for i in 0..<8 {
            for j in 0..<8 {
                let e = edges.contains([min(i, j), max(i, j)]) && i != j
                #expect(sym[i][j] == (e ? 1 : 0), "A~[\(i)][\(j)]")
            }
        }
        // the stored adjacency is directed (upper triangle only); the batch target is triu(A, 1)
        let b = g.batch([0])
        #expect(b.target.scalars.reduce(0, +) == 10)
        #expect(b.adjacency.scalars.reduce(0, +) == 20)
        for i in 0..<8 { for j in 0...i { #expect(b.target[0, i, j] == 0) } }
        #expect(b.ops.shape == [8, 7] && b.adjacency.shape == [1, 8, 8])
    }

    /// A NAS-Bench-Graph cell is its 6-node DAG (input, the four operations each reading its input,
    /// output reading every node nobody reads) with the 11-way one-hot input, gat, gcn, gin, cheb,
    /// sage, arma, graph, fc, skip, output; checked by hand.
    @Test func nbgraphCellIsItsDAGWithElevenWayOneHot() throws {
        // node 1 gat reads the input, node 2 gcn reads the input, node 3 sage reads node 1, node 4 gin reads node 2
        let g = try Arch2VecGraphs(space: .nbgraph, architectures: [NBGraphSpace.example])
        #expect(NBGraphSpace.example == "gat~0|gcn~0|sage~1|gin~2")
        #expect(g.count == 1 && g.nodes == 6 && g.features == 11)
        let expectedColumns = [0, 1, 2, 5, 3, 10]
        for (v, c) in expectedColumns.enumerated() {
            #expect(g.opsOneHot(0)[v] == (0..<11).map { $0 == c ? Float(1) : 0 }, "node \(v)")
        }
        let edges: Set<[Int]> = [[0, 1], [0, 2], [1, 3], [2, 4], [3, 5], [4, 5]]
        let sym = g.symmetrisedAdjacency(0)
        for i in 0..<6 {
            for j in 0..<6 { #expect(sym[i][j] == (edges.contains([min(i, j), max(i, j)]) && i != j ? 1 : 0), "A~[\(i)][\(j)]") }
        }
        #expect(g.batch([0]).target.scalars.reduce(0, +) == 6)
        // the whole space: 26,206 graphs, keyed by the package hash
        let whole = Arch2VecSpace.nbgraph.wholeSpace()
        #expect(whole.graphs.count == 26_206 && Arch2VecSpace.nbgraph.cellCount == 26_206)
        #expect(whole.keys.count == Set(whole.keys).count)
        #expect(try NBGraphSpace().architecture(forKey: whole.keys[7]) == NBGraphSpace().parse(whole.architectures[7]))
    }

    /// A 5-vertex NB101 cell is zero-padded to 7 x 7 after the output vertex; the 5-way one-hot is
    /// input, conv1x1, conv3x3, maxpool3x3, output.
    @Test func nb101CellIsZeroPaddedToSevenNodes() throws {
        // 0 -> 1, 0 -> 2, 1 -> 3, 2 -> 3, 3 -> 4 ; ops input, conv3x3, conv1x1, maxpool, output
        let arch = "0110000010000100000100000:input,conv3x3-bn-relu,conv1x1-bn-relu,maxpool3x3,output"
        let g = try Arch2VecGraphs(space: .nb101, architectures: [arch])
        #expect(g.nodes == 7 && g.features == 5)
        let oneHot = g.opsOneHot(0)
        #expect(oneHot[0] == [1, 0, 0, 0, 0])
        #expect(oneHot[1] == [0, 0, 1, 0, 0])
        #expect(oneHot[2] == [0, 1, 0, 0, 0])
        #expect(oneHot[3] == [0, 0, 0, 1, 0])
        #expect(oneHot[4] == [0, 0, 0, 0, 1])
        #expect(oneHot[5] == [0, 0, 0, 0, 0] && oneHot[6] == [0, 0, 0, 0, 0])
        let expected: [[Float]] = [
            [0, 1, 1, 0, 0, 0, 0],
            [1, 0, 0, 1, 0, 0, 0],
            [1, 0, 0, 1, 0, 0, 0],
            [0, 1, 1, 0, 1, 0, 0],
            [0, 0, 0, 1, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 0, 0],
        ]
        #expect(g.symmetrisedAdjacency(0) == expected)
        // a full 7-vertex cell has no padding
        let full = try Arch2VecGraphs(space: .nb101, architectures: [
            "0100000001000000010000000100000001000000010000000:input,conv3x3,conv3x3,conv1x1,maxpool3x3,conv1x1,output",
        ])
        #expect(full.opColumns.allSatisfy { $0 >= 0 })
        #expect(full.opsOneHot(0)[6] == [0, 0, 0, 0, 1])
    }

    @Test func badInputIsRejectedWithTheSpaceError() {
        #expect(throws: NaswiftError.self) { try Arch2VecGraphs(space: .nb201, architectures: ["|nor_conv_3x3~0|"]) }
        #expect(throws: NaswiftError.self) { try Arch2VecGraphs(space: .nb101, architectures: [NB201Space.example]) }
        #expect(throws: NaswiftError.self) { try Arch2VecSpace.named("darts") }
        let big = LabelledDAG(nodeCount: 9, edges: [(0, 8)], labels: Array(repeating: "input", count: 9))
        #expect(throws: NaswiftError.self) { try Arch2VecGraphs(space: .nb201, dags: [big]) }
    }

    @Test func wholeNB201SpaceIsEncodedOnceEach() {
        let all = Arch2VecSpace.nb201.wholeSpace()
        #expect(all.graphs.count == 15_625)
        #expect(Set(all.architectures).count == 15_625)
        #expect(all.graphs.checksum == Arch2VecSpace.nb201.wholeSpace().graphs.checksum)
        #expect(all.graphs.subset([1, 0]).checksum != all.graphs.subset([0, 1]).checksum)
    }
}
