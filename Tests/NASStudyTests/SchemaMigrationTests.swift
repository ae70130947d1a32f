import Foundation
import NASCore
import NASTestSupport
import Testing
@testable import NASStudy

/// A study database written by the previous version (no options/benchmark/task/data_directory
/// columns) still opens: the columns are added, its studies read as having no options and no
/// benchmark, and new studies store theirs.
@Suite("Study storage schema migration")
struct SchemaMigrationTests {
    /// The tables exactly as the previous version created them, with one study and one trial,
    /// written by python's sqlite3 module (not by naswift).
    static let oldSchema = """
        import sqlite3, sys
        db = sqlite3.connect(sys.argv[1])
        db.executescript('''
        CREATE TABLE naswift_studies (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            space TEXT NOT NULL,
            strategy TEXT NOT NULL,
            metric TEXT NOT NULL,
            direction TEXT NOT NULL CHECK (direction IN ('max', 'min')),
            budget INTEGER,
            batch_size INTEGER NOT NULL,
            seed INTEGER NOT NULL,
            heartbeat_timeout REAL NOT NULL,
            max_attempts INTEGER NOT NULL,
            trial_count INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL
        );
        CREATE TABLE naswift_trials (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            study_id INTEGER NOT NULL REFERENCES naswift_studies(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'complete', 'failed')),
            architecture TEXT NOT NULL,
            value REAL,
            worker TEXT,
            heartbeat_at REAL,
            attempts INTEGER NOT NULL DEFAULT 0,
            message TEXT,
            created_at REAL NOT NULL,
            started_at REAL,
            finished_at REAL,
            UNIQUE (study_id, number)
        );
        CREATE INDEX naswift_trials_queue ON naswift_trials (study_id, state, id);
        INSERT INTO naswift_studies (name, space, strategy, metric, direction, budget, batch_size, seed,
            heartbeat_timeout, max_attempts, trial_count, created_at)
        VALUES ('old', 'nb201', 're', 'val_acc', 'min', 5, 1, 3, 60.0, 3, 1, 1700000000.0);
        INSERT INTO naswift_trials (study_id, number, state, architecture, value, attempts, created_at, started_at, finished_at)
        VALUES (1, 0, 'complete', '|nor_conv_3x3~0|+|skip_connect~0|none~1|+|avg_pool_3x3~0|nor_conv_1x1~1|skip_connect~2|',
                12.5, 1, 1700000001.0, 1700000001.0, 1700000002.0);
        ''')
        db.commit()
        """

    /// The previous version's PostgreSQL tables (as its `migrate` created them) with the same study
    /// and trial.
    static let oldPostgresSchema = """
        CREATE TABLE naswift_studies (
            id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE, space TEXT NOT NULL, strategy TEXT NOT NULL,
            metric TEXT NOT NULL, direction TEXT NOT NULL CHECK (direction IN ('max', 'min')), budget BIGINT,
            batch_size BIGINT NOT NULL, seed BIGINT NOT NULL, heartbeat_timeout DOUBLE PRECISION NOT NULL,
            max_attempts BIGINT NOT NULL, trial_count BIGINT NOT NULL DEFAULT 0, created_at DOUBLE PRECISION NOT NULL);
        CREATE TABLE naswift_trials (
            id BIGSERIAL PRIMARY KEY, study_id BIGINT NOT NULL REFERENCES naswift_studies(id) ON DELETE CASCADE,
            number BIGINT NOT NULL, state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'complete', 'failed')),
            architecture TEXT NOT NULL, value DOUBLE PRECISION, worker TEXT, heartbeat_at DOUBLE PRECISION,
            attempts BIGINT NOT NULL DEFAULT 0, message TEXT, created_at DOUBLE PRECISION NOT NULL,
            started_at DOUBLE PRECISION, finished_at DOUBLE PRECISION, UNIQUE (study_id, number));
        CREATE INDEX naswift_trials_queue ON naswift_trials (study_id, state, id);
        INSERT INTO naswift_studies (name, space, strategy, metric, direction, budget, batch_size, seed,
            heartbeat_timeout, max_attempts, trial_count, created_at)
        VALUES ('old', 'nb201', 're', 'val_acc', 'min', 5, 1, 3, 60.0, 3, 1, 1700000000.0);
        INSERT INTO naswift_trials (study_id, number, state, architecture, value, attempts, created_at, started_at, finished_at)
        VALUES (1, 0, 'complete', '|nor_conv_3x3~0|+|skip_connect~0|none~1|+|avg_pool_3x3~0|nor_conv_1x1~1|skip_connect~2|',
                12.5, 1, 1700000001.0, 1700000001.0, 1700000002.0);
        """

