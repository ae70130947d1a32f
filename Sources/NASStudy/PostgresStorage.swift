// Over 300 lines on purpose: every `StudyStorage` operation of the PostgreSQL backend, each a
// transaction in its SQL dialect, beside the schema and its migration they rely on.
import Foundation
import NASCore
import PostgresNIO

/// Studies in a PostgreSQL database (via postgres-nio), shared by workers on many machines.
///
/// Claiming is one statement, `UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED)`, so
/// concurrent workers never wait for each other's locked rows and never get the same trial.
/// Proposals are inserted under a row lock on the study (`SELECT ... FOR UPDATE`), which serialises
/// trial numbering and the budget check. Times come from the server's clock
/// (`clock_timestamp()`), so heartbeats compare correctly across machines.
public final class PostgresStorage: StudyStorage, @unchecked Sendable {
    // @unchecked: PostgresClient is thread-safe; the other stored properties are lets.
    public let location: String
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger

    /// The server time as seconds since 1970, for SQL.
    private static let now = "extract(epoch from clock_timestamp())::float8"

    private init(location: String, client: PostgresClient, runner: Task<Void, Never>, logger: Logger) {
        self.location = location
        self.client = client
        self.runner = runner
        self.logger = logger
    }

    /// Connects (checking the server answers within `connectTimeout` seconds) and creates the
    /// tables when missing.
    ///
    /// - Throws: `NaswiftError` (.storage) naming the server when it cannot be reached or refuses
    ///   the login.
    public static func connect(_ url: PostgresURL, connectTimeout: Double = 10, maxConnections: Int = 4) async throws -> PostgresStorage {
        var logger = Logger(label: "naswift.postgres")
        logger.logLevel = .critical
        let tls: PostgresConnection.Configuration.TLS
        let clientTLS: PostgresClient.Configuration.TLS
        switch url.sslMode {
        case .disable:
            tls = .disable
            clientTLS = .disable
        case .prefer, .require:
            let context = try NIOSSLContext(configuration: .makeClientConfiguration())
            tls = url.sslMode == .require ? .require(context) : .prefer(context)
            clientTLS = url.sslMode == .require ? .require(.makeClientConfiguration()) : .prefer(.makeClientConfiguration())
        }
        // Probe with one plain connection first: the pool would retry a dead server forever.
        var probeConfig = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user,
                                                           password: url.password, database: url.database, tls: tls)
        probeConfig.options.connectTimeout = .milliseconds(Int64(connectTimeout * 1000))
        do {
            let probe = try await PostgresConnection.connect(configuration: probeConfig, id: 0, logger: logger)
            try? await probe.close()
        } catch {
            throw NaswiftError(.storage, "cannot connect to PostgreSQL storage \(url.redacted): \(PostgresStorage.describe(error))",
                               hint: "check that the server runs and accepts user '\(url.user)' on database '\(url.database)' "
                               + "(URL form postgresql://user[:password]@host[:port]/database; a password can also come from PGPASSWORD)")
        }
        var config = PostgresClient.Configuration(host: url.host, port: url.port, username: url.user,
                                                  password: url.password, database: url.database, tls: clientTLS)
        config.options.maximumConnections = maxConnections
        config.options.connectTimeout = .milliseconds(Int64(connectTimeout * 1000))
        let client = PostgresClient(configuration: config, backgroundLogger: logger)
        let runner = Task { await client.run() }
        let storage = PostgresStorage(location: url.redacted, client: client, runner: runner, logger: logger)
        do {
            try await storage.migrate()
        } catch {
            await storage.close()
            throw error
        }
        return storage
    }

    /// A readable description of a postgres-nio error (its `description` hides details on purpose).
    static func describe(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if let server = e.serverInfo, let msg = server[.message] { return msg }
            if let underlying = e.underlying { return "\(underlying)" }
            return "\(e.code)"
        }
        if let e = error as? PostgresTransactionError {
            if let c = e.closureError { return describe(c) }
            if let c = e.commitError { return describe(c) }
            if let b = e.beginError { return describe(b) }
        }
        return "\(error)"
    }

    private func migrate() async throws {
        try await transaction { conn in
            try await self.run("SELECT pg_advisory_xact_lock(7240581)", conn)
            try await self.run("""
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
                """, conn)
            // Databases of earlier versions lack the columns added since (ALTER only when missing:
            // it locks the table against every worker).
            let have = Set(try await self.run("""
                SELECT column_name::text AS column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = 'naswift_studies'
                """, conn).map { try $0["column_name"].decode(String.self) })
            for (column, definition) in StorageRules.addedStudyColumns where !have.contains(column) {
                try await self.run("ALTER TABLE naswift_studies ADD COLUMN IF NOT EXISTS \(unescaped: column) \(unescaped: definition)", conn)
            }
            try await self.run("""
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
                """, conn)
            try await self.run("CREATE INDEX IF NOT EXISTS naswift_trials_queue ON naswift_trials (study_id, state, id)", conn)
        }
    }

    // MARK: plumbing

    /// Runs `body` in one transaction on a pooled connection; errors become `NaswiftError`.
    private func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { conn in try await body(conn) }
        } catch let e as PostgresTransactionError {
            if let n = e.closureError as? NaswiftError { throw n }
            throw wrap(e)
        } catch let e as NaswiftError {
            throw e
        } catch {
            throw wrap(error)
        }
    }

    private func wrap(_ error: any Error) -> NaswiftError {
        NaswiftError(.storage, "PostgreSQL storage \(location): \(PostgresStorage.describe(error))",
                     hint: "check the server is reachable; the operation can be retried")
    }

    /// Runs one statement and collects its rows.
    @discardableResult
    private func run(_ query: PostgresQuery, _ conn: PostgresConnection) async throws -> [PostgresRandomAccessRow] {
        var out: [PostgresRandomAccessRow] = []
        for try await row in try await conn.query(query, logger: logger) { out.append(row.makeRandomAccess()) }
        return out
    }

    /// Runs one statement outside an explicit transaction.
    @discardableResult
    private func run(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        do {
            return try await client.withConnection { conn in try await self.run(query, conn) }
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

    private static func trial(_ r: PostgresRandomAccessRow) throws -> TrialRecord {
        let stateText = try r["state"].decode(String.self)
        guard let state = TrialState(rawValue: stateText) else {
            throw NaswiftError(.dataCorrupt, "trial has unknown state '\(stateText)'")
        }
        return TrialRecord(id: try r["id"].decode(Int64.self), studyID: try r["study_id"].decode(Int64.self),
                           number: try r["number"].decode(Int.self), state: state,
                           architecture: try r["architecture"].decode(String.self),
                           value: try r["value"].decode(Double?.self), worker: try r["worker"].decode(String?.self),
                           heartbeatAt: try r["heartbeat_at"].decode(Double?.self),
                           attempts: try r["attempts"].decode(Int.self), message: try r["message"].decode(String?.self),
                           createdAt: try r["created_at"].decode(Double.self),
                           startedAt: try r["started_at"].decode(Double?.self),
                           finishedAt: try r["finished_at"].decode(Double?.self))
    }

    private static func study(_ r: PostgresRandomAccessRow) throws -> StudyRecord {
        let spec = StudySpec(name: try r["name"].decode(String.self), space: try r["space"].decode(String.self),
                             strategy: try r["strategy"].decode(String.self), metric: try r["metric"].decode(String.self),
                             direction: try StorageRules.direction(try r["direction"].decode(String.self)),
                             budget: try r["budget"].decode(Int?.self), batchSize: try r["batch_size"].decode(Int.self),
                             seed: UInt64(bitPattern: try r["seed"].decode(Int64.self)),
                             heartbeatTimeout: try r["heartbeat_timeout"].decode(Double.self),
                             maxAttempts: try r["max_attempts"].decode(Int.self),
                             options: try StudySpec.decodeOptions(try r["options"].decode(String?.self)),
                             benchmark: try r["benchmark"].decode(String?.self), task: try r["task"].decode(String?.self),
                             dataDirectory: try r["data_directory"].decode(String?.self))
        return StudyRecord(id: try r["id"].decode(Int64.self), spec: spec, trialCount: try r["trial_count"].decode(Int.self),
                           createdAt: try r["created_at"].decode(Double.self))
    }

    private func fetchTrial(_ id: Int64, _ conn: PostgresConnection, lock: Bool = false) async throws -> TrialRecord? {
        let q: PostgresQuery = lock
            ? "SELECT \(unescaped: Self.trialColumns) FROM naswift_trials WHERE id = \(id) FOR UPDATE"
            : "SELECT \(unescaped: Self.trialColumns) FROM naswift_trials WHERE id = \(id)"
        return try await run(q, conn).first.map(Self.trial)
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
    private func claimQuery(studyID: Int64, _ request: ClaimRequest) -> PostgresQuery {
        """
        UPDATE naswift_trials SET state = 'running', worker = \(request.worker),
            heartbeat_at = CASE WHEN \(request.heartbeat) THEN \(unescaped: Self.now) ELSE NULL END,
            attempts = attempts + 1, started_at = \(unescaped: Self.now)
        WHERE id = (SELECT id FROM naswift_trials WHERE study_id = \(studyID) AND state = 'queued'
                    ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING \(unescaped: Self.trialColumns)
        """
    }

    public func enqueue(studyID: Int64, architectures: [String], seenTrialCount: Int,
                        claimFor: ClaimRequest?) async throws -> EnqueueResult {
        let location = self.location
        return try await transaction { conn in
            guard let study = try await self.run("SELECT * FROM naswift_studies WHERE id = \(studyID) FOR UPDATE", conn)
                .first.map(Self.study) else { throw StorageErrors.unknownStudyID(studyID, location: location) }
            let recent = try await self.run("""
                SELECT architecture FROM naswift_trials WHERE study_id = \(studyID) AND number >= \(Int64(seenTrialCount))
                """, conn).map { try $0["architecture"].decode(String.self) }
            let fresh = StorageRules.admissible(architectures, taken: Set(recent), trialCount: study.trialCount,
                                                budget: study.spec.budget)
            var inserted: [TrialRecord] = []
            for (k, arch) in fresh.enumerated() {
                let rows = try await self.run("""
                    INSERT INTO naswift_trials (study_id, number, state, architecture, attempts, created_at)
                    VALUES (\(studyID), \(Int64(study.trialCount + k)), 'queued', \(arch), 0, \(unescaped: Self.now))
                    RETURNING \(unescaped: Self.trialColumns)
                    """, conn)
                inserted += try rows.map(Self.trial)
            }
            let count = study.trialCount + fresh.count
            if !fresh.isEmpty {
                try await self.run("UPDATE naswift_studies SET trial_count = \(Int64(count)) WHERE id = \(studyID)", conn)
            }
            var claimed: TrialRecord?
            if let claimFor {
                claimed = try await self.run(self.claimQuery(studyID: studyID, claimFor), conn).first.map(Self.trial)
            }
            return EnqueueResult(inserted: inserted, claimed: claimed, trialCount: count)
        }
    }

    public func claim(studyID: Int64, _ request: ClaimRequest) async throws -> TrialRecord? {
        try await run(claimQuery(studyID: studyID, request)).first.map(Self.trial)
    }

    public func heartbeat(trialID: Int64, worker: String) async throws -> Bool {
        try await !run("""
            UPDATE naswift_trials SET heartbeat_at = \(unescaped: Self.now)
            WHERE id = \(trialID) AND state = 'running' AND worker = \(worker) RETURNING id
            """).isEmpty
    }

    public func finish(trialID: Int64, worker: String?, outcome: TrialOutcome) async throws -> TrialRecord {
        try StorageRules.validate(outcome)
        let location = self.location
        return try await transaction { conn in
            guard let current = try await self.fetchTrial(trialID, conn, lock: true) else {
                throw StorageErrors.unknownTrial(trialID, location: location)
            }
            try StorageRules.checkFinishable(current, worker: worker)
            let q: PostgresQuery
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
            guard let row = try await self.run(q, conn).first else { throw StorageErrors.unknownTrial(trialID, location: location) }
            return try Self.trial(row)
        }
    }

    public func reapStale(studyID: Int64) async throws -> ReapResult {
        // Cheap check first (no locks), then lock only the stale rows nobody else is reaping.
        let staleQuery: (Bool) -> PostgresQuery = { lock in
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
            for r in try await self.run(staleQuery(true), conn) {
                let id = try r["id"].decode(Int64.self)
                let attempts = try r["attempts"].decode(Int.self)
                let maxAttempts = try r["max_attempts"].decode(Int.self)
                let note = StorageRules.reapMessage(worker: try r["worker"].decode(String?.self) ?? "?", attempts: attempts,
                                                    timeout: try r["heartbeat_timeout"].decode(Double.self),
                                                    maxAttempts: maxAttempts)
                if attempts >= maxAttempts {
                    try await self.run("""
                        UPDATE naswift_trials SET state = 'failed', message = \(note), finished_at = \(unescaped: Self.now)
                        WHERE id = \(id)
                        """, conn)
                    result.failed.append(id)
                } else {
                    try await self.run("""
                        UPDATE naswift_trials SET state = 'queued', worker = NULL, heartbeat_at = NULL, message = \(note)
                        WHERE id = \(id)
                        """, conn)
                    result.requeued.append(id)
                }
            }
            return result
        }
    }

    public func close() async {
        runner.cancel()
        _ = await runner.value
    }
}
