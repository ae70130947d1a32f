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
    }
}
