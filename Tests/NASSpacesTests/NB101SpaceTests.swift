import Foundation
import NASCore
import NASTestSupport
import Testing
@testable import NASSpaces

/// Rows of nb101_1k_graphs.csv: (hash, vertices, adjacency bits, ops).
func nb101GraphRows() throws -> [(hash: String, vertices: Int, bits: String, ops: String)] {
    let table = try CSVColumns(contentsOf: SharedData.url("nb101/nb101_1k_graphs.csv"))
    let h = try table.column("hash"), v = try table.column("vertices")
    let a = try table.column("adjacency"), o = try table.column("ops")
    return try (0..<h.count).map { (h[$0], try #require(Int(v[$0])), a[$0], o[$0]) }
}

@Suite("NB101Space")
struct NB101SpaceTests {
    let space = NB101Space()

    @Test("the 1,000 graphs of nb101_1k_graphs.csv hash to their given hash")
    func officialHashes() throws {
        let rows = try nb101GraphRows()
        #expect(rows.count == 1_000)
        var matched = 0
        for r in rows {
            let cell = try space.parse("\(r.bits):\(r.ops)")
            #expect(space.key(cell) == r.hash, "\(r.bits):\(r.ops)")
            if space.key(cell) == r.hash { matched += 1 }
            // The graphs are stored pruned, so the string form round-trips byte for byte.
            #expect(cell.vertexCount == r.vertices)
            #expect(space.format(cell) == "\(r.bits):\(r.ops)")
            #expect(try space.parse(space.format(cell)) == cell)
        }
        #expect(matched == 1_000)
    }
}

@Suite("NB101 enumeration")
struct NB101EnumerationTests {
    @Test("enumeration gives exactly 423,624 unique cells and recovers all 20,001 hashes of nb101_20k.csv")
    func enumeration() throws {
        let catalog = NB101Catalog.shared
        #expect(catalog.count == 423_624)
        #expect(zip(catalog.cells, catalog.cells.dropFirst()).allSatisfy { $0.hash < $1.hash })
        let hashes = try CSVColumns(contentsOf: SharedData.url("nb101/nb101_20k.csv")).column("hash")
        #expect(hashes.count == 20_001)
        var found = 0
        for h in hashes {
            let cell = try catalog.cell(forHash: h)
            if cell.hash.hex == h { found += 1 }
        }
        #expect(found == 20_001)
        // The 1,000 known graphs resolve to cells with the same hash.
        for r in try nb101GraphRows().prefix(50) {
            let c = try catalog.cell(forHash: r.hash)
            #expect(try NB101Space().parse("\(r.bits):\(r.ops)") == c)
        }
        // Every enumerated cell is valid and re-hashes to its stored hash (checked on a sample).
        let space = NB101Space()
        for k in stride(from: 0, to: catalog.count, by: 997) {
            let c = catalog.cells[k]
            let re = try space.parse(space.format(c))
            #expect(re.hash == c.hash && re.vertexCount == c.vertexCount && re.edgeCount <= 9)
        }
        #expect(throws: NaswiftError.self) { try catalog.cell(forHash: "nothex") }
        #expect(throws: NaswiftError.self) { try catalog.cell(forHash: String(repeating: "0", count: 32)) }
    }
}
