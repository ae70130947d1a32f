import Foundation
import NASCore

/// A directory of EPDJMs for a list of cells, written row by row and resumable.
///
/// Files (all in the directory the user names, nothing elsewhere):
/// - `epdjm.npy`: float32, C order, shape `[cells, inits, batch, proj]` (numpy `.npy` v1.0, so
///   `numpy.load(path, mmap_mode='r')` maps it); rows not yet computed, and failed ones, are zeros.
/// - `index.csv`: `row,code,arch` for every row (the space's cell code and string form).
/// - `meta.json`: the run's settings (space, batch, inits, proj, seed, image file checksum and
///   records, BLAS threads); a resumed run must match them.
/// - `progress.csv`: one line `row,status,sha256` per finished row (`ok`, or `failed: reason`),
///   appended and flushed after the row's data is synced, so a killed run loses at most the row
///   in flight.
/// - `epdjm.sha256`: the SHA-256 of `epdjm.npy`, written once every row is finished.
public final class EPDJMStore {
    /// What a run computes; stored as `meta.json`.
    public struct Meta: Codable, Equatable, Sendable {
        public var format = 1
        public var space: String
        public var batch: Int
        public var inits: Int
        public var proj: Int
        public var seed: UInt64
        public var imagesSHA256: String
        public var imageRecords: [Int]
        public var blasThreads: Int

        public init(space: String, batch: Int, inits: Int, proj: Int, seed: UInt64, imagesSHA256: String,
                    imageRecords: [Int], blasThreads: Int) {
            self.space = space; self.batch = batch; self.inits = inits; self.proj = proj; self.seed = seed
            self.imagesSHA256 = imagesSHA256; self.imageRecords = imageRecords; self.blasThreads = blasThreads
        }
    }

    /// One finished row.
    public struct Finished: Equatable, Sendable {
        public let row: Int
        /// `nil` when the row succeeded, else the failure reason.
        public let failure: String?
        public let sha256: String
    }

    public let directory: URL
    public let meta: Meta
    /// Cell codes, one per row.
    public let codes: [Int]
    /// Finished rows by row number.
    public private(set) var finished: [Int: Finished]

    /// Floats per row (`inits * batch * proj`).
    public var rowFloats: Int { meta.inits * meta.batch * meta.proj }
    let headerSize: Int

    var dataURL: URL { directory.appendingPathComponent("epdjm.npy") }
    var progressURL: URL { directory.appendingPathComponent("progress.csv") }
    var checksumURL: URL { directory.appendingPathComponent("epdjm.sha256") }

