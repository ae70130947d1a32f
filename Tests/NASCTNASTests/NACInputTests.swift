import NASCore
import NASSpaces
import Testing
@testable import NASCTNAS

/// The NAC inputs (METHODS §4.1 and §0.3): op ids and transposed, zero-padded adjacency.
@Suite struct NACInputTests {
    /// Every real NB101 cell: ids follow the reference's table (dummy 0, input 1, conv1x1 2,
    /// conv3x3 3, maxpool 4, output 5), padding rows are dummy with no edges, and row i of the
    /// transposed adjacency lists the predecessors of vertex i.
    @Test func nb101CellsUseTheReferenceIdsAndTransposedAdjacency() throws {
        let (graphs, _, cells) = try Fixtures.nb101()
        let id: [NB101Op: UInt8] = [.input: 1, .conv1x1: 2, .conv3x3: 3, .maxpool3x3: 4, .output: 5]
        var padded = 0
        for (g, cell) in zip(graphs, cells) {
            let n = cell.vertexCount
            #expect(g.ops == cell.ops.map { id[$0]! } + [UInt8](repeating: 0, count: 7 - n))
            for i in 0..<7 { for j in 0..<7 {
                let edge = i < n && j < n && cell.hasEdge(j, i)
                #expect(g.transposedAdjacency[i * 7 + j] == (edge ? 1 : 0))
            } }
            if n < 7 { padded += 1 }
        }
        #expect(padded > 100)   // a real share of the cells has fewer than 7 vertices
    }

    /// NB201 as the 8-node line graph: node k = edge e_k labelled by its op.
    @Test func nb201CellIsTheLineGraph() throws {
        let space = NB201Space()
        let cell = try space.parse("|nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|skip_connect~2|")
        let g = try NACEncoding(space: space).code(cell)
        // dummy 0, input 1, none 2, skip 3, conv1x1 4, conv3x3 5, avg_pool 6, output 7
        #expect(g.ops == [1, 5, 2, 3, 6, 4, 3, 7])
        var predecessors: [[Int]] = []
        for i in 0..<8 { predecessors.append((0..<8).filter { g.transposedAdjacency[i * 8 + $0] == 1 }) }
        #expect(predecessors == [[], [0], [0], [1], [0], [1], [2, 3], [4, 5, 6]])
    }

    @Test func unsupportedSpacesAndForeignGraphsAreClearErrors() throws {
        #expect { try NACVocabulary.named("natsss") } throws: { "\($0)".contains("nb101, nb201, nbgraph") }
        let v = try NACVocabulary.named("nb101")
        let eight = LabelledDAG(nodeCount: 8, edges: [(0, 7)], labels: ["input"] + Array(repeating: "conv3x3-bn-relu", count: 6) + ["output"])
        #expect { try v.graph(eight) } throws: { "\($0)".contains("8 nodes") }
        let badLabel = LabelledDAG(nodeCount: 3, edges: [(0, 1), (1, 2)], labels: ["input", "avg_pool_3x3", "output"])
        #expect { try v.graph(badLabel) } throws: { "\($0)".contains("avg_pool_3x3") }
        var nac = try NACComparator(vocabulary: v, seed: 0)
        #expect(throws: NaswiftError.self) { try nac.fit() }
        var rng = SeededGenerator(seed: 3)
        let nb201 = try NACEncoding(space: NB201Space()).code(NB201Space().sample(using: &rng))
        #expect { try nac.append(nb201, value: 1) } throws: { "\($0)".contains("not a nb101 NAC input") }
    }
}

