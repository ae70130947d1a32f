import Foundation
import NASCore

/// A minimal reader for the small CSV tables the spaces need (NB201 index tables, NB101 graph
/// lists): a header row, then rows; RFC 4180 quoting (`"a,b"`, `""` for a quote) is understood.
///
/// Only whole named columns are returned; errors name the file and what is wrong.
struct CSVColumns {
    let header: [String]
    let rows: [[String]]
    let source: String

    /// Reads `url`; throws `dataMissing` when it cannot be read, `dataCorrupt` when a row has the
    /// wrong number of fields or the file has no header.
    init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw NaswiftError(.dataMissing, "cannot read '\(url.path)': \(error.localizedDescription)",
                               hint: "check the path (the CSV needs a header row)")
        }
        try self.init(text: String(decoding: data, as: UTF8.self), source: url.path)
    }

    init(text: String, source: String) throws {
        self.source = source
        var records: [[String]] = []
        var field: [UInt8] = []
        var record: [String] = []
        var inQuotes = false
        var fieldWasQuoted = false
        let bytes = Array(text.utf8)
        var i = 0
        func endField() {
            record.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") { field.append(b); i += 1 }
                    else { inQuotes = false }
                } else { field.append(b) }
            } else if b == UInt8(ascii: "\"") && field.isEmpty && !fieldWasQuoted {
                inQuotes = true
                fieldWasQuoted = true
            } else if b == UInt8(ascii: ",") {
                endField()
            } else if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
                if b == UInt8(ascii: "\r"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                endField()
                if !(record.count == 1 && record[0].isEmpty) { records.append(record) }
                record.removeAll(keepingCapacity: true)
            } else { field.append(b) }
            i += 1
        }
        if inQuotes {
            throw NaswiftError(.dataCorrupt, "'\(source)': unterminated quoted field at the end of the file",
                               hint: "the file is truncated or has an unbalanced '\"'")
        }
        if !field.isEmpty || !record.isEmpty {
            endField()
            if !(record.count == 1 && record[0].isEmpty) { records.append(record) }
        }
        guard let head = records.first else {
            throw NaswiftError(.dataCorrupt, "'\(source)' is empty", hint: "the CSV needs a header row")
        }
        self.header = head
        let body = Array(records.dropFirst())
        for (r, row) in body.enumerated() where row.count != head.count {
            throw NaswiftError(.dataCorrupt,
                               "'\(source)' line \(r + 2) has \(row.count) fields, the header has \(head.count)",
                               hint: "the file is truncated or corrupt; re-export it")
        }
        self.rows = body
    }

    /// The values of column `name`, in row order; throws `dataCorrupt` listing the columns present.
    func column(_ name: String) throws -> [String] {
        guard let c = header.firstIndex(of: name) else {
            throw NaswiftError(.dataCorrupt, "'\(source)' has no column '\(name)'",
                               hint: "columns present: \(header.joined(separator: ", "))")
        }
        return rows.map { $0[c] }
    }
}
