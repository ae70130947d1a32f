import Foundation
import NASCore
import Testing
@testable import NASStudy

/// The storage backends every conformance check runs on.
enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres
    var description: String { rawValue }
}

/// Opens test storages: a fresh SQLite file in a temp directory, or the PostgreSQL server that
/// scripts/test.sh starts (`NASWIFT_TEST_POSTGRES_URL`).
enum TestStorages {
    static var postgresURL: String? {
        let v = ProcessInfo.processInfo.environment["NASWIFT_TEST_POSTGRES_URL"]
        return (v?.isEmpty ?? true) ? nil : v
    }

    static var isCI: Bool {
        let v = ProcessInfo.processInfo.environment["CI"]?.lowercased()
        return v == "true" || v == "1"
    }

    /// PostgreSQL tests run when a server is configured, and always in CI (where a missing server
    /// makes them fail instead of skipping).
    static var postgresEnabled: Bool {
        let on = postgresURL != nil || isCI
        if !on { skipNotice() }
        return on
    }

    private static let notice: Void = {
        print("""
            ◇ SKIPPING the PostgreSQL study-storage tests: NASWIFT_TEST_POSTGRES_URL is not set. \
            Run `bash scripts/test.sh` (starts a throwaway server) or `bash scripts/test-postgres.sh --foreground`.
            """)
    }()
    static func skipNotice() { _ = notice }

    /// A new temp directory (removed by the OS; tests write only small files there).
    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-study-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The storage URL for `backend`: a new SQLite file, or the shared test PostgreSQL database.
    static func url(_ backend: Backend) throws -> String {
        switch backend {
        case .sqlite:
            return "sqlite://" + (try tempDir().appendingPathComponent("studies.db").path)
        case .postgres:
            guard let u = postgresURL else {
                throw NaswiftError(.storage, "NASWIFT_TEST_POSTGRES_URL is not set but CI=true: the PostgreSQL storage tests must run in CI",
                                   hint: "run the suite through scripts/test.sh, which starts PostgreSQL")
            }
            return u
        }
    }

    static func open(_ url: String) async throws -> any StudyStorage {
        try await StorageURL(parsing: url).open()
    }

    static func open(_ backend: Backend) async throws -> any StudyStorage {
        try await open(try url(backend))
    }

    /// A study name no other test uses (tests share the PostgreSQL database).
    static func uniqueName(_ stem: String) -> String { "\(stem)-\(UUID().uuidString.prefix(8))" }
}