    static func psql(_ url: String, _ sql: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql]
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        try p.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        if p.terminationStatus != 0 { throw NaswiftError(.storage, "psql failed: \(message)") }
    }

    @Test func previousVersionSQLiteDatabaseOpens() async throws {
        let path = try TestStorages.tempDir().appendingPathComponent("old.db").path
        _ = try PythonProcess.run(["-c", Self.oldSchema, path])
        try await Self.check(open: { try SQLiteStorage(path: path) })
    }

    /// The same on PostgreSQL, in a fresh database of the test server made with psql.
    @Test(.enabled(if: TestStorages.postgresEnabled, "NASWIFT_TEST_POSTGRES_URL is not set"))
    func previousVersionPostgresDatabaseOpens() async throws {
        let base = try TestStorages.url(.postgres)
        guard let slash = base.lastIndex(of: "/") else { Issue.record("no database in \(base)"); return }
        let db = "naswift_old_\(UUID().uuidString.prefix(8).lowercased())"
        let url = String(base[..<slash]) + "/" + db
        try Self.psql(base, "CREATE DATABASE \(db)")
        do {
            try Self.psql(url, Self.oldPostgresSchema)
            try await Self.check(open: { try await StorageURL(parsing: url).open() })
        } catch {
            try? Self.psql(base, "DROP DATABASE \(db) WITH (FORCE)")
            throw error
        }
        try Self.psql(base, "DROP DATABASE \(db) WITH (FORCE)")
    }

    static func check(open: () async throws -> any StudyStorage) async throws {
        let storage = try await open()
        let old = try await storage.study(named: "old")
        #expect(old.spec == StudySpec(name: "old", space: "nb201", strategy: "re", metric: "val_acc", direction: .minimize,
                                      budget: 5, batchSize: 1, seed: 3, heartbeatTimeout: 60, maxAttempts: 3))
        #expect(old.trialCount == 1)
        let trials = try await storage.trials(studyID: old.id)
        #expect(trials.count == 1 && trials[0].value == 12.5 && trials[0].state == .complete)
        // The old study goes on: a proposal round over its stored trial, then a new trial.
        let study = Study(record: old, storage: storage)
        guard case .trial(let t) = try await study.ask(ClaimRequest(worker: "w", heartbeat: false)) else {
            Issue.record("the old study handed out no trial"); return
        }
        #expect(t.number == 1)
        try await study.tell(t.id, .complete(value: 10))
        // New studies in the migrated file keep their options and benchmark.
        let spec = StudySpec(name: "new", space: "nb201", strategy: "re", metric: "acc", direction: .maximize,
                             options: ["population": "10"], benchmark: "nb201", task: "cifar10", dataDirectory: "/d")
        #expect(try await storage.createStudy(spec).spec == spec)
        await storage.close()
        // Opening again (columns present now) changes nothing.
        let again = try await open()
        #expect(try await again.study(named: "new").spec == spec)
        #expect(try await again.study(named: "old").spec.options.isEmpty)
        #expect(try await again.trials(studyID: old.id).count == 2)
        await again.close()
    }
}
