import Foundation
import NASCore
import NASTestSupport
import Testing
@testable import NASStudy

/// Study names are file names (`study report NAME --out DIR`): only a safe character set, no path
/// separators, no `..` (issue 18, finding 5).
@Suite("Study names")
struct StudyNameTests {
    @Test func onlySafeNamesAreAccepted() throws {
        for good in ["s", "my-cifar-search", "run_2.v3", "A1", String(repeating: "x", count: StudySpec.maxNameLength)] {
            try StudySpec.validateName(good)
        }
        let bad: [(String, String)] = [
            ("", "empty"), ("../../x", "'/'"), ("a/b", "'/'"), ("..", "starts with '.'"), ("a..b", "'..'"),
            (".hidden", "starts with '.'"), ("-rf", "starts with '-'"), ("with space", "U+0020"), ("tab\tname", "U+0009"),
            ("nul\u{0}x", "U+0000"), ("back\\slash", "'\\'"), ("naïve", "'ï'"), (" s", "U+0020"),
            (String(repeating: "x", count: StudySpec.maxNameLength + 1), "at most 100"),
        ]
        for (name, needle) in bad {
            let e = #expect(throws: NaswiftError.self, "\(name.debugDescription)") { try StudySpec.validateName(name) }
            #expect(e?.kind == .invalidArgument && e?.message.contains(needle) == true, "\(name.debugDescription): \(e?.message ?? "")")
            #expect(e?.hint?.contains("letters, digits") == true)
            #expect(throws: NaswiftError.self) {
                try StudySpec(name: name, space: "nb201", strategy: "random", metric: "acc", direction: .maximize).validate()
            }
        }
        #expect(StudySpec.fileStem("ok-name") == "ok-name")
        for unsafe in ["../../x", "..", "a/../../b", "/etc/passwd", ".", "-", "x\u{0}y"] {
            let stem = StudySpec.fileStem(unsafe)
            #expect(!stem.contains("/") && !stem.contains("..") && !stem.isEmpty && !stem.hasPrefix("."), "\(unsafe) -> \(stem)")
        }
    }

    /// `study create ../../x` is refused by the binary, and nothing is created.
    @Test func createRefusesAPathName() throws {
        let dir = try TestStorages.tempDir()
        let url = "sqlite://" + dir.appendingPathComponent("studies.db").path
        let r = try NaswiftBinary.run(["study", "create", "../../x", "--space", "nb201", "--metric", "acc",
                                       "--direction", "max", "--storage", url])
        #expect(r.status != 0)
        #expect(r.stderr.contains("study name '../../x' contains '/'"), "\(r.stderr)")
        let list = try NaswiftBinary.run(["study", "list", "--storage", url])
        #expect(!list.stdout.contains("../../x"), "\(list.stdout)")
    }

    /// A study stored by an earlier naswift under `../../x` (written here with python's sqlite3):
    /// `study report ../../x --out DIR` writes its files inside DIR, nowhere else.
    @Test func reportOfAnOldUnsafeNameStaysInsideOut() async throws {
        let root = try TestStorages.tempDir()
        let db = root.appendingPathComponent("studies.db").path
        let storage = try SQLiteStorage(path: db)
        _ = try await storage.createStudy(StudySpec(name: "placeholder", space: "nb201", strategy: "random", metric: "acc",
                                                    direction: .maximize, budget: 3))
        await storage.close()
        _ = try PythonProcess.run(["-c", "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); "
                                   + "db.execute(\"UPDATE naswift_studies SET name = '../../x'\"); db.commit()", db])
        let out = root.appendingPathComponent("a/b/out")
        let r = try NaswiftBinary.run(["study", "report", "../../x", "--out", out.path, "--storage", "sqlite://" + db])
        #expect(r.status == 0, "\(r.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(written == ["____x.html", "____x.md", "____x.svg"], "\(written)")
        // Nothing beside out/ or two levels up.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("a/b").path) == ["out"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("a").path) == ["b"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).filter { !$0.hasPrefix("studies.db") } == ["a"])
    }
}
