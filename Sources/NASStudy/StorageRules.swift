import NASCore

/// Rules both storage backends apply identically (kept in one place so they cannot drift).
enum StorageRules {
    /// The proposals `enqueue` may insert: in order, without duplicates, without architectures in
    /// `taken`, and at most `budget - trialCount` of them.
    static func admissible(_ proposals: [String], taken: Set<String>, trialCount: Int, budget: Int?) -> [String] {
        var seen = taken
        var out: [String] = []
        let room = budget.map { Swift.max(0, $0 - trialCount) } ?? Int.max
        for p in proposals where out.count < room {
            if seen.insert(p).inserted { out.append(p) }
        }
        return out
    }

    /// Columns of `naswift_studies` added after the first release, with their SQL definitions
    /// (valid in SQLite and PostgreSQL): both backends add the missing ones when they open a
    /// database of an earlier version, whose studies then read as having no options and no
    /// benchmark.
    static let addedStudyColumns: [(String, String)] = [
        ("options", "TEXT NOT NULL DEFAULT '{}'"), ("benchmark", "TEXT"), ("task", "TEXT"), ("data_directory", "TEXT"),
    ]

    /// The stored direction column ("max"/"min").
    static func direction(_ text: String) throws -> MetricDirection {
        guard let d = MetricDirection(rawValue: text) else {
            throw NaswiftError(.dataCorrupt, "stored study direction '\(text)' is neither 'max' nor 'min'",
                               hint: "the study table was changed outside naswift; fix its direction column")
        }
        return d
    }

    /// A finished value must be a finite number.
    static func validate(_ outcome: TrialOutcome) throws {
        if case .complete(let v) = outcome, !v.isFinite {
            throw NaswiftError(.invalidArgument, "trial value \(v) is not a finite number",
                               hint: "report a finite metric, or mark the trial failed")
        }
    }

    /// Throws unless `trial` may be finished by `worker` (nil: by anyone, e.g. `study tell`).
    static func checkFinishable(_ trial: TrialRecord, worker: String?) throws {
        if trial.state.isFinished {
            throw NaswiftError(.storage, "trial \(trial.id) is already \(trial.state.rawValue); finished trials are immutable",
                               hint: "each trial is told once; ask for a new trial with `naswift study ask`")
        }
        if let worker {
            if trial.state != .running || trial.worker != worker {
                throw NaswiftError(.storage,
                                   "trial \(trial.id) is no longer held by worker \(worker) (it is \(trial.state.rawValue)"
                                   + (trial.worker.map { " for \($0)" } ?? "") + "); the result was discarded",
                                   hint: "the worker missed its heartbeat timeout and the trial was re-queued; "
                                   + "raise the study's heartbeat timeout if trainings stall for long")
            }
        }
    }

    static func reapMessage(worker: String, attempts: Int, timeout: Double, maxAttempts: Int) -> String {
        let base = "worker \(worker) stopped heartbeating for more than \(timeout) s during attempt \(attempts)"
        return attempts >= maxAttempts ? base + "; failed after \(maxAttempts) attempts" : base + "; re-queued"
    }
}

/// The storage errors both backends throw.
enum StorageErrors {
    static func studyExists(_ name: String, location: String) -> NaswiftError {
        NaswiftError(.invalidArgument, "a study named '\(name)' already exists in \(location)",
                     hint: "pick another name, or continue it with `naswift study ask \(name)` / `naswift worker --study \(name)`")
    }

    static func unknownStudy(_ name: String, existing: [String], location: String) -> NaswiftError {
        NaswiftError(.unknownName, "unknown study '\(name)' in \(location)",
                     hint: existing.isEmpty
                        ? "the storage has no studies yet; create one with `naswift study create \(name) --space nb201 ...`"
                        : "studies in this storage: \(existing.joined(separator: ", ")) (or pass another --storage)")
    }

    static func unknownStudyID(_ id: Int64, location: String) -> NaswiftError {
        NaswiftError(.unknownName, "no study with id \(id) in \(location)", hint: "the study may have been deleted")
    }

    static func unknownTrial(_ id: Int64, location: String) -> NaswiftError {
        NaswiftError(.unknownName, "no trial with id \(id) in \(location)",
                     hint: "trial ids are printed by `naswift study ask` and listed by `naswift study list NAME`")
    }
}
