// Over 300 lines on purpose: every `StudyStorage` operation of the PostgreSQL backend, each a
// transaction in its SQL dialect, beside the schema and its migration they rely on.
import Foundation
import NASCore

/// Studies in a PostgreSQL database (via Debian's libpq, the standard C client), shared by workers
/// on many machines.
///
/// Claiming is one statement, `UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED)`, so
/// concurrent workers never wait for each other's locked rows and never get the same trial.
/// Proposals are inserted under a row lock on the study (`SELECT ... FOR UPDATE`), which serialises
/// trial numbering and the budget check. Times come from the server's clock
/// (`clock_timestamp()`), so heartbeats compare correctly across machines.
public final class PostgresStorage: StudyStorage, Sendable {
    public let location: String
    private let pool: PGPool

    /// The server time as seconds since 1970, for SQL.
    private static let now = "extract(epoch from clock_timestamp())::float8"

    private init(location: String, pool: PGPool) {
        self.location = location
        self.pool = pool
    }

    /// Connects (failing after `connectTimeout` seconds when the server does not answer) and
    /// creates the tables when missing.
    ///
    /// - Throws: `NaswiftError` (.storage) naming the server when it cannot be reached or refuses
    ///   the login.
    public static func connect(_ url: PostgresURL, connectTimeout: Double = 10, maxConnections: Int = 4,
                               create: Bool = true) async throws -> PostgresStorage {
        let first = try await withCheckedThrowingContinuation { (c: CheckedContinuation<PGConnection, any Error>) in
            DispatchQueue.global().async {
                do { c.resume(returning: try PGConnection(url, connectTimeout: connectTimeout)) } catch { c.resume(throwing: error) }
            }
        }
        let pool = PGPool(url: url, connectTimeout: connectTimeout, maxIdle: maxConnections, first: first)
        let storage = PostgresStorage(location: url.redacted, pool: pool)
        do {
            try await storage.migrate(create: create)
        } catch {
            await storage.close()
            throw error
        }
        return storage
    }

    /// Creates the tables when missing (only with `create`: other commands require them and
    /// change nothing in a database without them), and adds columns of later versions.
    private func migrate(create: Bool) async throws {
        let location = self.location
        try await transaction { conn in
            try conn.run("SELECT pg_advisory_xact_lock(7240581)")
            if !create {
                let present = try conn.run("""
                    SELECT (to_regclass('naswift_studies') IS NOT NULL AND to_regclass('naswift_trials') IS NOT NULL)::text AS present
                    """).first?.string("present")
                if present != "true" {
                    throw NaswiftError(.storage, "database \(location) has no naswift study tables",
                                       hint: "check --storage / $NASWIFT_STORAGE; `naswift study create NAME ...` creates the tables")
                }
            }
            try conn.run("""
                CREATE TABLE IF NOT EXISTS naswift_studies (
                    id BIGSERIAL PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    space TEXT NOT NULL,
                    strategy TEXT NOT NULL,
                    metric TEXT NOT NULL,
                    direction TEXT NOT NULL CHECK (direction IN ('max', 'min')),
                    budget BIGINT,
                    batch_size BIGINT NOT NULL,
                    seed BIGINT NOT NULL,
                    heartbeat_timeout DOUBLE PRECISION NOT NULL,
                    max_attempts BIGINT NOT NULL,
                    trial_count BIGINT NOT NULL DEFAULT 0,
                    created_at DOUBLE PRECISION NOT NULL,
                    options TEXT NOT NULL DEFAULT '{}',
                    benchmark TEXT,
                    task TEXT,
                    data_directory TEXT
                )
                """)
            // Databases of earlier versions lack the columns added since (ALTER only when missing:
            // it locks the table against every worker).
            let have = Set(try conn.run("""
                SELECT column_name::text AS column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = 'naswift_studies'
                """).map { try $0.string("column_name") })
            for (column, definition) in StorageRules.addedStudyColumns where !have.contains(column) {
                try conn.run("ALTER TABLE naswift_studies ADD COLUMN IF NOT EXISTS \(unescaped: column) \(unescaped: definition)")
            }
            try conn.run("""
                CREATE TABLE IF NOT EXISTS naswift_trials (
                    id BIGSERIAL PRIMARY KEY,
                    study_id BIGINT NOT NULL REFERENCES naswift_studies(id) ON DELETE CASCADE,
                    number BIGINT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'complete', 'failed')),
                    architecture TEXT NOT NULL,
                    value DOUBLE PRECISION,
                    worker TEXT,
                    heartbeat_at DOUBLE PRECISION,
                    attempts BIGINT NOT NULL DEFAULT 0,
                    message TEXT,
                    created_at DOUBLE PRECISION NOT NULL,
                    started_at DOUBLE PRECISION,
                    finished_at DOUBLE PRECISION,
                    UNIQUE (study_id, number)
                )
                """)
            try conn.run("CREATE INDEX IF NOT EXISTS naswift_trials_queue ON naswift_trials (study_id, state, id)")
        }
    }

