import CLibPQ
import Foundation
import NASCore

/// One blocking libpq connection. Not shared: `PGPool` hands it to one thread at a time, which is
/// what libpq requires of a connection (`@unchecked Sendable` for that hand-over only).
final class PGConnection: @unchecked Sendable {
    private let handle: OpaquePointer

    /// Connects with the URL's parts as libpq keywords (no connection-string quoting involved).
    ///
    /// - Parameter connectTimeout: seconds; libpq takes whole seconds, at least 2.
    /// - Throws: `NaswiftError` (.storage) with libpq's message when the server cannot be reached
    ///   or refuses the login.
    init(_ url: PostgresURL, connectTimeout: Double) throws {
        var pairs: [(String, String)] = [
            ("host", url.host), ("port", String(url.port)), ("user", url.user), ("dbname", url.database),
            ("sslmode", url.sslMode.rawValue),
            ("connect_timeout", String(max(2, Int(connectTimeout.rounded(.up))))),
            ("application_name", "naswift"),
        ]
        if let password = url.password { pairs.append(("password", password)) }
        let keys = pairs.map { strdup($0.0) }
        let values = pairs.map { strdup($0.1) }
        defer { (keys + values).forEach { free($0) } }
        var keyPointers = keys.map { UnsafePointer<CChar>($0) } + [nil]
        var valuePointers = values.map { UnsafePointer<CChar>($0) } + [nil]
        guard let conn = PQconnectdbParams(&keyPointers, &valuePointers, 0) else {
            throw NaswiftError(.storage, "cannot connect to PostgreSQL storage \(url.redacted): out of memory")
        }
        if PQstatus(conn) != CONNECTION_OK {
            let message = Self.trimmed(PQerrorMessage(conn))
            PQfinish(conn)
            throw NaswiftError(.storage, "cannot connect to PostgreSQL storage \(url.redacted): \(message)",
                               hint: "check that the server runs and accepts user '\(url.user)' on database '\(url.database)' "
                               + "(URL form postgresql://user[:password]@host[:port]/database; a password can also come from PGPASSWORD)")
        }
        // Server notices ("relation already exists, skipping") are not the user's business.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        handle = conn
    }

    deinit { PQfinish(handle) }

    /// Whether the connection is still usable (a dropped one is discarded by the pool).
    var isHealthy: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Runs one statement and returns its rows (none for commands).
    ///
    /// - Throws: `PGError` with the server's primary message (or libpq's, for a lost connection).
    @discardableResult
    func run(_ query: PGQuery) throws -> [PGRow] {
        let count = Int32(query.parameters.count)
        let types = query.parameters.map { $0.type }
        let texts = query.parameters.map { $0.text.map { strdup($0) } ?? nil }
        defer { texts.forEach { free($0) } }
        let textPointers = texts.map { $0.map { UnsafePointer<CChar>($0) } }
        guard let result = PQexecParams(handle, query.sql, count, types, textPointers, nil, nil, 0) else {
            throw PGError(message: Self.trimmed(PQerrorMessage(handle)))
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK:
            return []
        case PGRES_TUPLES_OK:
            let nColumns = PQnfields(result), nRows = PQntuples(result)
            var columns: [String: Int] = [:]
            for c in 0..<nColumns { columns[String(cString: PQfname(result, c))] = Int(c) }
            var rows: [PGRow] = []
            rows.reserveCapacity(Int(nRows))
            for r in 0..<nRows {
                var values: [String?] = []
                values.reserveCapacity(Int(nColumns))
                for c in 0..<nColumns {
                    values.append(PQgetisnull(result, r, c) != 0 ? nil : String(cString: PQgetvalue(result, r, c)))
                }
                rows.append(PGRow(columns: columns, values: values))
            }
            return rows
        default:
            if let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))) {
                throw PGError(message: String(cString: primary))
            }
            throw PGError(message: Self.trimmed(PQresultErrorMessage(result)))
        }
    }

    private static func trimmed(_ text: UnsafePointer<CChar>?) -> String {
        guard let text else { return "unknown libpq error" }
        return String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// An error reported by the server or libpq for one statement.
struct PGError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