    /// Opens the store in `directory`, creating it when it holds no `meta.json`. An existing store
    /// must hold the same settings and cells (else an error saying what differs); its finished
    /// rows are checked against their checksums (a mismatch is a corrupt store: an error, and
    /// nothing is changed). With `readOnly` an existing store is only read (a progress line cut by
    /// a kill, or being written by a running computation, is ignored rather than removed).
    public init(directory: URL, meta: Meta, space: CENASpace, codes: [Int], readOnly: Bool = false) throws {
        self.directory = directory
        self.meta = meta
        self.codes = codes
        let header = EPDJMStore.npyHeader(shape: [codes.count, meta.inits, meta.batch, meta.proj])
        headerSize = header.count
        finished = [:]
        let fm = FileManager.default
        let metaURL = directory.appendingPathComponent("meta.json")
        let indexURL = directory.appendingPathComponent("index.csv")
        let index = "row,code,arch\n" + codes.enumerated().map { "\($0.offset),\($0.element),\(space.string($0.element))" }.joined(separator: "\n") + "\n"
        if fm.fileExists(atPath: metaURL.path) {
            let stored: Meta
            do { stored = try JSONDecoder().decode(Meta.self, from: Data(contentsOf: metaURL)) } catch {
                throw EPDJMStore.corrupt(directory, "its meta.json cannot be read (\(error.localizedDescription))")
            }
            guard stored == meta else {
                throw NaswiftError.invalidArgument("'\(directory.path)' holds EPDJMs of another run (\(EPDJMStore.difference(stored, meta)))",
                                                   hint: "re-run with the same settings to resume it, or pass another --out")
            }
            guard (try? String(contentsOf: indexURL, encoding: .utf8)) == index else {
                throw NaswiftError.invalidArgument("'\(directory.path)' holds EPDJMs of other cells (its index.csv differs)",
                                                   hint: "re-run with the same --cells/--sample and --seed to resume it, or pass another --out")
            }
            let size = (try? fm.attributesOfItem(atPath: dataURL.path)[.size] as? Int) ?? -1
            guard size == header.count + codes.count * meta.inits * meta.batch * meta.proj * 4,
                  let head = try? FileHandle(forReadingFrom: dataURL).read(upToCount: header.count), [UInt8](head) == header else {
                throw EPDJMStore.corrupt(directory, "epdjm.npy is missing or has the wrong size or header")
            }
            try loadProgress(rewrite: !readOnly)
        } else {
            guard !readOnly else {
                throw NaswiftError(.dataMissing, "'\(directory.path)' holds no EPDJM store", hint: "compute one with `naswift embed cena jacobians`")
            }
            do {
                try fm.createDirectory(at: directory, withIntermediateDirectories: true)
                guard fm.createFile(atPath: dataURL.path, contents: Data(header)) else {
                    throw NaswiftError(.io, "cannot create '\(dataURL.path)'", hint: "check that the directory is writable")
                }
                let h = try FileHandle(forWritingTo: dataURL)
                try h.truncate(atOffset: UInt64(header.count + codes.count * meta.inits * meta.batch * meta.proj * 4))
                try h.close()
                try index.write(to: indexURL, atomically: true, encoding: .utf8)
                try Data().write(to: progressURL)
                let enc = JSONEncoder()
                enc.outputFormatting = [.prettyPrinted, .sortedKeys]
                try enc.encode(meta).write(to: metaURL, options: .atomic)   // last: marks the store as made
            } catch let e as NaswiftError { throw e } catch {
                throw NaswiftError(.io, "cannot create the EPDJM store in '\(directory.path)': \(error.localizedDescription)",
                                   hint: "check that --out names a writable directory")
            }
        }
    }

    /// Rows not finished yet, ascending.
    public var pending: [Int] { codes.indices.filter { finished[$0] == nil } }

    /// The order rows are computed in: a permutation of all rows fixed by the meta's seed (and the
    /// row count), so the rows any run has finished, killed or resumed at any point, are a uniform
    /// random subset of the store's cells. A partial store is then an unbiased smaller sample
    /// (ascending order would leave the first cell codes, e.g. the NB201 cells whose first edges are
    /// `none`). The finished bytes do not depend on the order.
    public var workOrder: [Int] {
        var order = Array(codes.indices)
        var rng = SeededGenerator(seed: meta.seed, stream: 0x6F72_6465_72)   // "order"
        for i in order.indices.dropLast() {   // Fisher-Yates, spelled out so no library version changes it
            order.swapAt(i, i + Int(rng.next() % UInt64(order.count - i)))
        }
        return order.filter { finished[$0] == nil }
    }

    /// Whether every row is finished.
    public var isComplete: Bool { finished.count == codes.count }

    /// Stores row `row` (`rowFloats` values, or `nil` for a failed row, which stays zeros).
    public func write(row: Int, values: [Float]?, failure: String? = nil) throws {
        precondition(row >= 0 && row < codes.count && finished[row] == nil, "EPDJMStore.write: row \(row) is not pending")
        let bytes: [UInt8]
        if let values {
            precondition(values.count == rowFloats, "EPDJMStore.write: \(values.count) values for a row of \(rowFloats)")
            bytes = values.withUnsafeBytes { [UInt8]($0) }
        } else {
            bytes = [UInt8](repeating: 0, count: rowFloats * 4)
        }
        let sha = SHA256.hex(of: bytes)
        do {
            let h = try FileHandle(forWritingTo: dataURL)
            try h.seek(toOffset: UInt64(headerSize + row * rowFloats * 4))
            try h.write(contentsOf: bytes)
            try h.synchronize()
            try h.close()
            let status = values == nil ? "failed: " + (failure ?? "unknown").replacingOccurrences(of: ",", with: ";").replacingOccurrences(of: "\n", with: " ") : "ok"
            let p = try FileHandle(forWritingTo: progressURL)
            try p.seekToEnd()
            try p.write(contentsOf: Data("\(row),\(status),\(sha)\n".utf8))
            try p.synchronize()
            try p.close()
        } catch {
            throw NaswiftError(.io, "cannot write row \(row) to '\(directory.path)': \(error.localizedDescription)",
                               hint: "check free space; re-running resumes from the last finished row")
        }
        finished[row] = Finished(row: row, failure: values == nil ? (failure ?? "unknown") : nil, sha256: sha)
    }

