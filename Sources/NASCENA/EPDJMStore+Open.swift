import Foundation
import NASCore

extension EPDJMStore {
    /// Opens the existing store in `directory` (made by `naswift embed cena jacobians`) with its
    /// own settings (`meta.json`) and cells (`index.csv`); finished rows are checked against their
    /// checksums as on resume. Read only: a store still being computed by another process can be
    /// opened (its finished rows are used). Throws `dataMissing` when the directory holds no store
    /// and `dataCorrupt` when its files cannot be read.
    public static func open(directory: URL) throws -> EPDJMStore {
        let metaURL = directory.appendingPathComponent("meta.json")
        guard FileManager.default.fileExists(atPath: metaURL.path) else {
            throw NaswiftError(.dataMissing, "'\(directory.path)' holds no EPDJM store (no meta.json)",
                               hint: "compute one with `naswift embed cena jacobians --space nb201 --images FILE --out \(directory.path)`")
        }
        let meta: Meta
        do { meta = try JSONDecoder().decode(Meta.self, from: Data(contentsOf: metaURL)) } catch {
            throw corrupt(directory, "its meta.json cannot be read (\(error.localizedDescription))")
        }
        guard meta.format == 1 else { throw corrupt(directory, "its meta.json has format \(meta.format); this naswift reads format 1") }
        let space: CENASpace
        do { space = try CENASpace.named(meta.space) } catch { throw corrupt(directory, "its meta.json names an unknown space '\(meta.space)'") }
        guard let text = try? String(contentsOf: directory.appendingPathComponent("index.csv"), encoding: .utf8) else {
            throw corrupt(directory, "index.csv is missing or unreadable")
        }
        var codes: [Int] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: true).enumerated() where n > 0 {
            let f = line.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
            guard f.count == 3, Int(f[0]) == n - 1, let code = Int(f[1]), code >= 0, code < space.cellCount else {
                throw corrupt(directory, "index.csv line \(n + 1) is malformed: '\(line.prefix(80))'")
            }
            codes.append(code)
        }
        guard text.hasPrefix("row,code,arch\n"), !codes.isEmpty else { throw corrupt(directory, "index.csv has no header or no rows") }
        return try EPDJMStore(directory: directory, meta: meta, space: space, codes: codes, readOnly: true)
    }

    /// The store's space (from `meta.json`).
    public var space: CENASpace { CENASpace(rawValue: meta.space) ?? .nb201 }

    /// Finished rows that hold an EPDJM (not failed), ascending.
    public var usableRows: [Int] { finished.values.filter { $0.failure == nil }.map(\.row).sorted() }
}
