import Foundation
import NASCore

/// Where a study storage lives, parsed from `--storage`:
/// - `sqlite:///abs/path/file.db` (or `sqlite://relative/file.db`, `sqlite:/abs/path/file.db`,
///   or a bare path ending in `.db`);
/// - `postgresql://user[:password]@host[:port]/database[?sslmode=disable|prefer|require]`
///   (`postgres://` too; the password may also come from `$PGPASSWORD`).
/// Without `--storage`, studies go to `studies.db` in the data directory (`$NASWIFT_DATA`, else
/// `~/.cache/naswift`).
public enum StorageURL: Sendable, Hashable {
    case sqlite(path: String)
    case postgres(PostgresURL)

    static let hint = "use sqlite:///path/to/studies.db or postgresql://user@host:5432/database"

    /// Parses a storage URL; throws `NaswiftError` (.invalidArgument) saying what is wrong.
    public init(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("sqlite://") {
            let path = String(t.dropFirst("sqlite://".count))
            if path.isEmpty || path == "/" {
                throw NaswiftError(.invalidArgument, "storage URL '\(text)' has no file path", hint: Self.hint)
            }
            self = .sqlite(path: path)
        } else if t.hasPrefix("sqlite:") && !t.hasPrefix("sqlite://") {
            // `sqlite:/abs/file.db` or `sqlite:rel/file.db`: the scheme without the two slashes
            let path = String(t.dropFirst("sqlite:".count))
            if path.isEmpty || path == "/" {
                throw NaswiftError(.invalidArgument, "storage URL '\(text)' has no file path", hint: Self.hint)
            }
            self = .sqlite(path: path)
        } else if t.hasPrefix("postgresql://") || t.hasPrefix("postgres://") {
            self = .postgres(try PostgresURL(parsing: t, environment: environment))
        } else if !t.contains("://") && (t.hasSuffix(".db") || t.hasSuffix(".sqlite")) {
            self = .sqlite(path: t)
        } else {
            let scheme = t.components(separatedBy: "://").first ?? t
            throw NaswiftError(.invalidArgument,
                               t.contains("://") ? "unsupported storage scheme '\(scheme)' in '\(text)'"
                                                 : "storage '\(text)' is not a URL",
                               hint: Self.hint)
        }
    }

    /// The data directory: `$NASWIFT_DATA`, else `~/.cache/naswift`.
    public static func dataDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let d = environment["NASWIFT_DATA"], !d.isEmpty { return d }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".cache/naswift")
    }

    /// `sqlite://<data directory>/studies.db`.
    public static func defaultStorage(environment: [String: String] = ProcessInfo.processInfo.environment) -> StorageURL {
        .sqlite(path: (dataDirectory(environment: environment) as NSString).appendingPathComponent("studies.db"))
    }

    /// `--storage` if given, else `$NASWIFT_STORAGE`, else the default SQLite file.
    public static func resolve(_ option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> StorageURL {
        if let option, !option.isEmpty { return try StorageURL(parsing: option, environment: environment) }
        if let env = environment["NASWIFT_STORAGE"], !env.isEmpty { return try StorageURL(parsing: env, environment: environment) }
        return defaultStorage(environment: environment)
    }

    /// The URL without a password.
    public var redacted: String {
        switch self {
        case .sqlite(let path): return "sqlite://\(path)"
        case .postgres(let u): return u.redacted
        }
    }

    /// Opens the storage. With `create` (the default, and `study create`), a missing SQLite file
    /// (and the default data directory) and naswift's tables are created; without it (every other
    /// command), the database must already hold naswift's tables and nothing is created or added.
    public func open(create: Bool = true) async throws -> any StudyStorage {
        switch self {
        case .sqlite(let path):
            if create && self == StorageURL.defaultStorage() {
                try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                         withIntermediateDirectories: true)
            }
            return try SQLiteStorage(path: path, create: create)
        case .postgres(let u):
            return try await PostgresStorage.connect(u, create: create)
        }
    }
}

/// The parts of a `postgresql://` URL.
public struct PostgresURL: Sendable, Hashable {
    public enum SSLMode: String, Sendable, Hashable { case disable, prefer, require }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: SSLMode

    public init(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let hint = StorageURL.hint
        guard let comps = URLComponents(string: text), let scheme = comps.scheme,
              scheme == "postgresql" || scheme == "postgres" else {
            throw NaswiftError(.invalidArgument, "malformed PostgreSQL URL '\(text)'", hint: hint)
        }
        guard let host = comps.host, !host.isEmpty else {
            throw NaswiftError(.invalidArgument, "PostgreSQL URL '\(text)' has no host", hint: hint)
        }
        let db = comps.path.hasPrefix("/") ? String(comps.path.dropFirst()) : comps.path
        if db.isEmpty || db.contains("/") {
            throw NaswiftError(.invalidArgument, "PostgreSQL URL '\(text)' must name one database after the host",
                               hint: hint)
        }
        let user = comps.user.flatMap { $0.removingPercentEncoding ?? $0 } ?? environment["PGUSER"] ?? environment["USER"] ?? ""
        if user.isEmpty {
            throw NaswiftError(.invalidArgument, "PostgreSQL URL '\(text)' has no user", hint: hint)
        }
        self.user = user
        self.password = comps.password.flatMap { $0.removingPercentEncoding ?? $0 } ?? environment["PGPASSWORD"]
        self.host = host
        self.port = comps.port ?? 5432
        if !(1...65535).contains(self.port) {
            throw NaswiftError(.invalidArgument, "PostgreSQL URL '\(text)' has port \(self.port) out of range", hint: hint)
        }
        self.database = db
        var mode = SSLMode.disable
        for item in comps.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let v = item.value, let m = SSLMode(rawValue: v) else {
                    throw NaswiftError(.invalidArgument, "unknown sslmode '\(item.value ?? "")' in '\(text)'",
                                       hint: "use sslmode=disable, prefer or require")
                }
                mode = m
            default:
                throw NaswiftError(.invalidArgument, "unknown parameter '\(item.name)' in PostgreSQL URL '\(text)'",
                                   hint: "the only parameter is sslmode=disable|prefer|require")
            }
        }
        self.sslMode = mode
    }

    /// The URL without the password.
    public var redacted: String {
        "postgresql://\(user)@\(host):\(port)/\(database)" + (sslMode == .disable ? "" : "?sslmode=\(sslMode.rawValue)")
    }
}
