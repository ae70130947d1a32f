import Foundation
import GRDB
import NASCore

/// One result row of a SQLite statement, read by column name with explicit type checks.
///
/// GRDB's subscripts (`row["value"] as Double`) trap when a cell holds another type (SQLite keeps
/// whatever was written: `UPDATE naswift_trials SET value = 'abc'` stores text in a REAL column).
/// Every typed read here throws `NaswiftError` (.dataCorrupt) naming the column and the bad cell
/// instead, as `PGRow` does for PostgreSQL.
struct SQLiteRow {
    let row: Row

    init(_ row: Row) { self.row = row }

    static let repairHint = "repair the row with the sqlite3 shell (e.g. `UPDATE naswift_trials SET value = NULL WHERE id = ...`) "
        + "or export what is readable with `naswift study export`"

    /// The raw cell of `column`; throws if the statement returned no such column.
    func cell(_ column: String) throws -> DatabaseValue {
        guard row.hasColumn(column) else {
            throw NaswiftError(.dataCorrupt, "SQLite result has no column '\(column)'",
                               hint: "the database schema is older or newer than this naswift; upgrade naswift or recreate the database")
        }
        return row[column] as DatabaseValue  // DatabaseValue holds any cell: this read cannot fail
    }

    private func corrupt(_ column: String, _ value: DatabaseValue, _ type: String) -> NaswiftError {
        NaswiftError(.dataCorrupt, "column '\(column)' holds \(Self.describe(value)), not \(type)", hint: Self.repairHint)
    }

    /// A cell as the message shows it: `'abc'` (text), `42`, `1.5`, `a 3-byte blob`, `NULL`.
    static func describe(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return "NULL"
        case .int64(let v): return "\(v)"
        case .double(let v): return "\(v)"
        case .string(let s): return "'\(s.count > 40 ? String(s.prefix(40)) + "..." : s)'"
        case .blob(let d): return "a \(d.count)-byte blob"
        }
    }

    private func nonNull(_ column: String) throws -> DatabaseValue {
        let v = try cell(column)
        if v.isNull {
            throw NaswiftError(.dataCorrupt, "column '\(column)' is NULL where a value is required", hint: Self.repairHint)
        }
        return v
    }

    func string(_ column: String) throws -> String {
        let v = try nonNull(column)
        guard case .string(let s) = v.storage else { throw corrupt(column, v, "text") }
        return s
    }

    func optionalString(_ column: String) throws -> String? {
        let v = try cell(column)
        switch v.storage {
        case .null: return nil
        case .string(let s): return s
        default: throw corrupt(column, v, "text")
        }
    }

    func int64(_ column: String) throws -> Int64 {
        let v = try nonNull(column)
        guard let i = Self.integer(v) else { throw corrupt(column, v, "an integer") }
        return i
    }

    func int(_ column: String) throws -> Int { Int(try int64(column)) }

    func optionalInt(_ column: String) throws -> Int? {
        let v = try cell(column)
        if v.isNull { return nil }
        guard let i = Self.integer(v) else { throw corrupt(column, v, "an integer") }
        return Int(i)
    }

    /// Finite numbers only: SQLite stores `1e999` as infinity, which no report or JSON can hold.
    func double(_ column: String) throws -> Double {
        let v = try nonNull(column)
        guard let d = Self.number(v) else { throw corrupt(column, v, "a finite number") }
        return d
    }

    func optionalDouble(_ column: String) throws -> Double? {
        let v = try cell(column)
        if v.isNull { return nil }
        guard let d = Self.number(v) else { throw corrupt(column, v, "a finite number") }
        return d
    }

    private static func integer(_ v: DatabaseValue) -> Int64? {
        switch v.storage {
        case .int64(let i): return i
        case .double(let d) where d.isFinite && d == d.rounded() && abs(d) < 9.0e18: return Int64(d)
        default: return nil
        }
    }

    private static func number(_ v: DatabaseValue) -> Double? {
        switch v.storage {
        case .int64(let i): return Double(i)
        case .double(let d) where d.isFinite: return d
        default: return nil
        }
    }
}
