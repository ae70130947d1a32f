import Foundation
import Testing
import NASCore
import NASTestSupport
@testable import NASCLI

/// `naswift embed cena jacobians`: bad input, and a run killed mid-way then resumed (child processes).
@Suite struct EmbedCENACommandTests {
    static var cifar: String { SharedData.path("cifar10/test_1000.bin") }

    static func tempDir() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("cena-cli-\(UUID())")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    @Test func badInputIsAClearErrorAndLeavesTheStoreIntact() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("store").path
        let small = ["--space", "nb201", "--sample", "2", "--batch", "4", "--inits", "1", "--proj", "2", "--threads", "1", "--out", out]
        // a non-CIFAR file
        let notCifar = dir.appendingPathComponent("notes.txt")
        try Data("not images\n".utf8).write(to: notCifar)
        let e1 = #expect(throws: NaswiftError.self) { try EmbedCENAJacobiansCommand.parse(small + ["--images", notCifar.path]).run() }
        #expect(e1?.message.contains("not a CIFAR-10 binary file") == true)
        // more images than the file holds
        let e2 = #expect(throws: NaswiftError.self) {
            try EmbedCENAJacobiansCommand.parse(["--space", "nb201", "--images", Self.cifar, "--batch", "2000", "--proj", "8", "--out", out]).run()
        }
        #expect(e2?.message.contains("holds 1000 images") == true)
        // a cell string of the other space
        let list = dir.appendingPathComponent("cells.txt")
        try Data("8:16:24:32:40\n".utf8).write(to: list)
        let e3 = #expect(throws: NaswiftError.self) {
            try EmbedCENAJacobiansCommand.parse(["--space", "nb201", "--images", Self.cifar, "--cells", list.path, "--batch", "4", "--proj", "2", "--out", out]).run()
        }
        #expect(e3?.kind == .malformedArchitecture && e3?.message.hasPrefix(list.path + ":1:") == true)
        #expect(!FileManager.default.fileExists(atPath: out), "nothing is written for bad input")
        let e4 = #expect(throws: NaswiftError.self) {
            try EmbedCENAJacobiansCommand.parse(["--space", "darts", "--images", Self.cifar, "--out", out]).run()
        }
        #expect(e4?.kind == .unknownName)

        // a finished store, then a corrupted one: refused, bytes unchanged
        try EmbedCENAJacobiansCommand.parse(small + ["--images", Self.cifar]).run()
        let npy = URL(fileURLWithPath: out).appendingPathComponent("epdjm.npy")
        var bytes = try Data(contentsOf: npy)
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: npy)
        let e5 = #expect(throws: NaswiftError.self) { try EmbedCENAJacobiansCommand.parse(small + ["--images", Self.cifar]).run() }
        #expect(e5?.kind == .dataCorrupt && e5?.message.contains("does not match its checksum") == true)
        #expect(try Data(contentsOf: npy) == bytes)
        // other settings into the same directory
        let e6 = #expect(throws: NaswiftError.self) {
            try EmbedCENAJacobiansCommand.parse(["--space", "nb201", "--sample", "2", "--batch", "4", "--inits", "2", "--proj", "2", "--threads", "1", "--out", out, "--images", Self.cifar]).run()
        }
        #expect(e6?.message.contains("inits 1 vs 2") == true)
    }

    /// Acceptance: a run killed (SIGKILL) after its first cell and re-run gives the same file
    /// (checksum) as one clean run.
    @Test func killedRunResumesToTheCleanRunsFile() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let exe = try EmbedDeterminismTests.naswift()
        func args(_ out: URL) -> [String] {
            ["embed", "cena", "jacobians", "--space", "nb201", "--images", Self.cifar, "--sample", "4", "--batch", "8",
             "--inits", "2", "--proj", "4", "--seed", "5", "--threads", "1", "--out", out.path]
        }
        func run(_ out: URL, killAfterRows: Int? = nil) throws -> Int32 {
            let p = Process()
            p.executableURL = exe
            p.arguments = args(out)
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            if let k = killAfterRows {
                let progress = out.appendingPathComponent("progress.csv")
                let deadline = Date().addingTimeInterval(300)
                while p.isRunning, Date() < deadline {
                    let lines = (try? String(contentsOf: progress, encoding: .utf8))?.split(separator: "\n").count ?? 0
                    if lines >= k { kill(p.processIdentifier, SIGKILL); break }
                    usleep(20_000)
                }
            }
            p.waitUntilExit()
            return p.terminationStatus
        }
        let clean = dir.appendingPathComponent("clean"), killed = dir.appendingPathComponent("killed")
        #expect(try run(clean) == 0)
        _ = try run(killed, killAfterRows: 1)
        let partial = try String(contentsOf: killed.appendingPathComponent("progress.csv"), encoding: .utf8)
        #expect(partial.split(separator: "\n").count < 4, "the kill came after the run had finished")
        #expect(!FileManager.default.fileExists(atPath: killed.appendingPathComponent("epdjm.sha256").path))
        #expect(try run(killed) == 0)
        let a = try String(contentsOf: clean.appendingPathComponent("epdjm.sha256"), encoding: .utf8)
        let b = try String(contentsOf: killed.appendingPathComponent("epdjm.sha256"), encoding: .utf8)
        #expect(a == b && a.count == 76)
        #expect(try Data(contentsOf: clean.appendingPathComponent("epdjm.npy")) == Data(contentsOf: killed.appendingPathComponent("epdjm.npy")))
    }
}
