import NASCore
import Testing
@testable import NASSpaces

@Suite("NB201 path encoding")
struct NB201PathEncodingTests {
    let space = NB201Space()

    @Test("op sequences of length 1...3 over the 4 non-none ops map one-to-one onto 0..<84")
    func indicesAreABijection() {
        var seen: [Int] = []
        for a in 1...4 { seen.append(NB201Space.pathIndex([a])) }
        for a in 1...4 { for b in 1...4 { seen.append(NB201Space.pathIndex([a, b])) } }
        for a in 1...4 { for b in 1...4 { for c in 1...4 { seen.append(NB201Space.pathIndex([a, b, c])) } } }
        #expect(seen.sorted() == Array(0..<NB201Space.pathFeatureCount))
    }

    @Test("the all-3x3-conv cell: one path of each length, the two 2-edge paths coincide")
    func allConv() throws {
        let c = try space.parse(NB201Space.example)
        // nor_conv_3x3 is op code 3: index offset + sum 4^i (3 - 1)
        var expected = [Int](repeating: 0, count: 84)
        expected[2] = 1                    // 0->3
        expected[4 + 2 + 4 * 2] = 2        // 0->1->3 and 0->2->3
        expected[20 + 2 + 8 + 32] = 1      // 0->1->2->3
        #expect(space.pathCounts(c) == expected)
        #expect(space.pathEncoding(c) == expected.map { $0 > 0 ? 1 : 0 })
    }

    @Test("none edges cut every path through them")
    func noneCutsPaths() throws {
        // e1 none, e2 skip, e3 avg_pool, e4 none, e5 conv1x1, e6 conv3x3: only 0->2->3 (skip, conv3x3) survives
        let c = try space.parse("|none~0|+|skip_connect~0|avg_pool_3x3~1|+|none~0|nor_conv_1x1~1|nor_conv_3x3~2|")
        var expected = [Int](repeating: 0, count: 84)
        expected[4 + (1 - 1) + 4 * (3 - 1)] = 1
        #expect(space.pathCounts(c) == expected)
        // cutting e6 as well leaves nothing; the ops on cut edges (e3, e5) never appear
        let cut = try space.parse("|none~0|+|skip_connect~0|avg_pool_3x3~1|+|none~0|nor_conv_1x1~1|none~2|")
        #expect(space.pathEncoding(cut).allSatisfy { $0 == 0 })
        // e4 alone: the direct path 0->3 with avg_pool (code 4)
        let direct = try space.parse("|none~0|+|none~0|none~1|+|avg_pool_3x3~0|nor_conv_1x1~1|nor_conv_3x3~2|")
        var d = [Int](repeating: 0, count: 84)
        d[3] = 1
        #expect(space.pathCounts(direct) == d)
    }

    @Test("the long path 0->1->2->3 reads its ops from input to output")
    func longPathOrder() throws {
        // e1 conv1x1 (2), e3 skip (1), e6 avg_pool (4); e2, e4, e5 none
        let c = try space.parse("|nor_conv_1x1~0|+|none~0|skip_connect~1|+|none~0|none~1|avg_pool_3x3~2|")
        var expected = [Int](repeating: 0, count: 84)
        expected[20 + (2 - 1) + 4 * (1 - 1) + 16 * (4 - 1)] = 1
        #expect(space.pathCounts(c) == expected)
        // the reversed sequence is a different feature
        #expect(NB201Space.pathIndex([2, 1, 4]) != NB201Space.pathIndex([4, 1, 2]))
    }

    @Test("over all 15,625 cells: at most 4 paths, and cells without a none edge have exactly 4")
    func wholeSpace() {
        for cell in space.allCells {
            let counts = space.pathCounts(cell)
            let total = counts.reduce(0, +)
            #expect(total <= 4)
            if !cell.ops.contains(0) && total != 4 { Issue.record("cell \(cell) has \(total) paths") }
        }
    }
}
