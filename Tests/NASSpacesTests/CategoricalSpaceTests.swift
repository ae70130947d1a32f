import Foundation
import NASCore
import NASTestSupport
import Testing
@testable import NASSpaces

/// The categorical parameterisations (what TPE and Optuna see): every architecture round-trips,
/// every value vector maps into the space or is rejected for the right reason.
@Suite("CategoricalSpace")
struct CategoricalSpaceTests {
    @Test("NB201: 6 x 5 parameters, a bijection with the 15,625 cells of nb201_200ep.csv")
    func nb201() throws {
        let space = NB201Space()
        #expect(space.categoricalChoiceCounts == [5, 5, 5, 5, 5, 5])
        let text = try String(contentsOf: SharedData.url("nb201/nb201_200ep.csv"), encoding: .utf8)
        let header = text.split(whereSeparator: \.isNewline)[0].split(separator: ",").map(String.init)
        let ai = try #require(header.firstIndex(of: "arch"))
        var seen = Set<NB201Cell>()
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let cell = try space.parse(String(line.split(separator: ",")[ai]))
            let v = space.categoricalValues(cell).map { $0! }
            #expect(space.architecture(categorical: v) == cell)
            // parameter e_k is the op of the k-th edge of the official string
            #expect(v.map { NB201Space.opNames[$0] } == cell.ops.map { NB201Space.opNames[$0] })
            seen.insert(cell)
        }
        #expect(seen.count == 15_625)
        #expect(space.architecture(categorical: [0, 0, 0, 0, 0, 5]) == nil)
        #expect(space.architecture(categorical: [0, 0, 0]) == nil)
    }

    @Test("NATS size space: 5 x 8 widths, a bijection with the channel strings of natsss.csv")
    func natsss() throws {
        let space = NATSSizeSpace()
        #expect(space.categoricalChoiceCounts == [8, 8, 8, 8, 8])
        let text = try String(contentsOf: SharedData.url("natsss/natsss.csv"), encoding: .utf8)
        var count = 0
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let channels = String(line.split(separator: ",")[1])
            let arch = try space.parse(channels)
            let v = space.categoricalValues(arch).map { $0! }
            #expect(v.map { space.categoricalParameters[0].choices[$0] }.joined(separator: ":") == channels)
            #expect(space.architecture(categorical: v) == arch)
            count += 1
        }
        #expect(count == 32_768)
        #expect(space.architecture(categorical: [0, 0, 0, 0, 8]) == nil)
    }

    @Test("NAS-Bench-Graph: 3 inputs + 4 ops; all 157,464 vectors map onto the 26,206 canonical cells or are all-skip")
    func nbgraph() throws {
        let space = NBGraphSpace()
        #expect(space.categoricalChoiceCounts == [2, 3, 4, 9, 9, 9, 9])
        for a in NBGraphSpace.all {
            let v = space.categoricalValues(a).map { $0! }
            #expect(space.architecture(categorical: v) == a)
        }
        var hit = Set<NBGraphArchitecture>(), invalid = 0
        for i2 in 0..<2 { for i3 in 0..<3 { for i4 in 0..<4 { for code in 0..<6561 {
            let ops = [code / 729, code / 81 % 9, code / 9 % 9, code % 9]
            if let a = space.architecture(categorical: [i2, i3, i4] + ops) {
                hit.insert(a)
                // the same function as the canonical form the package stores (its parser agrees)
                #expect(try space.parse(space.format(a)) == a)
            } else {
                #expect(ops == [8, 8, 8, 8])
                invalid += 1
            }
        } } } }
        #expect(hit.count == 26_206)
        #expect(invalid == 24)
    }

    @Test("NB101: 21 edge bits + 5 ops; real cells round-trip; invalid specs are rejected")
    func nb101() throws {
        let space = NB101Space()
        #expect(space.categoricalChoiceCounts == [Int](repeating: 2, count: 21) + [3, 3, 3, 3, 3])
        #expect(space.categoricalParameters[0].name == "edge_0_1" && space.categoricalParameters[20].name == "edge_5_6")
        let text = try String(contentsOf: SharedData.url("nb101/nb101_1k_graphs.csv"), encoding: .utf8)
        var checked = 0
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",", maxSplits: 3).map(String.init)
            let cell = try space.parse("\(f[2]):\(f[3].trimmingCharacters(in: CharacterSet(charactersIn: "\"\r")))")
            let v = space.categoricalValues(cell)
            #expect(v.prefix(21).allSatisfy { $0 != nil })
            // pruned-away vertices have no op; fill them with any op: still the same cell
            for fill in 0..<3 {
                let full = v.map { $0 ?? fill }
                #expect(space.architecture(categorical: full) == cell)
                #expect(space.architecture(categorical: full)?.hashString == f[0])
            }
            #expect(v.suffix(5).filter { $0 == nil }.count == 7 - cell.vertexCount)
            checked += 1
        }
        #expect(checked == 1000)
        // every edge: 21 edges after pruning, more than 9
        #expect(space.architecture(categorical: [Int](repeating: 1, count: 21) + [0, 0, 0, 0, 0]) == nil)
        // no edge into the output: no input-output path
        #expect(space.architecture(categorical: [Int](repeating: 0, count: 26)) == nil)
        // only input -> output: the bare 2-vertex cell
        var bare = [Int](repeating: 0, count: 26)
        bare[5] = 1  // edge_0_6
        #expect(space.architecture(categorical: bare)?.vertexCount == 2)
        // a uniformly random spec is valid about as often as nasbench's random_spec retries say
        var rng = SeededGenerator(seed: 3)
        var valid = 0
        for _ in 0..<20_000 {
            let v = space.categoricalChoiceCounts.map { Int(rng.next() % UInt64($0)) }
            if space.architecture(categorical: v) != nil { valid += 1 }
        }
        #expect(valid > 4_000 && valid < 16_000)
    }
}
