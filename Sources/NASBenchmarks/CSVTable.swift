import Foundation
import NASCore

/// A CSV file read into memory: a header and rows of string cells (RFC 4180).
///
/// Accepts `,` separators, `"`-quoted cells (with `""` for a literal quote, and commas or line
/// breaks inside quotes), LF or CRLF line ends, a UTF-8 byte-order mark, and a missing final
/// newline. Blank lines are skipped. Every row must have as many cells as the header.
public struct CSVTable: Sendable {
    /// Column names, in file order.
    public let header: [String]
    /// Data rows (without the header); `rows[i].count == header.count`.
    public let rows: [[String]]
    /// 1-based line number in the file where each data row starts (for error messages).
    public let lineNumbers: [Int]
    /// The file's display name (its path) for messages.
    public let source: String

    /// Reads and parses the file at `url`.
    /// Throws `NaswiftError` (.dataMissing) when the file is missing, (.dataCorrupt) when it is malformed.
    public init(contentsOf url: URL) throws {
        let data = try FileChecks.read(url, what: "CSV file", missingHint: "check the path given to --from")
        try self.init(data: data, source: url.path)
    }

    /// Parses CSV bytes; `source` names the data in errors.
    public init(data: Data, source: String) throws {
        self.source = source
        var records: [[String]] = []
        var lines: [Int] = []
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var i = 0
            let n = bytes.count
            if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
            var line = 1
            var record: [String] = []
            var field: [UInt8] = []
            var recordLine = 1
            var inQuotes = false
            var fieldWasQuoted = false
            var recordHasContent = false
            let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

            func endField() {
                record.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                fieldWasQuoted = false
            }
            func endRecord() {
                endField()
                if recordHasContent || record.count > 1 {
                    records.append(record)
                    lines.append(recordLine)
                }
                record = []
                recordHasContent = false
            }

            while i < n {
                let c = bytes[i]
                if inQuotes {
                    if c == quote {
                        if i + 1 < n, bytes[i + 1] == quote { field.append(quote); i += 2; continue }
                        inQuotes = false
                        i += 1
                        continue
                    }
                    if c == lf { line += 1 }
                    field.append(c)
                    i += 1
                    continue
                }
                switch c {
                case quote:
                    if !field.isEmpty || fieldWasQuoted {
                        throw NaswiftError(.dataCorrupt, "\(source):\(line): unexpected '\"' inside an unquoted cell",
                                           hint: "quote the whole cell and write a literal quote as \"\"")
                    }
                    if !recordHasContent { recordLine = line }
                    inQuotes = true
                    fieldWasQuoted = true
                    recordHasContent = true
                    i += 1
                case comma:
                    if !recordHasContent { recordLine = line }
                    recordHasContent = true
                    endField()
                    i += 1
                case cr:
                    if i + 1 < n, bytes[i + 1] == lf { i += 1 }
                    endRecord(); line += 1; i += 1
                case lf:
                    endRecord(); line += 1; i += 1
                default:
                    if fieldWasQuoted {
                        throw NaswiftError(.dataCorrupt, "\(source):\(line): text after a closing quote",
                                           hint: "a quoted cell must end right before ',' or the line end")
                    }
                    if !recordHasContent { recordLine = line }
                    recordHasContent = true
                    field.append(c)
                    i += 1
                }
            }
            if inQuotes {
                throw NaswiftError(.dataCorrupt, "\(source):\(recordLine): quoted cell is never closed",
                                   hint: "check for a missing '\"' (the file may be truncated)")
            }
            if recordHasContent || !field.isEmpty { endRecord() }
        }
        guard let first = records.first else {
            throw NaswiftError(.dataCorrupt, "\(source): the CSV file is empty", hint: "the first line must be a header of column names")
        }
        let header = first.map { $0.trimmingCharacters(in: .whitespaces) }
        var seen = Set<String>()
        for name in header {
            if name.isEmpty {
                throw NaswiftError(.dataCorrupt, "\(source):\(lines[0]): empty column name in the header",
                                   hint: "name every column")
            }
            if !seen.insert(name).inserted {
                throw NaswiftError(.dataCorrupt, "\(source):\(lines[0]): column '\(name)' appears twice in the header",
                                   hint: "rename one of the columns")
            }
        }
        for r in 1..<records.count where records[r].count != header.count {
            throw NaswiftError(.dataCorrupt,
                               "\(source):\(lines[r]): row has \(records[r].count) cells, the header has \(header.count)",
                               hint: "every row needs one cell per header column (empty cells are allowed)")
        }
        self.header = header
        self.rows = Array(records.dropFirst())
        self.lineNumbers = Array(lines.dropFirst())
    }

    /// Index of column `name`, or nil.
    public func columnIndex(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// Parses a numeric cell: empty (or NA/null/none, any case) is missing (NaN); otherwise a finite
    /// decimal number (`12`, `-0.5`, `1.5e-3`). Everything else throws `.dataCorrupt` naming the
    /// file, line and column: text, hexadecimal (`0x10`), `inf` / `nan` / `infinity`, numbers
    /// beyond the range of a double (`1e400`) and cells holding a NUL byte. One rule for
    /// non-finite values: a benchmark never holds one (a missing value is an empty cell).
    public func number(row: Int, column: Int) throws -> Double {
        let cell = rows[row][column]
        let text = cell.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return .nan }
        switch text.lowercased() {
        case "na", "null", "none": return .nan
        default: break
        }
        let at = "\(source):\(lineNumbers[row]): column '\(header[column])'"
        if cell.utf8.contains(0) {
            throw NaswiftError(.dataCorrupt, "\(at) holds a NUL byte ('\(cell.debugDescription.dropFirst().dropLast())')",
                               hint: "the file is damaged or not a text CSV; re-export it")
        }
        guard Self.isDecimal(text) else {
            let lower = text.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "+-"))
            if ["inf", "infinity", "nan"].contains(lower) {
                throw NaswiftError(.dataCorrupt, "\(at) holds '\(text)', which is not a finite number",
                                   hint: "write a missing value as an empty cell (or NA); infinities are not metrics")
            }
            throw NaswiftError(.dataCorrupt, "\(at) holds '\(text)', not a decimal number",
                               hint: "metric columns must be decimal numbers such as 93.1 or 1.5e-3 (empty cells mean missing)")
        }
        guard let v = Double(text), v.isFinite else {
            throw NaswiftError(.dataCorrupt, "\(at) holds '\(text)', beyond the range of a double (about 1.8e308)",
                               hint: "rescale the metric, or write a missing value as an empty cell")
        }
        return v
    }

    /// `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?` and nothing else.
    static func isDecimal(_ text: String) -> Bool {
        let b = Array(text.utf8)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") { i += 1 }
            return i - start
        }
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
        var mantissa = digits()
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            mantissa += digits()
        }
        if mantissa == 0 { return false }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            if digits() == 0 { return false }
        }
        return i == b.count
    }
}
