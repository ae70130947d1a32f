import Foundation
import NASCore

/// The EPDJMs of one or more stores as sets for the contrastive model: every finished,
/// non-failed row of every store (a cell present in several stores of one space counts once, from
/// the first store). Element `k` of set `(item, init)` is image `k`'s projected Jacobian row,
/// `dimension` (= the stores' `proj`) floats; a set has `setSize` (= the stores' `batch`)
/// elements. Data are read through memory maps, so stores larger than memory work.
public struct EPDJMSets: @unchecked Sendable {
    /// One cell: its store, row, space and code.
    public struct Item: Sendable, Equatable {
        public let store: Int
        public let row: Int
        public let space: CENASpace
        public let code: Int
    }

    public let items: [Item]
    /// Inits per cell (the smallest of the stores'), set size (images) and element dimension.
    public let inits: Int, setSize: Int, dimension: Int
    /// The stores' directories, in the order given.
    public let directories: [URL]
    /// Rows not used: failed ones and (for stores still being computed) pending ones.
    public let failedRows: Int, pendingRows: Int
    /// SHA-256 over the stores' settings and their used rows' checksums (identifies the data a
    /// model was trained on).
    public let checksum: String
    let maps: [Data]
    let headerSizes: [Int]
    let rowFloats: [Int]
    let storeInits: [Int]

    public var count: Int { items.count }

    /// Opens the stores in `directories`. They must share the image batch size and projection
    /// size and hold at least 2 inits per cell; throws a clear error otherwise, or when no row
    /// holds an EPDJM.
    public init(directories: [URL]) throws {
        guard !directories.isEmpty else {
            throw NaswiftError.invalidArgument("no EPDJM store given", hint: "pass --jacobians DIR (made by `naswift embed cena jacobians`)")
        }
        let stores = try directories.map { try EPDJMStore.open(directory: $0) }
        let first = stores[0].meta
        for (s, d) in zip(stores, directories) {
            guard s.meta.batch == first.batch, s.meta.proj == first.proj else {
                throw NaswiftError.invalidArgument(
                    "the EPDJM stores differ in shape: '\(directories[0].path)' has batch \(first.batch), proj \(first.proj); '\(d.path)' has batch \(s.meta.batch), proj \(s.meta.proj)",
                    hint: "compute every store with the same --batch and --proj")
            }
            guard s.meta.inits >= 2 else {
                throw NaswiftError.invalidArgument("the EPDJM store '\(d.path)' has \(s.meta.inits) init per cell; the contrastive loss needs 2 or more",
                                                   hint: "compute it with --inits 4 (CENA's setting)")
            }
        }
        var items: [Item] = []
        var seen = Set<[Int]>()
        var failed = 0, pending = 0
        var digest: [UInt8] = []
        for (k, s) in stores.enumerated() {
            let m = s.meta
            digest += Array("\(m.space)|\(m.batch)|\(m.inits)|\(m.proj)|\(m.seed)|\(m.imagesSHA256)|\(m.imageRecords)\n".utf8)
            pending += s.pending.count
            for row in s.codes.indices {
                guard let f = s.finished[row] else { continue }
                guard f.failure == nil else { failed += 1; continue }
                let tag = s.space == .nb201 ? 0 : 1
                guard seen.insert([tag, s.codes[row]]).inserted else { continue }
                items.append(Item(store: k, row: row, space: s.space, code: s.codes[row]))
                digest += Array("\(k),\(row),\(f.sha256)\n".utf8)
            }
        }
        guard !items.isEmpty else {
            throw NaswiftError(.dataMissing, "the EPDJM store(s) hold no computed EPDJM yet (\(pending) pending, \(failed) failed rows)",
                               hint: "run `naswift embed cena jacobians` to completion first")
        }
        do {
            maps = try stores.map { try Data(contentsOf: $0.dataURL, options: .alwaysMapped) }
        } catch {
            throw NaswiftError(.io, "cannot map the EPDJM data: \(error.localizedDescription)", hint: "check the stores' permissions")
        }
        self.items = items
        self.directories = directories
        inits = stores.map(\.meta.inits).min()!
        setSize = first.batch
        dimension = first.proj
        failedRows = failed
        pendingRows = pending
        checksum = SHA256.hex(of: digest)
        headerSizes = stores.map(\.headerSize)
        rowFloats = stores.map(\.rowFloats)
        storeInits = stores.map(\.meta.inits)
    }

    /// Floats per set (`setSize * dimension`).
    public var setFloats: Int { setSize * dimension }

    /// Appends set `(item, init)` (`setSize * dimension` floats, element-major) to `out`.
    public func appendSet(item: Int, init index: Int, to out: inout [Float]) {
        precondition(item >= 0 && item < items.count && index >= 0 && index < inits, "EPDJMSets: set (\(item), \(index)) out of range")
        let it = items[item]
        let start = headerSizes[it.store] + (it.row * rowFloats[it.store] + index * setFloats) * 4
        maps[it.store].withUnsafeBytes { raw in
            let p = raw.baseAddress!.advanced(by: start)
            let n = setFloats
            let old = out.count
            out.append(contentsOf: repeatElement(0, count: n))
            out.withUnsafeMutableBytes { dst in
                dst.baseAddress!.advanced(by: old * 4).copyMemory(from: p, byteCount: n * 4)
            }
        }
    }

    /// The sets `(item, init)` of `pairs`, concatenated: `[pairs.count * setSize, dimension]` row-major.
    public func elements(_ pairs: [(item: Int, view: Int)]) -> [Float] {
        var out: [Float] = []
        out.reserveCapacity(pairs.count * setFloats)
        for p in pairs { appendSet(item: p.item, init: p.view, to: &out) }
        return out
    }

    /// The string form of item `i`'s cell.
    public func arch(_ i: Int) -> String { items[i].space.string(items[i].code) }
}
