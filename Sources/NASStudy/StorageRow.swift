import NASCore

/// A typed view of one result row of either backend (`SQLiteRow`, `PGRow`): every read names the
/// column, and a missing or badly typed cell throws `NaswiftError` (.dataCorrupt).
protocol StorageRow {
    func string(_ column: String) throws -> String
    func optionalString(_ column: String) throws -> String?
    func int64(_ column: String) throws -> Int64
    func int(_ column: String) throws -> Int
    func optionalInt(_ column: String) throws -> Int?
    func double(_ column: String) throws -> Double
    func optionalDouble(_ column: String) throws -> Double?
}

extension SQLiteRow: StorageRow {}
extension PGRow: StorageRow {}

/// The decoding of trial and study rows, one for both backends (same columns, see each
/// storage's `trialColumns` / study query).
enum StorageRows {
    /// A trial row; a damaged cell throws naming the trial (`id`: its id as far as readable) and
    /// the column; `stateHint` is the hint of an unknown state.
    static func trial(_ r: some StorageRow, id: String?, stateHint: String?) throws -> TrialRecord {
        do {
            let stateText = try r.string("state")
            guard let state = TrialState(rawValue: stateText) else {
                throw NaswiftError(.dataCorrupt, "trial has unknown state '\(stateText)'", hint: stateHint)
            }
            return TrialRecord(id: try r.int64("id"), studyID: try r.int64("study_id"), number: try r.int("number"),
                               state: state, architecture: try r.string("architecture"),
                               value: try r.optionalDouble("value"), worker: try r.optionalString("worker"),
                               heartbeatAt: try r.optionalDouble("heartbeat_at"), attempts: try r.int("attempts"),
                               message: try r.optionalString("message"), createdAt: try r.double("created_at"),
                               startedAt: try r.optionalDouble("started_at"), finishedAt: try r.optionalDouble("finished_at"))
        } catch let e as NaswiftError {
            throw NaswiftError(e.kind, "trial id \(id ?? "?"): \(e.message)", hint: e.hint)
        }
    }

    /// A study row; a damaged cell throws naming the study and the column.
    static func study(_ r: some StorageRow) throws -> StudyRecord {
        let name = try? r.string("name")
        do {
            let spec = StudySpec(name: try r.string("name"), space: try r.string("space"),
                                 strategy: try r.string("strategy"), metric: try r.string("metric"),
                                 direction: try StorageRules.direction(try r.string("direction")),
                                 budget: try r.optionalInt("budget"), batchSize: try r.int("batch_size"),
                                 seed: UInt64(bitPattern: try r.int64("seed")),
                                 heartbeatTimeout: try r.double("heartbeat_timeout"), maxAttempts: try r.int("max_attempts"),
                                 options: try StudySpec.decodeOptions(try r.optionalString("options")),
                                 benchmark: try r.optionalString("benchmark"), task: try r.optionalString("task"),
                                 dataDirectory: try r.optionalString("data_directory"))
            return StudyRecord(id: try r.int64("id"), spec: spec, trialCount: try r.int("trial_count"),
                               createdAt: try r.double("created_at"))
        } catch let e as NaswiftError {
            throw NaswiftError(e.kind, "study '\(name ?? "?")': \(e.message)", hint: e.hint)
        }
    }
}
