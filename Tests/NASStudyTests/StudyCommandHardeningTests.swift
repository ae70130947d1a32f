import Foundation
import NASCore
import NASTestSupport
import Testing
@testable import NASStudy

/// The surprising study-command behaviours of issue 18, through the real binary.
@Suite("Study commands: careless input")
struct StudyCommandHardeningTests {
    /// `study list` / `status` / `ask` / `worker` on a mistyped path create no database, and on
    /// another program's SQLite file add no tables (nor switch it to WAL): only `create` creates.
    @Test func onlyCreateCreatesADatabase() throws {
        let dir = try TestStorages.tempDir()
        let missing = dir.appendingPathComponent("mistyped.db").path
        for args in [["study", "list"], ["study", "status"], ["study", "ask", "s"], ["study", "export", "s"],
                     ["worker", "--study", "s"]] {
            let r = try NaswiftBinary.run(args + ["--storage", "sqlite://" + missing] + (args[0] == "worker" ? ["--", "true"] : []))
            #expect(r.status == 1, "\(args): \(r.stderr)")
            #expect(r.stderr.contains("no study database at \(missing)") && r.stderr.contains("study create"), "\(args): \(r.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)

        let foreign = dir.appendingPathComponent("other.sqlite").path
        _ = try PythonProcess.run(["-c", "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); "
                                   + "db.execute('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)'); "
                                   + "db.execute(\"INSERT INTO notes (text) VALUES ('keep me')\"); db.commit()", foreign])
        let before = try Data(contentsOf: URL(fileURLWithPath: foreign))
        for args in [["study", "list"], ["study", "status"], ["study", "delete", "s"]] {
            let r = try NaswiftBinary.run(args + ["--storage", "sqlite://" + foreign])
            #expect(r.status == 1, "\(args): \(r.stderr)")
            #expect(r.stderr.contains("without naswift's study tables (it has: notes)") && r.stderr.contains("left unchanged"),
                    "\(args): \(r.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: foreign)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["other.sqlite"])
        // A directory as the storage file.
        let r = try NaswiftBinary.run(["study", "list", "--storage", "sqlite://" + dir.path + "/"])
        #expect(r.status != 0)
        // `create` still makes a new database, and the other commands then open it.
        let fresh = "sqlite://" + dir.appendingPathComponent("new.db").path
        let c = try NaswiftBinary.run(["study", "create", "s", "--space", "nb201", "--metric", "acc", "--direction", "max", "--storage", fresh])
        #expect(c.status == 0, "\(c.stderr)")
        let list = try NaswiftBinary.run(["study", "list", "--storage", fresh])
        #expect(list.status == 0 && list.stdout.contains("s "), "\(list.stderr)")
    }

    /// `study tell -5` said "Missing expected argument '<id>'"; negative values work with --value.
    @Test func tellNamesABadIdAndTakesNegativeValues() throws {
        let url = try TestStorages.url(.sqlite)
        #expect(try NaswiftBinary.run(["study", "create", "s", "--space", "nb201", "--metric", "loss", "--direction", "min",
                                       "--storage", url]).status == 0)
        for id in ["-5", "0"] {
            let r = try NaswiftBinary.run(["study", "tell", id, "--value", "1", "--storage", url])
            #expect(r.status != 0)
            #expect(r.stderr.contains("trial id \(id) is not valid: trial ids are positive integers"), "\(r.stderr)")
        }
        let ask = try NaswiftBinary.run(["study", "ask", "s", "--storage", url])
        let id = try #require(ask.stdout.split(separator: "\n").first { $0.hasPrefix("trial ") }?.dropFirst(6))
        let tell = try NaswiftBinary.run(["study", "tell", String(id), "--value", "-5", "--storage", url])
        #expect(tell.status == 0 && tell.stdout.contains("value=-5.0"), "\(tell.stderr)")
    }

    /// `study delete` refuses a study with running trials unless --force.
    @Test func deleteRefusesRunningTrialsWithoutForce() throws {
        let url = try TestStorages.url(.sqlite)
        #expect(try NaswiftBinary.run(["study", "create", "s", "--space", "nb201", "--metric", "acc", "--direction", "max",
                                       "--storage", url]).status == 0)
        #expect(try NaswiftBinary.run(["study", "ask", "s", "--worker", "w7", "--storage", url]).status == 0)
        let r = try NaswiftBinary.run(["study", "delete", "s", "--storage", url])
        #expect(r.status == 1)
        #expect(r.stderr.contains("study 's' has 1 running trial(s) (worker(s): w7)") && r.stderr.contains("--force"), "\(r.stderr)")
        #expect(try NaswiftBinary.run(["study", "list", "--storage", url]).stdout.contains("s "))
        let forced = try NaswiftBinary.run(["study", "delete", "s", "--force", "--storage", url])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try NaswiftBinary.run(["study", "list", "--storage", url]).stdout.contains("no studies"))
    }

    /// `study export --out` with an empty path or a directory: named before anything is read; a
    /// missing directory is created.
    @Test func exportOutIsChecked() throws {
        let dir = try TestStorages.tempDir()
        let url = "sqlite://" + dir.appendingPathComponent("studies.db").path
        #expect(try NaswiftBinary.run(["study", "create", "s", "--space", "nb201", "--metric", "acc", "--direction", "max",
                                       "--storage", url]).status == 0)
        for (out, needle) in [("", "--out is empty"), (dir.path, "--out '\(dir.path)' is a directory, not a file")] {
            let r = try NaswiftBinary.run(["study", "export", "s", "--out", out, "--storage", url])
            #expect(r.status == 1 && r.stderr.contains(needle) && !r.stderr.contains("NSCocoaErrorDomain"), "\(r.stderr)")
        }
        let nested = dir.appendingPathComponent("a/b/s.csv").path
        let ok = try NaswiftBinary.run(["study", "export", "s", "--out", nested, "--storage", url])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try String(contentsOfFile: nested, encoding: .utf8).hasPrefix("id,number,state"))
    }
}
