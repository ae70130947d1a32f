// Over 300 lines on purpose: every `StudyStorage` operation of the SQLite backend, each a
// transaction in its SQL dialect, beside the schema and its migration they rely on.
import Foundation
import GRDB
import NASCore

/// Studies in one SQLite file (via GRDB), safe for many worker processes on one machine.
///
/// The file is opened as a `DatabasePool` in WAL mode (readers never block the writer) with a
/// busy timeout, and every change is one `BEGIN IMMEDIATE` transaction, so concurrent processes
/// queue for the write lock instead of failing. Claiming selects the oldest queued trial and marks
/// it running inside that transaction: no trial is handed out twice.
public final class SQLiteStorage: StudyStorage, @unchecked Sendable {
    // @unchecked: `pool` is a thread-safe GRDB DatabasePool; the other stored properties are lets.
    public let location: String
    /// The database file.
    public let path: String
    private let pool: DatabasePool

    /// Opens the database file at `path`; with `create`, creates the file and naswift's tables
    /// when missing.
    ///
    /// Without `create` (every command but `study create`), the file must exist and already hold
    /// naswift's tables: a mistyped path is not made into an empty database, and another program's
    /// SQLite file is checked read-only and left untouched (no tables added, no WAL switch).
    ///
    /// - Parameters:
    ///   - path: the database file.
    ///   - busyTimeout: seconds a transaction waits for another process's write lock.
    ///   - create: create the file and naswift's tables when missing (`study create` only).
    /// - Throws: `NaswiftError` (.storage) when the directory or (without `create`) the file does not
    ///   exist, or the file is not a naswift SQLite database.
    public init(path: String, busyTimeout: Double = 30, create: Bool = true) throws {
        self.path = path
        self.location = "sqlite://\(path)"
        // without `create` (every command but `study create`) a missing file is the error to report,
        // also when its directory is missing (e.g. the default storage before the first study)
        if !create { try SQLiteStorage.checkExisting(path) }
        let dir = (path as NSString).deletingLastPathComponent
        var isDir: ObjCBool = false
        if !dir.isEmpty && !(FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) && isDir.boolValue) {
            throw NaswiftErrorShim.storage("cannot open SQLite storage \(path): directory \(dir) does not exist",
                                           hint: "create the directory first, or use --storage sqlite:///an/existing/dir/studies.db")
        }
        var config = Configuration()
        config.journalMode = .wal
        config.busyMode = .timeout(busyTimeout)
        config.label = "naswift-studies"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    try SQLiteStorage.migrate(db)
                    return .commit
                }
            }
        } catch let e as DatabaseError {
            throw NaswiftErrorShim.storage("cannot open SQLite storage \(path): \(e.message ?? e.description)",
                                           hint: "check that the file is a naswift study database and is writable")
        }
    }

    /// Throws unless `path` is an existing SQLite file holding naswift's tables; reads it
    /// read-only, so another program's database is not changed.
    static func checkExisting(_ path: String) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw NaswiftErrorShim.storage("no study database at \(path)",
                                           hint: "check --storage / $NASWIFT_STORAGE; `naswift study create NAME ...` creates the database")
        }
        if isDir.boolValue {
            throw NaswiftErrorShim.storage("study storage \(path) is a directory, not a SQLite file",
                                           hint: "pass the database file, e.g. --storage sqlite://\(path)/studies.db")
        }
        var config = Configuration()
        config.readonly = true
        config.label = "naswift-check"
        let tables: Set<String>
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            tables = try queue.read { db in
                Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
            }
            try queue.close()
        } catch let e as DatabaseError {
            throw NaswiftErrorShim.storage("\(path) is not a readable SQLite database: \(e.message ?? e.description)",
                                           hint: "pass a naswift study database with --storage")
        }
        if !tables.contains("naswift_studies") || !tables.contains("naswift_trials") {
            throw NaswiftErrorShim.storage("\(path) is a SQLite database without naswift's study tables"
                                           + (tables.isEmpty ? "" : " (it has: \(tables.sorted().prefix(8).joined(separator: ", ")))"),
                                           hint: "pass a naswift study database with --storage; it was left unchanged "
                                           + "(only `naswift study create` adds naswift's tables to a file)")
        }
    }

    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS naswift_studies (
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
                created_at REAL NOT NULL,
                options TEXT NOT NULL DEFAULT '{}',
                benchmark TEXT,
                task TEXT,
                data_directory TEXT
            );
            CREATE TABLE IF NOT EXISTS naswift_trials (
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
            CREATE INDEX IF NOT EXISTS naswift_trials_queue ON naswift_trials (study_id, state, id);
            """)
        // Databases of earlier versions lack the columns added since (one IMMEDIATE transaction:
        // concurrent openers do not both add a column).
        let have = Set(try Row.fetchAll(db, sql: "PRAGMA table_info(naswift_studies)").map { $0["name"] as String })
        for (column, definition) in StorageRules.addedStudyColumns where !have.contains(column) {
            try db.execute(sql: "ALTER TABLE naswift_studies ADD COLUMN \(column) \(definition)")
        }
    }

    // MARK: transactions

    private static func now() -> Double { Date().timeIntervalSince1970 }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction (committed unless it throws), mapping
    /// SQLite errors to `NaswiftError`.
    private func transaction<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch let e as DatabaseError {
            throw NaswiftErrorShim.storage("SQLite storage \(path): \(e.message ?? e.description)",
                                           hint: "another process may hold the database for too long; retry")
        }
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch let e as DatabaseError {
            throw NaswiftErrorShim.storage("SQLite storage \(path): \(e.message ?? e.description)")
        }
    }

    // MARK: rows

    private static let trialColumns = """
        id, study_id, number, state, architecture, value, worker, heartbeat_at, attempts, message, \
        created_at, started_at, finished_at
        """

    /// Decodes a trial row; a damaged cell throws a `NaswiftError` naming the trial and column.
    private static func trial(_ row: Row) throws -> TrialRecord {
        let r = SQLiteRow(row)
        return try StorageRows.trial(r, id: (try? r.int64("id")).map(String.init), stateHint: SQLiteRow.repairHint)
    }

    /// Decodes a study row; a damaged cell throws a `NaswiftError` naming the study and column.
    private static func study(_ row: Row) throws -> StudyRecord { try StorageRows.study(SQLiteRow(row)) }

    private static func fetchTrial(_ db: Database, id: Int64) throws -> TrialRecord? {
        try Row.fetchOne(db, sql: "SELECT \(trialColumns) FROM naswift_trials WHERE id = ?", arguments: [id]).map(trial)
    }

    // MARK: studies

    public func createStudy(_ spec: StudySpec) async throws -> StudyRecord {
        try spec.validate()
        let created = try await transaction { db -> StudyRecord? in
            if try Int64.fetchOne(db, sql: "SELECT id FROM naswift_studies WHERE name = ?", arguments: [spec.name]) != nil {
                return nil
            }
            try db.execute(sql: """
                INSERT INTO naswift_studies (name, space, strategy, metric, direction, budget, batch_size, seed,
                    heartbeat_timeout, max_attempts, trial_count, created_at, options, benchmark, task, data_directory)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)
                """, arguments: [spec.name, spec.space, spec.strategy, spec.metric, spec.direction.rawValue,
                                 spec.budget, spec.batchSize, Int64(bitPattern: spec.seed),
                                 spec.heartbeatTimeout, spec.maxAttempts, SQLiteStorage.now(),
                                 StudySpec.encodeOptions(spec.options), spec.benchmark, spec.task, spec.dataDirectory])
            let row = try Row.fetchOne(db, sql: "SELECT * FROM naswift_studies WHERE id = ?", arguments: [db.lastInsertedRowID])
            return try row.map(SQLiteStorage.study)
        }
        guard let created else { throw StorageErrors.studyExists(spec.name, location: location) }
        return created
    }

    public func study(named name: String) async throws -> StudyRecord {
        let found = try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM naswift_studies WHERE name = ?", arguments: [name]).map(SQLiteStorage.study)
        }
        if let found { return found }
        throw StorageErrors.unknownStudy(name, existing: try await studies().map(\.name), location: location)
    }

    public func studies() async throws -> [StudyRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM naswift_studies ORDER BY id").map(SQLiteStorage.study)
        }
    }

    public func deleteStudy(named name: String) async throws {
        let deleted = try await transaction { db -> Bool in
            try db.execute(sql: "DELETE FROM naswift_studies WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
        if !deleted { throw StorageErrors.unknownStudy(name, existing: try await studies().map(\.name), location: location) }
    }

    // MARK: trials

    public func trials(studyID: Int64) async throws -> [TrialRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT \(SQLiteStorage.trialColumns) FROM naswift_trials WHERE study_id = ? ORDER BY number",
                             arguments: [studyID]).map(SQLiteStorage.trial)
        }
    }

    public func trial(id: Int64) async throws -> TrialRecord {
        if let t = try await read({ db in try SQLiteStorage.fetchTrial(db, id: id) }) { return t }
        throw StorageErrors.unknownTrial(id, location: location)
    }

    public func enqueue(studyID: Int64, architectures: [String], seenTrialCount: Int,
                        claimFor: ClaimRequest?) async throws -> EnqueueResult {
        let location = self.location
        return try await transaction { db in
            guard let study = try Row.fetchOne(db, sql: "SELECT * FROM naswift_studies WHERE id = ?", arguments: [studyID])
                .map(SQLiteStorage.study) else { throw StorageErrors.unknownStudyID(studyID, location: location) }
            let recent = try String.fetchAll(db, sql: "SELECT architecture FROM naswift_trials WHERE study_id = ? AND number >= ?",
                                             arguments: [studyID, seenTrialCount])
            let fresh = StorageRules.admissible(architectures, taken: Set(recent), trialCount: study.trialCount,
                                                budget: study.spec.budget)
            let now = SQLiteStorage.now()
            var inserted: [TrialRecord] = []
            for (k, arch) in fresh.enumerated() {
                try db.execute(sql: """
                    INSERT INTO naswift_trials (study_id, number, state, architecture, attempts, created_at)
                    VALUES (?, ?, 'queued', ?, 0, ?)
                    """, arguments: [studyID, study.trialCount + k, arch, now])
                if let t = try SQLiteStorage.fetchTrial(db, id: db.lastInsertedRowID) { inserted.append(t) }
            }
            let count = study.trialCount + fresh.count
            if !fresh.isEmpty {
                try db.execute(sql: "UPDATE naswift_studies SET trial_count = ? WHERE id = ?", arguments: [count, studyID])
            }
            let claimed = try claimFor.flatMap { try SQLiteStorage.claimOldest(db, studyID: studyID, request: $0) }
            return EnqueueResult(inserted: inserted, claimed: claimed, trialCount: count)
        }
    }

    private static func claimOldest(_ db: Database, studyID: Int64, request: ClaimRequest) throws -> TrialRecord? {
        guard let id = try Int64.fetchOne(db, sql: """
            SELECT id FROM naswift_trials WHERE study_id = ? AND state = 'queued' ORDER BY id LIMIT 1
            """, arguments: [studyID]) else { return nil }
        let now = now()
        try db.execute(sql: """
            UPDATE naswift_trials SET state = 'running', worker = ?, heartbeat_at = ?, attempts = attempts + 1,
                started_at = ? WHERE id = ? AND state = 'queued'
            """, arguments: [request.worker, request.heartbeat ? now : nil, now, id])
        return try fetchTrial(db, id: id)
    }

    public func claim(studyID: Int64, _ request: ClaimRequest) async throws -> TrialRecord? {
        try await transaction { db in try SQLiteStorage.claimOldest(db, studyID: studyID, request: request) }
    }

    public func heartbeat(trialID: Int64, worker: String) async throws -> Bool {
        try await transaction { db in
            try db.execute(sql: """
                UPDATE naswift_trials SET heartbeat_at = ? WHERE id = ? AND state = 'running' AND worker = ?
                """, arguments: [SQLiteStorage.now(), trialID, worker])
            return db.changesCount > 0
        }
    }

    public func release(trialID: Int64, worker: String, message: String) async throws -> Bool {
        try await transaction { db in
            try db.execute(sql: """
                UPDATE naswift_trials SET state = 'queued', worker = NULL, heartbeat_at = NULL, started_at = NULL,
                    attempts = MAX(attempts - 1, 0), message = ? WHERE id = ? AND state = 'running' AND worker = ?
                """, arguments: [message, trialID, worker])
            return db.changesCount > 0
        }
    }

    public func finish(trialID: Int64, worker: String?, outcome: TrialOutcome) async throws -> TrialRecord {
        try StorageRules.validate(outcome)
        let location = self.location
        return try await transaction { db in
            guard let current = try SQLiteStorage.fetchTrial(db, id: trialID) else {
                throw StorageErrors.unknownTrial(trialID, location: location)
            }
            try StorageRules.checkFinishable(current, worker: worker)
            let now = SQLiteStorage.now()
            switch outcome {
            case .complete(let value):
                try db.execute(sql: """
                    UPDATE naswift_trials SET state = 'complete', value = ?, finished_at = ?,
                        started_at = COALESCE(started_at, ?) WHERE id = ?
                    """, arguments: [value, now, now, trialID])
            case .failed(let message):
                try db.execute(sql: """
                    UPDATE naswift_trials SET state = 'failed', value = NULL, message = ?, finished_at = ?,
                        started_at = COALESCE(started_at, ?) WHERE id = ?
                    """, arguments: [message, now, now, trialID])
            }
            guard let done = try SQLiteStorage.fetchTrial(db, id: trialID) else {
                throw StorageErrors.unknownTrial(trialID, location: location)
            }
            return done
        }
    }

    public func reapStale(studyID: Int64) async throws -> ReapResult {
        // Cheap read first (no write lock), then re-check and update inside a write transaction.
        let anyStale = try await read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM naswift_trials t JOIN naswift_studies s ON s.id = t.study_id
                    WHERE t.study_id = ? AND t.state = 'running' AND t.heartbeat_at IS NOT NULL
                      AND t.heartbeat_at < ? - s.heartbeat_timeout)
                """, arguments: [studyID, SQLiteStorage.now()]) ?? false
        }
        if !anyStale { return ReapResult() }
        return try await transaction { db in
            guard let study = try Row.fetchOne(db, sql: "SELECT * FROM naswift_studies WHERE id = ?", arguments: [studyID])
                .map(SQLiteStorage.study) else { return ReapResult() }
            let now = SQLiteStorage.now()
            let cutoff = now - study.spec.heartbeatTimeout
            let stale = try Row.fetchAll(db, sql: """
                SELECT id, attempts, worker FROM naswift_trials
                WHERE study_id = ? AND state = 'running' AND heartbeat_at IS NOT NULL AND heartbeat_at < ?
                """, arguments: [studyID, cutoff])
            var result = ReapResult()
            for row in stale {
                let r = SQLiteRow(row)
                let id = try r.int64("id")
                let attempts: Int
                do { attempts = try r.int("attempts") } catch let e as NaswiftError {
                    throw NaswiftError(e.kind, "trial id \(id): \(e.message)", hint: e.hint)
                }
                let worker = (try? r.optionalString("worker")) ?? "?"
                let note = StorageRules.reapMessage(worker: worker, attempts: attempts, timeout: study.spec.heartbeatTimeout,
                                                    maxAttempts: study.spec.maxAttempts)
                if attempts >= study.spec.maxAttempts {
                    try db.execute(sql: """
                        UPDATE naswift_trials SET state = 'failed', message = ?, finished_at = ? WHERE id = ?
                        """, arguments: [note, now, id])
                    result.failed.append(id)
                } else {
                    try db.execute(sql: """
                        UPDATE naswift_trials SET state = 'queued', worker = NULL, heartbeat_at = NULL, message = ?
                        WHERE id = ?
                        """, arguments: [note, id])
                    result.requeued.append(id)
                }
            }
            return result
        }
    }

    public func close() async {
        try? pool.close()
    }
}
