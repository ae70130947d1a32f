import Foundation
import NASCore
import NASTestSupport
import Testing
@testable import NASStudy

/// A SQLite study database whose cells hold the wrong type (edited by hand with the sqlite3 shell,
/// or by another program) gives every `study` command a `NaswiftError` naming the study or trial
/// and the column, a non-zero exit and no trap (issue 18, finding 3).
@Suite("SQLite storage: damaged cells")
struct SQLiteDamagedCellTests {
    /// A real study database made by the naswift binary: study `s` with one complete trial
    /// (value 0.5). Returns the file path, its URL and the trial's id.
    static func makeStudy() throws -> (path: String, url: String, trial: Int64) {
        let path = try TestStorages.tempDir().appendingPathComponent("studies.db").path
        let url = "sqlite://" + path
        let create = try NaswiftBinary.run(["study", "create", "s", "--space", "nb201", "--strategy", "random",
                                            "--metric", "acc", "--direction", "max", "--budget", "10", "--storage", url])
        try #require(create.status == 0, "\(create.stderr)")
        let ask = try NaswiftBinary.run(["study", "ask", "s", "--storage", url])
        try #require(ask.status == 0, "\(ask.stderr)")
        let idLine = try #require(ask.stdout.split(separator: "\n").first { $0.hasPrefix("trial ") })
        let id = try #require(Int64(idLine.dropFirst("trial ".count)))
        let tell = try NaswiftBinary.run(["study", "tell", "\(id)", "--value", "0.5", "--storage", url])
        try #require(tell.status == 0, "\(tell.stderr)")
        return (path, url, id)
    }

    /// Runs SQL on the file with python's sqlite3 module (not through naswift).
    static func sql(_ path: String, _ statement: String) throws {
        _ = try PythonProcess.run(["-c", "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.executescript(sys.argv[2]); db.commit()",
                                   path, statement])
    }

    static let commands: [[String]] = [["study", "list"], ["study", "list", "s"], ["study", "ask", "s"],
                                       ["study", "status"], ["study", "status", "s"], ["study", "export", "s"],
                                       ["study", "export", "s", "--format", "jsonl"], ["study", "best", "s"]]

    /// Every command in `commands` that reads the damaged row fails with `expected` in its message.
    static func expectNamedFailure(_ url: String, _ commands: [[String]], _ expected: [String]) throws {
        for args in commands {
            let r = try NaswiftBinary.run(args + ["--storage", url])
            #expect(r.status == 1, "\(args): exit \(r.status) \(r.stderr)")
            #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Could not"), "\(args): \(r.stderr)")
            for e in expected { #expect(r.stderr.contains(e), "\(args): '\(e)' missing from: \(r.stderr)") }
            #expect(r.stderr.contains("naswift study export"), "\(args): no repair hint: \(r.stderr)")
        }
    }

    @Test func textValueInATrialIsNamed() throws {
        let (path, url, id) = try Self.makeStudy()
        try Self.sql(path, "UPDATE naswift_trials SET value = 'abc' WHERE id = \(id)")
        try Self.expectNamedFailure(url, Self.commands.filter { $0 != ["study", "list"] },
                                    ["trial id \(id)", "'value'", "'abc'"])
        // `study list` without a name reads only the study table, which is intact.
        let list = try NaswiftBinary.run(["study", "list", "--storage", url])
        #expect(list.status == 0 && list.stdout.contains("s "), "\(list.stderr)")
    }

    @Test func textAttemptsAndBudgetAreNamed() throws {
        let (path, url, id) = try Self.makeStudy()
        try Self.sql(path, "UPDATE naswift_trials SET attempts = 'x' WHERE id = \(id)")
        try Self.expectNamedFailure(url, [["study", "list", "s"], ["study", "status", "s"], ["study", "export", "s"]],
                                    ["trial id \(id)", "'attempts'", "'x'"])
        try Self.sql(path, "UPDATE naswift_trials SET attempts = 1; UPDATE naswift_studies SET budget = 'ten'")
        try Self.expectNamedFailure(url, Self.commands, ["study 's'", "'budget'", "'ten'"])
    }

    @Test func blobArchitectureAndInfiniteValueAreNamed() async throws {
        let (path, url, id) = try Self.makeStudy()
        try Self.sql(path, "UPDATE naswift_trials SET value = 1e999 WHERE id = \(id)")
        try Self.expectNamedFailure(url, [["study", "export", "s"]], ["trial id \(id)", "'value'", "inf", "finite"])
        try Self.sql(path, "UPDATE naswift_trials SET value = 0.5, architecture = x'00ff' WHERE id = \(id)")
        // Through the library too: the storage throws, never traps.
        let storage = try SQLiteStorage(path: path)
        let study = try await storage.study(named: "s")
        await #expect(throws: NaswiftError.self) { _ = try await storage.trials(studyID: study.id) }
        do {
            _ = try await storage.trial(id: id)
        } catch let e as NaswiftError {
            #expect(e.kind == .dataCorrupt && e.message.contains("'architecture'") && e.message.contains("2-byte blob"), "\(e.message)")
        }
        await storage.close()
    }
}
