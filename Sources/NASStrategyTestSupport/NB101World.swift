import Foundation
import NASCore
import NASSpaces
import NASTestSupport

/// 1,000 real NAS-Bench-101 cells (../shared/data/nb101/nb101_1k_graphs.csv) with their real
/// 108-epoch validation accuracy (fraction) from nb101_20k.csv, by module hash: a sparse NB101
/// domain on which strategies are checked (mutations mostly leave it, as on `nb101-20k`).
public struct NB101World: Sendable {
    public let space = NB101Space()
    public let cells: [NB101Cell]
    public let values: [NB101Cell: Double]
    public var domain: SearchDomain<NB101Space> { SearchDomain(space: space, members: cells) }

    nonisolated(unsafe) private static var cached: NB101World?
    private static let lock = NSLock()

    /// The world, read once per process. Throws when ../shared/data is missing or malformed.
    public static func shared() throws -> NB101World {
        lock.lock(); defer { lock.unlock() }
        if let cached { return cached }
        let w = try NB101World()
        cached = w
        return w
    }

    init() throws {
        let accuracy = try String(contentsOf: SharedData.url("nb101/nb101_20k.csv"), encoding: .utf8)
        var byHash: [String: Double] = [:]
        var lines = accuracy.split(whereSeparator: \.isNewline)
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        guard let hi = header.firstIndex(of: "hash"), let vi = header.firstIndex(of: "val_acc_108ep") else {
            throw NaswiftError(.dataMissing, "nb101_20k.csv has no hash / val_acc_108ep column", hint: "check ../shared/data")
        }
        for line in lines {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            if f.count > max(hi, vi), let v = Double(f[vi]) { byHash[String(f[hi])] = v }
        }
        let graphs = try String(contentsOf: SharedData.url("nb101/nb101_1k_graphs.csv"), encoding: .utf8)
        var cells: [NB101Cell] = [], values: [NB101Cell: Double] = [:]
        for line in graphs.split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",", maxSplits: 3).map(String.init)
            let ops = f[3].trimmingCharacters(in: CharacterSet(charactersIn: "\"\r"))
            let cell = try space.parse("\(f[2]):\(ops)")
            guard let v = byHash[f[0]], values[cell] == nil else { continue }
            cells.append(cell)
            values[cell] = v
        }
        guard cells.count >= 500 else {
            throw NaswiftError(.dataMissing, "only \(cells.count) of the 1,000 NB101 graphs have a 108-epoch accuracy", hint: "check ../shared/data/nb101")
        }
        self.cells = cells
        self.values = values
    }

    public func value(_ c: NB101Cell) -> Double? { values[c] }
}
