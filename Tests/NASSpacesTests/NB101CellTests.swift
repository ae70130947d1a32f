import Foundation
import NASCore
import Testing
@testable import NASSpaces

@Suite("NB101 cells: pruning, validity, errors, mutation, path encoding")
struct NB101CellTests {
    let space = NB101Space()

    @Test("pruning removes vertices not on an input-to-output path")
    func pruning() throws {
        // 0->1->4, 0->2 (2 is a dead end), 3->4 (3 is unreachable from the input).
        let m = [[0, 1, 1, 0, 0],
                 [0, 0, 0, 0, 1],
                 [0, 0, 0, 0, 0],
                 [0, 0, 0, 0, 1],
                 [0, 0, 0, 0, 0]]
        let cell = try NB101Cell(matrix: m, ops: [.input, .conv1x1, .maxpool3x3, .conv3x3, .output])
        #expect(cell.vertexCount == 3)
        #expect(cell.matrix == [[0, 1, 0], [0, 0, 1], [0, 0, 0]])
        #expect(cell.ops == [.input, .conv1x1, .output])
        #expect(cell == (try space.parse("010001000:input,conv1x1-bn-relu,output")))
        #expect(NB101Cell.verticesOnPaths(vertexCount: 5, adjacency: m.flatMap { $0.map { $0 == 1 } }) == [0, 1, 4])
        // An 8-vertex matrix whose pruned form has 7 vertices is valid (as in the nasbench API).
        var big = [[Int]](repeating: [Int](repeating: 0, count: 8), count: 8)
        for i in 0..<5 { big[i][i + 1] = 1 }
        big[5][7] = 1
        big[0][6] = 1  // 6 is a dead end
        let pruned = try NB101Cell(matrix: big, ops: [.input] + [NB101Op](repeating: .conv3x3, count: 6) + [.output])
        #expect(pruned.vertexCount == 7 && pruned.edgeCount == 6)
        // The direct input -> output cell.
        #expect(try NB101Cell(matrix: [[0, 1], [0, 0]], ops: [.input, .output]).edgeCount == 1)
    }

