import ArgumentParser
import Foundation
import NASBenchmarks
import NASCore
import NASTestSupport
import Testing
@testable import NASCLI

/// `naswift data import` / `naswift data list` through the parsed commands.
@Suite struct DataCommandTests {
    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-data-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func importThenListAsJSON() async throws {
        let dir = try temporaryDirectory()
        let natsss = SharedData.url("natsss/natsss.csv").path
        let command = try DataImportCommand.parse(["natsss", "--space", "natsss", "--from", natsss, "--data-dir", dir.path])
        try await command.run()
        let summaries = try BenchmarkStore(directory: dir).list()
        let text = try DataListCommand.jsonText(summaries)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(list.count == 1)
        let entry = try #require(list.first)
        #expect(entry["name"] as? String == "natsss")
        #expect(entry["space"] as? String == "natsss")
        #expect(entry["rows"] as? Int == 32_768)
        #expect(entry["metrics"] as? [String] == ["cifar10_acc", "cifar100_acc", "imagenet16_acc"])
        let sha = try #require(entry["sha256"] as? String)
        let loaded = try BenchmarkStore(directory: dir).load("natsss")
        #expect(sha.count == 64 && sha == loaded.sha256)
        #expect(try DataListCommand.jsonText([]) == "[]")
        _ = try DataListCommand.parse(["--json", "--data-dir", dir.path])
    }

    @Test func badInvocationsAreErrors() async throws {
        let dir = try temporaryDirectory()
        let natsss = SharedData.url("natsss/natsss.csv").path
        let noSpace = try DataImportCommand.parse(["natsss", "--from", natsss, "--data-dir", dir.path])
        await #expect(throws: NaswiftError.self) { try await noSpace.run() }
        let noFiles = try DataImportCommand.parse(["mine", "--data-dir", dir.path])
        await #expect(throws: NaswiftError.self) { try await noFiles.run() }
        let badSpace = try DataImportCommand.parse(["x", "--space", "nb999", "--from", natsss, "--data-dir", dir.path])
        await #expect(throws: NaswiftError.self) { try await badSpace.run() }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("benchmarks/x.nasbench").path))
    }
}