    // MARK: plumbing

    /// Runs `body` in one transaction on a pooled connection; errors become `NaswiftError`.
    private func transaction<T: Sendable>(_ body: @escaping @Sendable (PGConnection) throws -> T) async throws -> T {
        do {
            return try await pool.transaction(body)
        } catch let e as NaswiftError {
            throw e
        } catch {
            throw wrap(error)
        }
    }

    private func wrap(_ error: any Error) -> NaswiftError {
        NaswiftError(.storage, "PostgreSQL storage \(location): \(error)",
                     hint: "check the server is reachable; the operation can be retried")
    }

    /// Runs one statement outside an explicit transaction and collects its rows.
    @discardableResult
    private func run(_ query: PGQuery) async throws -> [PGRow] {
        do {
            return try await pool.with { conn in try conn.run(query) }
        } catch let e as NaswiftError {
            throw e
        } catch {
            throw wrap(error)
        }
    }

    private static let trialColumns = """
        id, study_id, number, state, architecture, value, worker, heartbeat_at, attempts, message, \
        created_at, started_at, finished_at
        """

    /// Decodes a trial row; a damaged cell throws a `NaswiftError` naming the trial and column.
    private static func trial(_ r: PGRow) throws -> TrialRecord {
        try StorageRows.trial(r, id: try? r.string("id"), stateHint: nil)
    }

    /// Decodes a study row; a damaged cell throws a `NaswiftError` naming the study and column.
    private static func study(_ r: PGRow) throws -> StudyRecord { try StorageRows.study(r) }

    private static func fetchTrial(_ id: Int64, _ conn: PGConnection, lock: Bool = false) throws -> TrialRecord? {
        let q: PGQuery = lock
            ? "SELECT \(unescaped: trialColumns) FROM naswift_trials WHERE id = \(id) FOR UPDATE"
            : "SELECT \(unescaped: trialColumns) FROM naswift_trials WHERE id = \(id)"
        return try conn.run(q).first.map(trial)
    }

    // MARK: studies

    public func createStudy(_ spec: StudySpec) async throws -> StudyRecord {
        try spec.validate()
        let rows = try await run("""
            INSERT INTO naswift_studies (name, space, strategy, metric, direction, budget, batch_size, seed,
                heartbeat_timeout, max_attempts, trial_count, created_at, options, benchmark, task, data_directory)
            VALUES (\(spec.name), \(spec.space), \(spec.strategy), \(spec.metric), \(spec.direction.rawValue),
                \(spec.budget.map(Int64.init)), \(Int64(spec.batchSize)), \(Int64(bitPattern: spec.seed)),
                \(spec.heartbeatTimeout), \(Int64(spec.maxAttempts)), 0, \(unescaped: Self.now),
                \(StudySpec.encodeOptions(spec.options)), \(spec.benchmark), \(spec.task), \(spec.dataDirectory))
            ON CONFLICT (name) DO NOTHING
            RETURNING *
            """)
        guard let row = rows.first else { throw StorageErrors.studyExists(spec.name, location: location) }
        return try Self.study(row)
    }

