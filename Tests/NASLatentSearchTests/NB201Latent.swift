import Foundation
import NASCore
import NASLatentSearch
import NASRepresentations
import NASSpaces
import NASTestSupport

/// All 15,625 real NB201 cells with their CIFAR-10 validation accuracy (%) from
/// ../shared/data/nb201/nb201_200ep.csv, and a real (if simple) embedding: the 30-d one-hot
/// encoding of the six edge operations.
struct NB201Latent: Sendable {
    static let shared = NB201Latent()
    let space = NB201Space()
    let cells: [NB201Cell]
    let accuracy: [NB201Cell: Double]

    init() {
        let text = (try? String(contentsOf: SharedData.url("nb201/nb201_200ep.csv"), encoding: .utf8)) ?? ""
        var lines = text.split(whereSeparator: \.isNewline)
        let header = lines.isEmpty ? [] : lines.removeFirst().split(separator: ",").map(String.init)
        let ai = header.firstIndex(of: "arch") ?? 1, vi = header.firstIndex(of: "cifar10_valid_val_acc") ?? 2
        var cells: [NB201Cell] = [], acc: [NB201Cell: Double] = [:]
        for line in lines {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard let c = try? NB201Space().parse(String(f[ai])), let v = Double(f[vi]) else { continue }
            cells.append(c); acc[c] = v
        }
        self.cells = cells
        accuracy = acc
    }

    func oneHot(_ c: NB201Cell) -> [Float] {
        let tokens = space.format(c).split(separator: "|").filter { $0 != "+" }
        var v = [Float](repeating: 0, count: 30)
        for (i, t) in tokens.enumerated() {
            let op = NB201Space.opNames.firstIndex(of: String(t.split(separator: "~")[0])) ?? 0
            v[i * 5 + op] = 1
        }
        return v
    }

    /// A 5-d embedding: how many edges use each operation (smooth in accuracy: convolutions help,
    /// `none` edges hurt).
    func opCounts(_ c: NB201Cell) -> [Float] {
        let v = oneHot(c)
        return (0..<5).map { op in (0..<6).reduce(0) { $0 + v[$1 * 5 + op] } }
    }

    func table(first n: Int? = nil, opCounts counts: Bool = false) throws -> LatentTable<NB201Space> {
        let members = n.map { Array(cells.prefix($0)) } ?? cells
        return try LatentTable(architectures: members, vectors: members.flatMap(counts ? opCounts : oneHot), dimension: counts ? 5 : 30)
    }

    func value(_ c: NB201Cell) -> Double? { accuracy[c] }
}