    /// Writes `epdjm.sha256` (once complete) and returns the checksum of `epdjm.npy`.
    @discardableResult
    public func finish() throws -> String {
        precondition(isComplete, "EPDJMStore.finish: \(codes.count - finished.count) rows pending")
        let data = try Data(contentsOf: dataURL, options: .alwaysMapped)
        let sha = SHA256.hex(of: data)
        try Data("\(sha)  epdjm.npy\n".utf8).write(to: checksumURL, options: .atomic)
        return sha
    }

    /// Row `row` as `[inits * batch * proj]` Floats, read through a memory map.
    public func row(_ row: Int) throws -> [Float] {
        let data = try Data(contentsOf: dataURL, options: .alwaysMapped)
        let start = headerSize + row * rowFloats * 4
        return data[start..<(start + rowFloats * 4)].withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    /// Reads `progress.csv`: complete lines only (a line cut by a kill is dropped and the file
    /// rewritten without it), each row's data checked against its checksum.
    func loadProgress(rewrite: Bool = true) throws {
        let text = (try? String(contentsOf: progressURL, encoding: .utf8)) ?? ""
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        if !text.isEmpty && !text.hasSuffix("\n") { lines.removeLast() }
        let data = try Data(contentsOf: dataURL, options: .alwaysMapped)
        for line in lines {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 3, let row = Int(f[0]), row >= 0, row < codes.count, finished[row] == nil, f[2].count == 64 else {
                throw EPDJMStore.corrupt(directory, "progress.csv has a malformed line '\(line.prefix(80))'")
            }
            let start = headerSize + row * rowFloats * 4
            guard SHA256.hex(of: data[start..<(start + rowFloats * 4)]) == f[2] else {
                throw EPDJMStore.corrupt(directory, "row \(row)'s data does not match its checksum in progress.csv")
            }
            finished[row] = Finished(row: row, failure: f[1] == "ok" ? nil : String(f[1].dropFirst("failed: ".count)), sha256: f[2])
        }
        if rewrite && !text.isEmpty && !text.hasSuffix("\n") {
            try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: progressURL, options: .atomic)
        }
    }

    static func corrupt(_ dir: URL, _ what: String) -> NaswiftError {
        NaswiftError(.dataCorrupt, "the EPDJM store '\(dir.path)' is corrupt: \(what)",
                     hint: "nothing was changed; move it away and re-run `naswift embed cena jacobians` into a fresh --out")
    }

    static func difference(_ a: Meta, _ b: Meta) -> String {
        var d: [String] = []
        if a.space != b.space { d.append("space \(a.space) vs \(b.space)") }
        if a.batch != b.batch { d.append("batch \(a.batch) vs \(b.batch)") }
        if a.inits != b.inits { d.append("inits \(a.inits) vs \(b.inits)") }
        if a.proj != b.proj { d.append("proj \(a.proj) vs \(b.proj)") }
        if a.seed != b.seed { d.append("seed \(a.seed) vs \(b.seed)") }
        if a.imagesSHA256 != b.imagesSHA256 || a.imageRecords != b.imageRecords { d.append("other images") }
        if a.blasThreads != b.blasThreads { d.append("BLAS threads \(a.blasThreads) vs \(b.blasThreads)") }
        if a.format != b.format { d.append("format \(a.format) vs \(b.format)") }
        return "stored " + d.joined(separator: ", ") + " requested"
    }

    /// The `.npy` v1.0 header of a float32 C-order array of `shape` (padded to 64 bytes).
    static func npyHeader(shape: [Int]) -> [UInt8] {
        var dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shape.map(String.init).joined(separator: ", ") + "), }"
        let total = 10 + dict.utf8.count + 1
        dict += String(repeating: " ", count: (64 - total % 64) % 64) + "\n"
        let n = UInt16(dict.utf8.count)
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(n & 0xFF), UInt8(n >> 8)] + Array(dict.utf8)
    }
}
