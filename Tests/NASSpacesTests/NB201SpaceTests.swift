import Foundation
import NASCore
import NASTestSupport
import Testing
@testable import NASSpaces

@Suite("NB201Space")
struct NB201SpaceTests {
    let space = NB201Space()

    @Test("format/parse round trip for all 15,625 cells, strings unique")
    func roundTripAll() throws {
        var seen = Set<String>()
        for cell in space.allCells {
            let s = space.format(cell)
            #expect(try space.parse(s) == cell)
            seen.insert(s)
            #expect(NB201Cell(ops: cell.ops) == cell)
        }
        #expect(seen.count == 15_625)
        #expect(space.allCells.map(\.code) == (0..<15_625).map(UInt16.init))
    }

    @Test("official index tables: both NB201 CSVs give the same bijection, arch strings byte-identical")
    func officialIndex() throws {
        let url200 = SharedData.url("nb201/nb201_200ep.csv")
        let url12 = SharedData.url("nb201-12ep/nb201_12ep.csv")
        let i200 = try NB201Index(contentsOf: url200)
        let i12 = try NB201Index(contentsOf: url12)
        #expect(i200.count == 15_625)
        #expect(i200.cells == i12.cells)
        #expect(Set(i200.cells).count == 15_625)
        for i in 0..<i200.count {
            let cell = try i200.cell(at: i)
            #expect(i200.index(of: cell) == i)
        }
        // Every arch string of the file is exactly what `format` writes for its cell.
        let text = try String(contentsOf: url200, encoding: .utf8)
        var rows = 0
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",", maxSplits: 2)
            let index = try #require(Int(fields[0]))
            #expect(space.format(try i200.cell(at: index)) == String(fields[1]))
            rows += 1
        }
        #expect(rows == 15_625)
        // The first row of the file.
        #expect(space.format(try i200.cell(at: 0))
                == "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|")
        #expect(throws: NaswiftError.self) { try i200.cell(at: 15_625) }
        #expect(throws: NaswiftError.self) { try i200.cell(at: -1) }
    }

    @Test("index tables with gaps, duplicates or bad indices are rejected with clear errors")
    func indexErrors() throws {
        let all = space.allCells.enumerated().map { (index: $0.offset, arch: space.format($0.element)) }
        _ = try NB201Index(pairs: all)  // complete table is fine
        var gap = all
        gap.remove(at: 17)
        let e1 = try #require(throws: NaswiftError.self) { try NB201Index(pairs: gap) }
        #expect(e1.kind == .dataCorrupt && e1.message.contains("first missing index: 17"))
        var dupIndex = all
        dupIndex[5].index = 4
        let e2 = try #require(throws: NaswiftError.self) { try NB201Index(pairs: dupIndex) }
        #expect(e2.kind == .dataCorrupt && e2.message.contains("index 4 appears twice"))
        var dupCell = all
        dupCell[9].arch = dupCell[3].arch
        let e3 = try #require(throws: NaswiftError.self) { try NB201Index(pairs: dupCell) }
        #expect(e3.kind == .dataCorrupt && e3.message.contains("appears twice (indices 3 and 9)"))
        var outOfRange = all
        outOfRange[0].index = 15_625
        let e4 = try #require(throws: NaswiftError.self) { try NB201Index(pairs: outOfRange) }
        #expect(e4.message.contains("index 15625 is outside 0..15624"))
        var badArch = all
        badArch[2].arch = "|conv~0|"
        let e5 = try #require(throws: NaswiftError.self) { try NB201Index(pairs: badArch) }
        #expect(e5.kind == .malformedArchitecture)
        let missing = try #require(throws: NaswiftError.self) {
            try NB201Index(contentsOf: URL(fileURLWithPath: "/nonexistent/nb201.csv"))
        }
        #expect(missing.kind == .dataMissing && missing.message.contains("/nonexistent/nb201.csv"))
    }

    @Test("malformed strings say exactly what is wrong")
    func malformed() throws {
        func reason(_ s: String) throws -> String {
            let e = try #require(throws: NaswiftError.self) { try space.parse(s) }
            #expect(e.kind == .malformedArchitecture)
            #expect(e.hint?.contains(NB201Space.example) == true)
            return e.message
        }
        let good = "|nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|none~2|"
        #expect(try space.format(space.parse(good)) == good)
        #expect(try space.parse("  \(good)\n") == space.parse(good))
        #expect(try reason("").contains("empty"))
        #expect(try reason("|nor_conv_3x3~0|+|none~0|skip_connect~1|").contains("expected 3 node groups"))
        #expect(try reason("|conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|none~2|")
                    .contains("unknown op 'conv_3x3'"))
        #expect(try reason("|nor_conv_3x3~0|+|none~0|+|avg_pool_3x3~0|nor_conv_1x1~1|none~2|")
                    .contains("node 2 must have 2 incoming edges, found 1"))
        #expect(try reason("|nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|none~3|")
                    .contains("bad source index '~3'"))
        #expect(try reason("|nor_conv_3x3~0|+|none~0|skip_connect~x|+|avg_pool_3x3~0|nor_conv_1x1~1|none~2|")
                    .contains("'~x'"))
        #expect(try reason("|nor_conv_3x3|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|none~2|")
                    .contains("must have the form op~0"))
        #expect(try reason("nor_conv_3x3~0+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_1x1~1|none~2|")
                    .contains("must start and end with '|'"))
    }

    @Test("mutation changes exactly one edge; neighbourhood is the 24 one-edge changes")
    func mutationAndNeighbours() throws {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<2_000 {
            let a = space.sample(using: &rng)
            let m = space.mutate(a, using: &rng)
            #expect(zip(a.ops, m.ops).filter { $0 != $1 }.count == 1)
            let nb = space.neighbours(of: a)
            #expect(nb.count == 24 && Set(nb).count == 24)
            #expect(nb.allSatisfy { n in zip(a.ops, n.ops).filter { $0 != $1 }.count == 1 })
            #expect(nb.contains(m))
        }
        var r1 = SeededGenerator(seed: 3), r2 = SeededGenerator(seed: 3)
        let s1 = (0..<50).map { _ in space.sample(using: &r1) }
        let s2 = (0..<50).map { _ in space.sample(using: &r2) }
        #expect(s1 == s2)
    }

    @Test("sampling is uniform over the 15,625 cells (chi-square within 5 sd)")
    func uniformSampling() {
        var rng = SeededGenerator(seed: 11)
        var counts = [Int](repeating: 0, count: 15_625)
        let n = 312_500
        for _ in 0..<n { counts[Int(space.sample(using: &rng).code)] += 1 }
        let expected = Double(n) / 15_625
        let chi2 = counts.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        let dof = 15_624.0
        #expect(abs(chi2 - dof) < 5 * (2 * dof).squareRoot())
    }

    @Test("line graph: 8 nodes, the fixed 10 edges, none nodes kept")
    func lineGraph() throws {
        let cell = try space.parse("|none~0|+|skip_connect~0|nor_conv_1x1~1|+|nor_conv_3x3~0|avg_pool_3x3~1|none~2|")
        let g = space.graph(cell)
        #expect(g.nodeCount == 8)
        #expect(g.labels == ["input", "none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3", "none", "output"])
        let edges = g.edges.map { "\($0.0)>\($0.1)" }
        #expect(edges == ["0>1", "0>2", "0>4", "1>3", "1>5", "2>6", "3>6", "4>7", "5>7", "6>7"])
        // An edge-node feeds exactly the edge-nodes that leave the cell node it ends in.
        for (a, ea) in NB201Space.cellEdges.enumerated() {
            for (b, eb) in NB201Space.cellEdges.enumerated() {
                #expect(g.hasEdge(a + 1, b + 1) == (ea.1 == eb.0))
            }
            #expect(g.hasEdge(0, a + 1) == (ea.0 == 0))
            #expect(g.hasEdge(a + 1, 7) == (ea.1 == 3))
        }
        let json = space.json(cell)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(obj["arch"] as? String == space.format(cell))
        #expect((obj["ops"] as? [String])?.count == 6)
    }
}

@Suite("NB201Space fast parse")
struct NB201FastParseTests {
    @Test("the byte-level and the detailed parser agree on all cells and on near-misses")
    func agree() throws {
        let space = NB201Space()
        for cell in space.allCells {
            let s = space.format(cell)
            #expect(NB201Space.fastParse(s) == cell)
            #expect(try space.detailedParse(s) == cell)
            // Truncations and one-character corruptions are never accepted by the fast path.
            if cell.code % 97 == 0 {
                #expect(NB201Space.fastParse(String(s.dropLast())) == nil)
                #expect(NB201Space.fastParse(s + "|") == nil)
                #expect(NB201Space.fastParse(s.replacingOccurrences(of: "~1", with: "~2")) == nil)
                #expect(NB201Space.fastParse(s.replacingOccurrences(of: "~0", with: "~1")) == nil)
                #expect(NB201Space.fastParse(s.replacingOccurrences(of: "+", with: "")) == nil)
            }
        }
        #expect(NB201Space.fastParse("") == nil)
        #expect(NB201Space.fastParse(" " + NB201Space.example) == nil)
        #expect(try space.parse(" " + NB201Space.example) == space.parse(NB201Space.example))
    }
}