    public func study(named name: String) async throws -> StudyRecord {
        if let row = try await run("SELECT * FROM naswift_studies WHERE name = \(name)").first { return try Self.study(row) }
        throw StorageErrors.unknownStudy(name, existing: try await studies().map(\.name), location: location)
    }

    public func studies() async throws -> [StudyRecord] {
        try await run("SELECT * FROM naswift_studies ORDER BY id").map(Self.study)
    }

    public func deleteStudy(named name: String) async throws {
        let rows = try await run("DELETE FROM naswift_studies WHERE name = \(name) RETURNING id")
        if rows.isEmpty { throw StorageErrors.unknownStudy(name, existing: try await studies().map(\.name), location: location) }
    }

    // MARK: trials

    public func trials(studyID: Int64) async throws -> [TrialRecord] {
        try await run("""
            SELECT \(unescaped: Self.trialColumns) FROM naswift_trials WHERE study_id = \(studyID) ORDER BY number
            """).map(Self.trial)
    }

    public func trial(id: Int64) async throws -> TrialRecord {
        if let row = try await run("SELECT \(unescaped: Self.trialColumns) FROM naswift_trials WHERE id = \(id)").first {
            return try Self.trial(row)
        }
        throw StorageErrors.unknownTrial(id, location: location)
    }

    /// The claim statement: skips rows other transactions hold, so concurrent claimers never block.
    private static func claimQuery(studyID: Int64, _ request: ClaimRequest) -> PGQuery {
        """
        UPDATE naswift_trials SET state = 'running', worker = \(request.worker),
            heartbeat_at = CASE WHEN \(request.heartbeat) THEN \(unescaped: now) ELSE NULL END,
            attempts = attempts + 1, started_at = \(unescaped: now)
        WHERE id = (SELECT id FROM naswift_trials WHERE study_id = \(studyID) AND state = 'queued'
                    ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING \(unescaped: trialColumns)
        """
    }

    public func enqueue(studyID: Int64, architectures: [String], seenTrialCount: Int,
                        claimFor: ClaimRequest?) async throws -> EnqueueResult {
        let location = self.location
        return try await transaction { conn in
            guard let study = try conn.run("SELECT * FROM naswift_studies WHERE id = \(studyID) FOR UPDATE")
                .first.map(Self.study) else { throw StorageErrors.unknownStudyID(studyID, location: location) }
            let recent = try conn.run("""
                SELECT architecture FROM naswift_trials WHERE study_id = \(studyID) AND number >= \(Int64(seenTrialCount))
                """).map { try $0.string("architecture") }
            let fresh = StorageRules.admissible(architectures, taken: Set(recent), trialCount: study.trialCount,
                                                budget: study.spec.budget)
            var inserted: [TrialRecord] = []
            for (k, arch) in fresh.enumerated() {
                let rows = try conn.run("""
                    INSERT INTO naswift_trials (study_id, number, state, architecture, attempts, created_at)
                    VALUES (\(studyID), \(Int64(study.trialCount + k)), 'queued', \(arch), 0, \(unescaped: Self.now))
                    RETURNING \(unescaped: Self.trialColumns)
                    """)
                inserted += try rows.map(Self.trial)
            }
            let count = study.trialCount + fresh.count
            if !fresh.isEmpty {
                try conn.run("UPDATE naswift_studies SET trial_count = \(Int64(count)) WHERE id = \(studyID)")
            }
            var claimed: TrialRecord?
            if let claimFor {
                claimed = try conn.run(Self.claimQuery(studyID: studyID, claimFor)).first.map(Self.trial)
            }
            return EnqueueResult(inserted: inserted, claimed: claimed, trialCount: count)
        }
    }

    public func claim(studyID: Int64, _ request: ClaimRequest) async throws -> TrialRecord? {
        try await run(Self.claimQuery(studyID: studyID, request)).first.map(Self.trial)
    }