    @Test("validity: no path, too many edges/vertices, misplaced ops")
    func validity() throws {
        func reason(_ m: [[Int]], _ ops: [NB101Op]) throws -> String {
            #expect(!NB101Space.isValid(matrix: m, ops: ops))
            let e = try #require(throws: NaswiftError.self) { try NB101Cell(matrix: m, ops: ops) }
            #expect(e.kind == .malformedArchitecture)
            return e.message
        }
        let conv = [NB101Op](repeating: .conv3x3, count: 5)
        // 0->1, 2->3: the output is not reachable.
        #expect(try reason([[0, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 0, 0]], [.input, .conv3x3, .conv1x1, .output])
                    .contains("no path from input to output"))
        // A 7-vertex chain plus 4 skips: 10 edges, all on paths.
        var m = [[Int]](repeating: [Int](repeating: 0, count: 7), count: 7)
        for i in 0..<6 { m[i][i + 1] = 1 }
        m[0][2] = 1; m[0][3] = 1; m[0][4] = 1; m[0][5] = 1
        #expect(try reason(m, [.input] + conv + [.output]).contains("too many edges: 10 after pruning; at most 9"))
        m[0][5] = 0
        #expect(NB101Space.isValid(matrix: m, ops: [.input] + conv + [.output]))
        // 8 vertices all on a chain.
        var chain8 = [[Int]](repeating: [Int](repeating: 0, count: 8), count: 8)
        for i in 0..<7 { chain8[i][i + 1] = 1 }
        #expect(try reason(chain8, [.input] + conv + [.conv1x1, .output]).contains("8 vertices after pruning; at most 7"))
        #expect(try reason([[0, 1, 0], [0, 0, 1], [0, 0, 0]], [.conv3x3, .conv1x1, .output]).contains("vertex 0 must be 'input'"))
        #expect(try reason([[0, 1, 0], [0, 0, 1], [0, 0, 0]], [.input, .conv1x1, .conv3x3]).contains("last vertex must be 'output'"))
        #expect(try reason([[0, 1, 0], [0, 0, 1], [0, 0, 0]], [.input, .input, .output]).contains("interior vertex 1 is 'input'"))
        #expect(try reason([[0, 1, 0], [1, 0, 1], [0, 0, 0]], [.input, .conv1x1, .output]).contains("not upper-triangular: entry (1, 0)"))
        #expect(try reason([[0, 1, 0], [0, 0, 2], [0, 0, 0]], [.input, .conv1x1, .output]).contains("entry (1, 2) is 2"))
    }

    @Test("malformed strings say exactly what is wrong")
    func malformed() throws {
        func reason(_ s: String) throws -> String {
            let e = try #require(throws: NaswiftError.self) { try space.parse(s) }
            #expect(e.kind == .malformedArchitecture)
            #expect(e.hint?.contains(NB101Space.example) == true)
            return e.message
        }
        #expect(try space.parse(NB101Space.example).vertexCount == 5)
        #expect(try space.parse("010001000:input, conv3x3, output") == space.parse("010001000:input,conv3x3-bn-relu,output"))
        #expect(try reason("").contains("empty"))
        #expect(try reason("010001000").contains("exactly one ':', found 0"))
        #expect(try reason("010001000:input,conv5x5,output").contains("unknown op 'conv5x5'"))
        #expect(try reason("01000100:input,conv3x3,output").contains("3 ops need 3x3 = 9 adjacency bits, found 8"))
        #expect(try reason("010002000:input,conv3x3,output").contains("adjacency character 6 is '2'"))
        #expect(try reason("010101000:input,conv3x3,output").contains("not upper-triangular: entry (1, 0)"))
        #expect(try reason("010000000:input,conv3x3,output").contains("no path from input to output"))
        let tenEdges = "0111110" + "0010000" + "0001000" + "0000100" + "0000010" + "0000001" + "0000000"
        #expect(try reason(tenEdges + ":input,conv3x3,conv3x3,conv3x3,conv3x3,conv3x3,output")
                    .contains("too many edges: 10 after pruning"))
    }

    @Test("sampling and mutation always give valid cells of the space; mutation never returns its input")
    func mutation() throws {
        let catalog = NB101Catalog.shared
        var rng = SeededGenerator(seed: 42)
        var changedVertexCount = 0
        for _ in 0..<300 {
            let a = space.sample(using: &rng)
            #expect(catalog.cell(forHash: a.hash) != nil)
            let m = space.mutate(a, using: &rng)
            #expect(m != a)
            #expect(m.edgeCount <= 9 && m.vertexCount <= 7)
            #expect(catalog.cell(forHash: m.hash) != nil)
            #expect(try space.parse(space.format(m)) == m)
            if m.vertexCount != a.vertexCount { changedVertexCount += 1 }
        }
        #expect(changedVertexCount > 0)
        var r1 = SeededGenerator(seed: 9), r2 = SeededGenerator(seed: 9)
        let a1 = space.sample(using: &r1), a2 = space.sample(using: &r2)
        #expect(a1 == a2 && space.format(a1) == space.format(a2))
        #expect(space.mutate(a1, using: &r1) == space.mutate(a2, using: &r2))
    }

    @Test("neighbourhood: valid, distinct members of the space, never the cell itself")
    func neighbours() throws {
        let catalog = NB101Catalog.shared
        var rng = SeededGenerator(seed: 1)
        for _ in 0..<100 {
            let a = space.sample(using: &rng)
            let nb = space.neighbours(of: a)
            // Only the cell input -> output has no valid single change (every flip disconnects it).
            #expect(nb.isEmpty == (a.vertexCount == 2))
            #expect(Set(nb).count == nb.count && !nb.contains(a))
            #expect(nb.allSatisfy { catalog.cell(forHash: $0.hash) != nil })
            // Op changes of a cell whose interior ops are all distinct from the others never
            // collapse: at least one neighbour per (vertex, other op) up to isomorphism.
            #expect(nb.count <= (a.vertexCount - 2) * 2 + a.vertexCount * (a.vertexCount - 1) / 2)
        }
        #expect(space.neighbours(of: try space.parse("0100:input,output")).isEmpty)
        // The chain input -> conv3x3 -> output: op changes give the conv1x1 and maxpool chains;
        // flipping 0->2 adds the skip; flipping 0->1 or 1->2 prunes to input -> output (0->2 absent: invalid).
        let chain = try space.parse("010001000:input,conv3x3,output")
        let nb = Set(space.neighbours(of: chain).map(space.format))
        #expect(nb == ["010001000:input,conv1x1-bn-relu,output", "010001000:input,maxpool3x3,output",
                       "011001000:input,conv3x3-bn-relu,output"])
    }

    @Test("path counts and the BANANAS path encoding")
    func paths() throws {
        // 0->1, 0->2, 1->3, 2->3, 0->3 with ops conv3x3 (1), maxpool3x3 (2).
        let diamond = try space.parse("0111000100010000:input,conv3x3,maxpool3x3,output")
        var expected = [Int](repeating: 0, count: 364)
        expected[0] = 1                          // input -> output
        expected[NB101Space.pathIndex([.conv3x3])] = 1      // index 1
        expected[NB101Space.pathIndex([.maxpool3x3])] = 1   // index 3
        #expect(space.pathCounts(diamond) == expected)
        #expect(NB101Space.pathIndex([.conv3x3]) == 1 && NB101Space.pathIndex([.maxpool3x3]) == 3)
        // Chain conv1x1 -> maxpool3x3: index 1*(1+1) + 3*(2+1) = 11.
        let chain = try space.parse("0100001000010000:input,conv1x1,maxpool3x3,output")
        #expect(space.pathCounts(chain).enumerated().filter { $0.element > 0 }.map(\.offset) == [11])
        #expect(NB101Space.pathIndex([.maxpool3x3, .maxpool3x3, .maxpool3x3, .maxpool3x3, .maxpool3x3]) == 363)
        // Two parallel conv3x3 vertices: one op sequence, two paths; the encoding records presence.
        let twin = try space.parse("0110000100010000:input,conv3x3,conv3x3,output")
        #expect(space.pathCounts(twin)[1] == 2 && space.pathCounts(twin).reduce(0, +) == 2)
        #expect(space.pathEncoding(twin)[1] == 1 && space.pathEncoding(twin).reduce(0, +) == 1)
        // Total count equals the number of input-output paths (adjacency power series).
        var rng = SeededGenerator(seed: 4)
        for _ in 0..<200 {
            let c = space.sample(using: &rng)
            let n = c.vertexCount
            var ways = [Int](repeating: 0, count: n)
            ways[0] = 1
            for j in 1..<n { for i in 0..<j where c.hasEdge(i, j) { ways[j] += ways[i] } }
            #expect(space.pathCounts(c).reduce(0, +) == ways[n - 1])
        }
    }
}
