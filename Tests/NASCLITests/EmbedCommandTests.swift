import Foundation
import Testing
import NASCore
@testable import NASCLI

@Suite struct EmbedCommandTests {
    @Test func unknownSpaceIsAClearError() throws {
        let e = #expect(throws: NaswiftError.self) {
            try EmbedArch2VecTrainCommand.parse(["--space", "darts", "--out", "/tmp/never-written.model"]).run()
        }
        #expect(e?.kind == .unknownName && e?.hint?.contains("nb101, nb201") == true)
        #expect(throws: NaswiftError.self) { try EmbedArch2VecExportCommand.parse(["--space", "nope", "--out", "/tmp/x"]).run() }
    }

    @Test func exportOfAMissingModelNamesTheFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID()).model").path
        let e = #expect(throws: NaswiftError.self) {
            try EmbedArch2VecExportCommand.parse(["--model", path, "--out", "/tmp/x"]).run()
        }
        #expect(e?.kind == .dataMissing && e?.message.contains(path) == true)
    }

    @Test func trainAndExportASmallModel() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("embed-cli-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("m.model").path
        try EmbedArch2VecTrainCommand.parse(["--space", "nb201", "--epochs", "1", "--limit", "200", "--decodings", "20", "--out", model]).run()
        try EmbedArch2VecExportCommand.parse(["--model", model, "--out", dir.path]).run()
        let csv = try String(contentsOf: dir.appendingPathComponent("arch2vec-nb201-index.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 15_626)
        let npy = try Data(contentsOf: dir.appendingPathComponent("arch2vec-nb201.npy"))
        #expect(npy.count == 128 + 15_625 * 16 * 4)
        // a model of one space used with the other space is a mismatched-model error
        let e = #expect(throws: NaswiftError.self) {
            try EmbedArch2VecExportCommand.parse(["--model", model, "--space", "nb101", "--out", dir.path]).run()
        }
        #expect(e?.message.contains("mismatched model") == true)
        // evaluate redraws the split of a whole-space run; a --limit model is refused with a reason
        let ev = #expect(throws: NaswiftError.self) { try EmbedArch2VecEvaluateCommand.parse(["--model", model]).run() }
        #expect(ev?.message.contains("checksum") == true)
    }
}

/// Determinism of the model file, checked in child processes: OpenBLAS's thread count is process-wide
/// and changes sgemm rounding, and other suites change it while tests run in parallel, so each
/// training run gets its own process (pinned to 1 BLAS thread by `--threads 1`).
@Suite struct EmbedDeterminismTests {
    static func naswift() throws -> URL {
        var dirs: [URL] = []
        if let exe = Bundle.main.executableURL { dirs.append(exe.deletingLastPathComponent()) }
        dirs.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for dir in dirs {
            var d = dir
            for _ in 0..<4 {
                let u = d.appendingPathComponent("naswift")
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: u.path, isDirectory: &isDir), !isDir.boolValue { return u }
                d = d.deletingLastPathComponent()
            }
        }
        throw NaswiftError(.dataMissing, "the naswift executable was not found next to the test bundle",
                           hint: "build it with `swift build --build-tests`")
    }

    static func train(seed: Int, out: URL) throws -> Data {
        let p = Process()
        p.executableURL = try naswift()
        p.arguments = ["embed", "arch2vec", "train", "--space", "nb201", "--epochs", "1", "--limit", "300",
                       "--decodings", "50", "--seed", String(seed), "--threads", "1", "--out", out.path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0)
        return try Data(contentsOf: out)
    }

    @Test func sameSeedSameModelBytes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("embed-det-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = try Self.train(seed: 11, out: dir.appendingPathComponent("a.model"))
        let b = try Self.train(seed: 11, out: dir.appendingPathComponent("b.model"))
        let c = try Self.train(seed: 12, out: dir.appendingPathComponent("c.model"))
        #expect(a.count > 400_000)
        #expect(a == b)
        #expect(a != c)
    }
}
