import Foundation
import NASCore

/// One result row of a PostgreSQL statement, in libpq's text format, read by column name.
///
/// Every typed read throws `NaswiftError` (.dataCorrupt) naming the column and the bad text, so a
/// damaged cell is reported, never trapped on.
struct PGRow: Sendable {
    /// Column name to index, shared by the rows of one result.
    let columns: [String: Int]
    /// The cells; `nil` is SQL NULL.
    let values: [String?]

    /// The raw text of `column`; throws if the statement returned no such column.
    func text(_ column: String) throws -> String? {
        guard let i = columns[column] else {
            throw NaswiftError(.dataCorrupt, "PostgreSQL result has no column '\(column)'",
                               hint: "the database schema is older or newer than this naswift; recreate the tables or upgrade naswift")
        }
        return values[i]
    }

    private func corrupt(_ column: String, _ text: String, _ type: String) -> NaswiftError {
        NaswiftError(.dataCorrupt, "column '\(column)' holds '\(text)', not \(type)",
                     hint: "repair the row in the database (psql) or export what is readable with `naswift study export`")
    }

    private func required(_ column: String) throws -> String {
        guard let t = try text(column) else {
            throw NaswiftError(.dataCorrupt, "column '\(column)' is NULL where a value is required",
                               hint: "repair the row in the database (psql)")
        }
        return t
    }

    func string(_ column: String) throws -> String { try required(column) }
    func optionalString(_ column: String) throws -> String? { try text(column) }

    func int64(_ column: String) throws -> Int64 {
        let t = try required(column)
        guard let v = Int64(t) else { throw corrupt(column, t, "an integer") }
        return v
    }

    func int(_ column: String) throws -> Int { Int(try int64(column)) }

    func optionalInt(_ column: String) throws -> Int? {
        guard let t = try text(column) else { return nil }
        guard let v = Int(t) else { throw corrupt(column, t, "an integer") }
        return v
    }

    func double(_ column: String) throws -> Double {
        let t = try required(column)
        guard let v = Self.parseDouble(t), v.isFinite else { throw corrupt(column, t, "a finite number") }
        return v
    }

    func optionalDouble(_ column: String) throws -> Double? {
        guard let t = try text(column) else { return nil }
        guard let v = Self.parseDouble(t), v.isFinite else { throw corrupt(column, t, "a finite number") }
        return v
    }

    /// float8 text output: decimal, `Infinity`, `-Infinity` or `NaN` (the typed reads then refuse
    /// the non-finite ones: no stored number of a study may be infinite or NaN).
    static func parseDouble(_ text: String) -> Double? {
        switch text {
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        case "NaN": return .nan
        default: return Double(text)
        }
    }
}
