import Foundation
import NASCore

/// The official NAS-Bench-201 index (0..15624) <-> cell bijection.
///
/// The official index is the order of the benchmark's own file, not a formula of the ops, so it is
/// built from a table that has `index` and `arch` columns (e.g. `nb201_200ep.csv`). The table must
/// hold every one of the 15,625 cells exactly once with indices 0..15624.
public struct NB201Index: Sendable, Hashable {
    /// `cells[i]` is the cell with official index `i`.
    public let cells: [NB201Cell]
    /// `officialIndex[cell.code]` is the official index of the cell with that internal code.
    private let officialIndex: [Int32]

    /// Builds the index from `(index, arch string)` pairs, in any order.
    ///
    /// Throws `malformedArchitecture` for an unparsable arch string and `dataCorrupt` for an index
    /// outside 0..15624, an index or cell listed twice, or missing indices (naming the first one).
    public init(pairs: [(index: Int, arch: String)], source: String = "NB201 index table") throws {
        let space = NB201Space()
        let n = NB201Cell.cellCount
        var byIndex = [Int32](repeating: -1, count: n)   // official index -> code
        var byCode = [Int32](repeating: -1, count: n)    // code -> official index
        for (index, arch) in pairs {
            guard index >= 0, index < n else {
                throw NaswiftError(.dataCorrupt, "\(source): index \(index) is outside 0..\(n - 1)",
                                   hint: "NB201 official indices run from 0 to \(n - 1)")
            }
            let cell = try space.parse(arch)
            if byIndex[index] >= 0 {
                throw NaswiftError(.dataCorrupt, "\(source): index \(index) appears twice",
                                   hint: "each official index must name exactly one cell")
            }
            let code = Int(cell.code)
            if byCode[code] >= 0 {
                throw NaswiftError(.dataCorrupt,
                                   "\(source): cell \(arch) appears twice (indices \(byCode[code]) and \(index))",
                                   hint: "each cell must have exactly one official index")
            }
            byIndex[index] = Int32(code)
            byCode[code] = Int32(index)
        }
        if let gap = byIndex.firstIndex(of: -1) {
            let missing = byIndex.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
            throw NaswiftError(.dataCorrupt,
                               "\(source): \(missing) of the \(n) indices are missing (first missing index: \(gap))",
                               hint: "use a table that lists all 15,625 NB201 cells, e.g. nb201_200ep.csv")
        }
        self.cells = byIndex.map { NB201Cell(uncheckedCode: Int($0)) }
        self.officialIndex = byCode
    }

    /// Builds the index from a CSV file with `index` and `arch` columns.
    public init(contentsOf url: URL) throws {
        let table = try CSVColumns(contentsOf: url)
        let indexText = try table.column("index")
        let archs = try table.column("arch")
        var pairs: [(index: Int, arch: String)] = []
        pairs.reserveCapacity(archs.count)
        for (r, (i, a)) in zip(indexText, archs).enumerated() {
            guard let index = Int(i.trimmingWhitespace()) else {
                throw NaswiftError(.dataCorrupt, "'\(url.path)' line \(r + 2): index '\(i)' is not an integer",
                                   hint: "the index column must hold integers 0..15624")
            }
            pairs.append((index, a))
        }
        try self.init(pairs: pairs, source: "'\(url.path)'")
    }

    /// Number of cells (15,625).
    public var count: Int { cells.count }

    /// The cell with official index `index`; throws `invalidArgument` when out of range.
    public func cell(at index: Int) throws -> NB201Cell {
        guard index >= 0, index < cells.count else {
            throw NaswiftError.invalidArgument("NB201 index \(index) is outside 0..\(cells.count - 1)",
                                               hint: "official NB201 indices run from 0 to 15624")
        }
        return cells[index]
    }

    /// The official index of `cell` (every cell has one).
    public func index(of cell: NB201Cell) -> Int { Int(officialIndex[Int(cell.code)]) }
}