    public func heartbeat(trialID: Int64, worker: String) async throws -> Bool {
        try await !run("""
            UPDATE naswift_trials SET heartbeat_at = \(unescaped: Self.now)
            WHERE id = \(trialID) AND state = 'running' AND worker = \(worker) RETURNING id
            """).isEmpty
    }

    public func release(trialID: Int64, worker: String, message: String) async throws -> Bool {
        try await !run("""
            UPDATE naswift_trials SET state = 'queued', worker = NULL, heartbeat_at = NULL, started_at = NULL,
                attempts = GREATEST(attempts - 1, 0), message = \(message)
            WHERE id = \(trialID) AND state = 'running' AND worker = \(worker) RETURNING id
            """).isEmpty
    }

    public func finish(trialID: Int64, worker: String?, outcome: TrialOutcome) async throws -> TrialRecord {
        try StorageRules.validate(outcome)
        let location = self.location
        return try await transaction { conn in
            guard let current = try Self.fetchTrial(trialID, conn, lock: true) else {
                throw StorageErrors.unknownTrial(trialID, location: location)
            }
            try StorageRules.checkFinishable(current, worker: worker)
            let q: PGQuery
            switch outcome {
            case .complete(let value):
                q = """
                    UPDATE naswift_trials SET state = 'complete', value = \(value), finished_at = \(unescaped: Self.now),
                        started_at = COALESCE(started_at, \(unescaped: Self.now)) WHERE id = \(trialID)
                    RETURNING \(unescaped: Self.trialColumns)
                    """
            case .failed(let message):
                q = """
                    UPDATE naswift_trials SET state = 'failed', value = NULL, message = \(message),
                        finished_at = \(unescaped: Self.now), started_at = COALESCE(started_at, \(unescaped: Self.now))
                    WHERE id = \(trialID) RETURNING \(unescaped: Self.trialColumns)
                    """
            }
            guard let row = try conn.run(q).first else { throw StorageErrors.unknownTrial(trialID, location: location) }
            return try Self.trial(row)
        }
    }

    public func reapStale(studyID: Int64) async throws -> ReapResult {
        // Cheap check first (no locks), then lock only the stale rows nobody else is reaping.
        let staleQuery: @Sendable (Bool) -> PGQuery = { lock in
            """
            SELECT t.id, t.attempts, t.worker, s.heartbeat_timeout, s.max_attempts
            FROM naswift_trials t JOIN naswift_studies s ON s.id = t.study_id
            WHERE t.study_id = \(studyID) AND t.state = 'running' AND t.heartbeat_at IS NOT NULL
              AND t.heartbeat_at < \(unescaped: Self.now) - s.heartbeat_timeout
            ORDER BY t.id \(unescaped: lock ? "FOR UPDATE OF t SKIP LOCKED" : "")
            """
        }
        if try await run(staleQuery(false)).isEmpty { return ReapResult() }
        return try await transaction { conn in
            var result = ReapResult()
            for r in try conn.run(staleQuery(true)) {
                let id = try r.int64("id")
                let attempts = try r.int("attempts")
                let maxAttempts = try r.int("max_attempts")
                let note = StorageRules.reapMessage(worker: try r.optionalString("worker") ?? "?", attempts: attempts,
                                                    timeout: try r.double("heartbeat_timeout"),
                                                    maxAttempts: maxAttempts)
                if attempts >= maxAttempts {
                    try conn.run("""
                        UPDATE naswift_trials SET state = 'failed', message = \(note), finished_at = \(unescaped: Self.now)
                        WHERE id = \(id)
                        """)
                    result.failed.append(id)
                } else {
                    try conn.run("""
                        UPDATE naswift_trials SET state = 'queued', worker = NULL, heartbeat_at = NULL, message = \(note)
                        WHERE id = \(id)
                        """)
                    result.requeued.append(id)
                }
            }
            return result
        }
    }

    public func close() async {
        pool.close()
    }
}
