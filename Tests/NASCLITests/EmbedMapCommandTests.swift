import Foundation
import Testing
import NASCore
@testable import NASCLI

/// `naswift embed map` and `--model` on `naswift search` with a small real model.
@Suite struct EmbedMapCommandTests {
    static let model: String = {
        let path = CLIData.tempPath("map.model")
        try? EmbedArch2VecTrainCommand.parse(["--space", "nb201", "--epochs", "1", "--limit", "300", "--decodings", "20", "--out", path]).run()
        return path
    }()

    @Test func pcaAndTSNEMapsAreWritten() throws {
        for (method, n) in [("pca", "400"), ("tsne", "120")] {
            let out = CLIData.tempPath("map-\(method).svg")
            try EmbedMapCommand.parse(["--model", Self.model, "--benchmark", "nb201", "--task", "cifar10", "--method", method,
                                       "--points", n, "--iterations", "200", "--out", out, "--data-dir", CLIData.directory]).run()
            let svg = try String(contentsOfFile: out, encoding: .utf8)
            #expect(svg.components(separatedBy: "<circle").count - 1 == Int(n)!)
            #expect(svg.contains("cifar10_valid_val_acc"))
        }
        let e = #expect(throws: NaswiftError.self) {
            try EmbedMapCommand.parse(["--model", Self.model, "--benchmark", "nb201", "--method", "umap", "--out", "/tmp/x.svg",
                                       "--data-dir", CLIData.directory]).run()
        }
        #expect(e?.kind == .unknownName)
    }

    @Test func searchTakesTheModelAndExplainsWhenItIsMissing() throws {
        Plugins.registerAll()
        let json = CLIData.tempPath("a2v.json")
        try SearchCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--strategy", "arch2vec-rl", "--budget", "40",
                                 "--seeds", "2", "--model", Self.model, "--json", json, "--data-dir", CLIData.directory]).run()
        let o = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        #expect(o["strategy"] as? String == "arch2vec-rl")
        // a model file that does not exist is an error naming it and how to make one
        let missing = CLIData.tempPath("no-such.model")
        let e = #expect(throws: NaswiftError.self) {
            try SearchCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--strategy", "arch2vec-bo", "--budget", "20",
                                     "--seeds", "1", "--model", missing, "--data-dir", CLIData.directory]).run()
        }
        #expect(e?.kind == .dataMissing && e?.message.contains(missing) == true)
        #expect(e?.hint?.contains("naswift embed arch2vec train") == true)
    }

    /// Without `--model`, `auto` on NB201 cifar100 (its pick there is arch2vec-bo) uses the default
    /// model in `$NASWIFT_DATA/models`: the same queries as arch2vec-bo with that file given. Run in
    /// a child process with its own NASWIFT_DATA and HOME, so nothing is read from or written to the
    /// user's data directory.
    @Test func withoutAModelAutoUsesTheDefaultModel() throws {
        Plugins.registerAll()
        let home = URL(fileURLWithPath: CLIData.tempPath("home"))
        defer { try? FileManager.default.removeItem(at: home) }
        let models = home.appendingPathComponent("models")
        try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.model, toPath: models.appendingPathComponent("arch2vec-nb201.model").path)
        let common = ["--benchmark", "nb201", "--task", "cifar100", "--budget", "20", "--seeds", "1", "--threads", "1", "--data-dir", CLIData.directory]
        let p = Process()
        p.executableURL = try EmbedDeterminismTests.naswift()
        p.arguments = ["search", "--strategy", "auto", "--out", home.appendingPathComponent("auto").path] + common
        p.environment = ["NASWIFT_DATA": home.path, "HOME": home.path, "PATH": "/usr/bin:/bin"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0)
        try SearchCommand.parse(["--strategy", "arch2vec-bo", "--model", Self.model, "--out", home.appendingPathComponent("a2v").path] + common).run()
        func archs(_ run: String) throws -> [Substring] {
            let rows = try String(contentsOf: home.appendingPathComponent("\(run)/queries.csv"), encoding: .utf8).split(separator: "\n")
            let arch = try #require(rows.first?.split(separator: ",").firstIndex(of: "arch"))
            return rows.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[arch] }
        }
        let auto = try archs("auto")
        #expect(auto.count == 20)
        #expect(auto == (try archs("a2v")))
        #expect(try String(contentsOf: home.appendingPathComponent("auto/report.md"), encoding: .utf8).contains("auto (arch2vec-bo)"))
    }
}
