import Foundation

/// A list of architectures read from a file: `naswift search|compare --cells FILE` (the cells a
/// run searches) and `naswift embed cena jacobians --cells FILE` (the cells to compute).
///
/// Two layouts are read: a text file with one architecture string per line (blank lines skipped),
/// or a CSV whose header row has a column named `arch`, such as the index files naswift writes
/// (`embed cena export` / `embed arch2vec export` `-index.csv`, an EPDJM store's `index.csv`,
/// `queries.csv` of a run). The strings are not parsed here: each space parses its own form.
public struct CellList: Sendable {
    /// The path as given.
    public let source: String
    /// sha256 of the file's bytes (lowercase hex), named in reports.
    public let sha256: String
    /// The architecture strings in file order, with their 1-based line numbers (for messages).
    public let entries: [(line: Int, text: String)]

    /// Reads `path`.
    /// - Throws: `NaswiftError` (.dataMissing) when the file cannot be read; (.invalidArgument)
    ///   when it lists no architecture or an `arch` column is empty on some row.
    public init(path: String) throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw NaswiftError(.dataMissing, "cannot read the cell list '\(path)'",
                               hint: "give a text file with one architecture string per line, or a CSV with an 'arch' column")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw NaswiftError(.invalidArgument, "the cell list '\(path)' is not UTF-8 text",
                               hint: "give a text file with one architecture string per line, or a CSV with an 'arch' column")
        }
        try self.init(text: text, source: path, sha256: SHA256.hex(of: data))
    }

    /// Parses `text` (see the type's layouts); `source` names it in messages.
    public init(text: String, source: String, sha256: String? = nil) throws {
        self.source = source
        self.sha256 = sha256 ?? SHA256.hex(of: Array(text.utf8))
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        var entries: [(line: Int, text: String)] = []
        let header = lines.first.map(Self.csvFields) ?? []
        if let column = header.firstIndex(of: "arch") {
            for (i, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                let fields = Self.csvFields(line)
                guard column < fields.count, !fields[column].isEmpty else {
                    throw NaswiftError(.invalidArgument, "\(source):\(i + 1): no value in the 'arch' column",
                                       hint: "every row of a CSV cell list needs an architecture in its 'arch' column")
                }
                entries.append((i + 1, fields[column]))
            }
        } else {
            for (i, line) in lines.enumerated() {
                let t = line.trimmingCharacters(in: .whitespaces)
                if !t.isEmpty { entries.append((i + 1, t)) }
            }
        }
        guard !entries.isEmpty else {
            throw NaswiftError(.invalidArgument, "the cell list '\(source)' lists no architecture",
                               hint: "one architecture string per line, or a CSV with an 'arch' column")
        }
        self.entries = entries
    }

    /// Every entry parsed by `parse`, in file order. A `NaswiftError` it throws comes back prefixed
    /// with `source:line:` (and `hint` when given), so the message names the line to fix.
    public func parsed<T>(hint: String? = nil, _ parse: (String) throws -> T) throws -> [T] {
        try entries.map { entry in
            do { return try parse(entry.text) } catch let e as NaswiftError {
                throw NaswiftError(e.kind, "\(source):\(entry.line): \(e.message)", hint: hint ?? e.hint)
            }
        }
    }

    /// The fields of one CSV line (double quotes group, `""` is a quote; the line has no newline).
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = [], field = "", quoted = false
        var chars = Array(line)
        if chars.last == "\r" { chars.removeLast() }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { fields.append(field); field = "" }
            else { field.append(c) }
            i += 1
        }
        fields.append(field)
        return fields
    }
}
