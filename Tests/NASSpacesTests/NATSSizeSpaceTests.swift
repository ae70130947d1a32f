import Foundation
import NASCore
import NASTestSupport
import Testing
@testable import NASSpaces

@Suite("NATSSizeSpace")
struct NATSSizeSpaceTests {
    let space = NATSSizeSpace()

    @Test("all 32,768 channel strings of natsss.csv parse, format back identically, and code == row index")
    func realTable() throws {
        let text = try String(contentsOf: SharedData.url("natsss/natsss.csv"), encoding: .utf8)
        var seen = Set<NATSSizeArch>()
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",")
            let index = try #require(Int(f[0]))
            let arch = try space.parse(String(f[1]))
            #expect(space.format(arch) == String(f[1]))
            #expect(space.key(arch) == String(f[1]))
            #expect(Int(arch.code) == index)
            seen.insert(arch)
        }
        #expect(seen.count == 32_768)
        #expect(Set(space.allArchitectures).symmetricDifference(seen).isEmpty)
    }

    @Test("mutation changes one stage; 35 neighbours; chain graph")
    func mutationNeighboursGraph() throws {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<2_000 {
            let a = space.sample(using: &rng)
            let m = space.mutate(a, using: &rng)
            #expect(zip(a.widths, m.widths).filter { $0 != $1 }.count == 1)
            let nb = space.neighbours(of: a)
            #expect(nb.count == 35 && Set(nb).count == 35 && nb.contains(m))
            #expect(nb.allSatisfy { n in zip(a.widths, n.widths).filter { $0 != $1 }.count == 1 })
        }
        let a = try space.parse("8:16:24:32:64")
        let g = space.graph(a)
        #expect(g.nodeCount == 7 && g.labels == ["input", "8", "16", "24", "32", "64", "output"])
        #expect(g.edges.map { $0.1 - $0.0 } == [1, 1, 1, 1, 1, 1])
        #expect(NATSSizeArch(widths: [8, 16, 24, 32, 64]) == a)
        #expect(NATSSizeArch(widths: [8, 16, 24, 32, 65]) == nil)
    }

    @Test("malformed channel strings say what is wrong")
    func malformed() throws {
        func reason(_ s: String) throws -> String {
            let e = try #require(throws: NaswiftError.self) { try space.parse(s) }
            #expect(e.kind == .malformedArchitecture)
            return e.message
        }
        #expect(try reason("8:8:8:8").contains("expected 5 ':'-separated stage widths, found 4"))
        #expect(try reason("8:8:8:8:8:8").contains("found 6"))
        #expect(try reason("8:8:12:8:8").contains("stage 3 width 12 is not one of 8, 16"))
        #expect(try reason("8:8:8:8:72").contains("stage 5 width 72"))
        #expect(try reason("8:8:x:8:8").contains("stage 3 width 'x' is not an integer"))
        #expect(try reason("").contains("empty"))
    }
}
