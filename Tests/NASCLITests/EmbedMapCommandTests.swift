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
        let e = #expect(throws: NaswiftError.self) {
            try SearchCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--strategy", "arch2vec-bo", "--budget", "20",
                                     "--seeds", "1", "--data-dir", CLIData.directory]).run()
        }
        #expect(e?.message.contains("needs a pretrained model") == true)
        #expect(e?.hint?.contains("naswift embed arch2vec train --space nb201 --out FILE") == true)
    }
}
