import Foundation
import Testing
import NASBenchmarks
import NASCENA
import NASCore
import NASTestSupport
@testable import NASCLI

/// `naswift embed cena train` and `export` on a small real store: the model file, the export,
/// determinism by seed, `naswift search --strategy cena-bo` on the export, the maps, and clear errors for a
/// damaged model or a store of another shape.
@Suite struct EmbedCENATrainCommandTests {
    init() { Plugins.registerAll() }

    /// A real store of 24 sampled NB201 cells (8 images, 4 inits, 4 directions) in `dir/store`.
    static func smallStore(in dir: URL) throws -> String {
        let store = dir.appendingPathComponent("store").path
        try EmbedCENAJacobiansCommand.parse(["--space", "nb201", "--images", EmbedCENACommandTests.cifar, "--sample", "24", "--batch", "8",
                                             "--inits", "4", "--proj", "4", "--seed", "2", "--threads", "1", "--out", store]).run()
        return store
    }

    @Test func trainThenExport() throws {
        let dir = try EmbedCENACommandTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Self.smallStore(in: dir)
        let small = ["--epochs", "2", "--batch-size", "8", "--hidden", "8", "--embedding", "6", "--projection", "5", "--lr", "1e-3", "--threads", "1"]
        let m1 = dir.appendingPathComponent("a.model").path, m2 = dir.appendingPathComponent("b.model").path
        try EmbedCENATrainCommand.parse(["--jacobians", store, "--out", m1] + small).run()
        try EmbedCENATrainCommand.parse(["--jacobians", store, "--out", m2] + small).run()
        #expect(try Data(contentsOf: URL(fileURLWithPath: m1)) == Data(contentsOf: URL(fileURLWithPath: m2)), "same seed, same model file")
        // without --batch-size a small store trains in batches of 128, not the reference's 1,024
        let m3 = dir.appendingPathComponent("c.model").path
        try EmbedCENATrainCommand.parse(["--jacobians", store, "--out", m3] + Array(small[0..<2] + small[4...])).run()
        #expect(try ContrastiveModel.load(from: URL(fileURLWithPath: m3)).header.config.batchSize == 128)
        #expect(try ContrastiveModel.load(from: URL(fileURLWithPath: m1)).header.config.batchSize == 8)
        let npy = dir.appendingPathComponent("emb.npy").path
        try EmbedCENAExportCommand.parse(["--model", m1, "--jacobians", store, "--out", npy, "--threads", "1"]).run()
        let shape = try PythonReference.dictionary("""
            a = np.load(inp['path'])
            print(json.dumps({'shape': list(a.shape), 'finite': bool(np.isfinite(a).all()), 'spread': float(a.std(axis=0).mean())}))
            """, input: ["path": npy])
        #expect(try shape.doubles("shape") == [24, 4, 6])
        #expect(shape["finite"] as? Bool == true)
        #expect(try shape.double("spread") > 0, "cells have different embeddings")
        let index = try String(contentsOfFile: dir.appendingPathComponent("emb-index.csv").path, encoding: .utf8)
        #expect(index.split(separator: "\n").count == 25 && index.hasPrefix("row,arch,key\n0,|"))

        // the search runs on the exported cells only, with the benchmark's real accuracies
        let out = dir.appendingPathComponent("search").path, json = dir.appendingPathComponent("s.json").path
        try SearchCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--guide", "cifar10_test_acc", "--strategy", "cena-bo",
                                 "--option", "embeddings=\(npy)", "--budget", "12", "--seeds", "3", "--json", json, "--out", out,
                                 "--data-dir", CLIData.directory]).run()
        let exported = Set(index.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[1]) })
        let queries = try String(contentsOfFile: out + "/queries.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(queries.count == 3 * 12)
        #expect(queries.allSatisfy { exported.contains(String($0.split(separator: ",")[4])) }, "a query outside the exported cells")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        #expect(summary["strategy"] as? String == "cena-bo")

        // cena-bo beside random search on the same cells: --cells with the export's index
        let cmp = dir.appendingPathComponent("compare").path
        try CompareCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--guide", "cifar10_test_acc", "--strategies", "cena-bo,random",
                                  "--option", "embeddings=\(npy)", "--cells", dir.appendingPathComponent("emb-index.csv").path,
                                  "--budget", "24", "--seeds", "2", "--out", cmp, "--data-dir", CLIData.directory]).run()
        let rows = try String(contentsOfFile: cmp + "/queries.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.count == 2 * 2 * 24)
        for seed in ["0", "1"] {   // both strategies visit exactly the 24 exported cells
            for strategy in ["cena-bo", "random"] {
                let mine = rows.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
                    .filter { $0[0] == strategy && $0[1] == seed }.map { $0[4] }
                #expect(Set(mine) == exported && mine.count == 24, "\(strategy) seed \(seed)")
            }
        }
        let report = try String(contentsOfFile: cmp + "/report.md", encoding: .utf8)
        #expect(report.contains("searching only the 24 cells listed in \(dir.appendingPathComponent("emb-index.csv").path)"))

        // maps of the three stages (t-SNE), coloured by the benchmark's accuracy
        for stage in ["raw", "untrained", "trained"] {
            let svg = dir.appendingPathComponent("map-\(stage).svg").path
            try EmbedCENAMapCommand.parse(["--jacobians", store, "--model", m1, "--stage", stage, "--benchmark", "nb201", "--task", "cifar10",
                                           "--points", "20", "--perplexity", "5", "--iterations", "100", "--threads", "1",
                                           "--data-dir", CLIData.directory, "--out", svg]).run()
            let text = try String(contentsOfFile: svg, encoding: .utf8)
            #expect(text.components(separatedBy: "<circle").count - 1 == 20 && text.contains("CENA \(stage)"), "\(stage) map")
        }
        #expect(throws: NaswiftError.self) {
            try EmbedCENAMapCommand.parse(["--jacobians", store, "--stage", "raw", "--method", "pca", "--benchmark", "nb201",
                                           "--data-dir", CLIData.directory, "--out", dir.appendingPathComponent("x.svg").path]).run()
        }
        #expect(throws: NaswiftError.self) {
            try EmbedCENAMapCommand.parse(["--jacobians", store, "--stage", "trained", "--benchmark", "nb201", "--task", "cifar10",
                                           "--data-dir", CLIData.directory, "--out", dir.appendingPathComponent("x.svg").path]).run()
        }

        // a damaged model
        var bytes = try Data(contentsOf: URL(fileURLWithPath: m1))
        bytes[bytes.count / 2] ^= 1
        try bytes.write(to: URL(fileURLWithPath: m2))
        let e1 = #expect(throws: NaswiftError.self) {
            try EmbedCENAExportCommand.parse(["--model", m2, "--jacobians", store, "--out", npy]).run()
        }
        #expect(e1?.kind == .dataCorrupt && e1?.message.contains("checksum") == true)
        // an EPDJM store of another shape than the model's
        let other = dir.appendingPathComponent("other").path
        try EmbedCENAJacobiansCommand.parse(["--space", "nb201", "--images", EmbedCENACommandTests.cifar, "--sample", "2", "--batch", "8",
                                             "--inits", "2", "--proj", "3", "--threads", "1", "--out", other]).run()
        let e2 = #expect(throws: NaswiftError.self) {
            try EmbedCENAExportCommand.parse(["--model", m1, "--jacobians", other, "--out", npy]).run()
        }
        #expect(e2?.message.contains("8 images x 4 directions") == true, "\(e2?.message ?? "")")
        // stores of different shapes together, a missing store, an output that is not .npy
        let e3 = #expect(throws: NaswiftError.self) { try EmbedCENATrainCommand.parse(["--jacobians", store, other, "--out", m2]).run() }
        #expect(e3?.message.contains("differ in shape") == true)
        let e4 = #expect(throws: NaswiftError.self) { try EmbedCENATrainCommand.parse(["--jacobians", dir.path, "--out", m2]).run() }
        #expect(e4?.kind == .dataMissing)
        #expect(throws: NaswiftError.self) { try EmbedCENAExportCommand.parse(["--model", m1, "--jacobians", store, "--out", "x.csv"]).run() }
    }

    /// Transfer between NB201 and the NATS size space: one model on both stores, the 2 x 2 table of
    /// Kendall tau and Pearson r over repeats, as Markdown and JSON.
    @Test func transferTableBetweenSpaces() throws {
        let dir = try EmbedCENACommandTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data")
        let bench = BenchmarkStore(directory: data)
        _ = try bench.importCSV(name: "nb201", space: "nb201", files: [SharedData.url("nb201/nb201_200ep.csv")])
        _ = try bench.importCSV(name: "natsss", space: "natsss", files: [SharedData.url("natsss/natsss.csv")])
        let a = dir.appendingPathComponent("a").path, b = dir.appendingPathComponent("b").path
        for (space, out, n) in [("nb201", a, "20"), ("natsss", b, "14")] {
            try EmbedCENAJacobiansCommand.parse(["--space", space, "--images", EmbedCENACommandTests.cifar, "--sample", n, "--batch", "8",
                                                 "--inits", "4", "--proj", "4", "--seed", "3", "--threads", "1", "--out", out]).run()
        }
        let model = dir.appendingPathComponent("m.model").path
        try EmbedCENATrainCommand.parse(["--jacobians", a, b, "--out", model, "--epochs", "3", "--batch-size", "8", "--hidden", "16",
                                         "--embedding", "8", "--projection", "8", "--lr", "1e-3", "--threads", "1"]).run()
        let md = dir.appendingPathComponent("t.md").path, json = dir.appendingPathComponent("t.json").path
        try EmbedCENATransferCommand.parse(["--model", model, "--jacobians", a, b, "--benchmarks", "nb201,natsss", "--task", "cifar10",
                                            "--train", "10", "--held-out", "4", "--repeats", "3", "--trees", "20", "--max-features", "4",
                                            "--threads", "1", "--data-dir", data.path, "--out", md, "--json", json]).run()
        let table = try String(contentsOfFile: md, encoding: .utf8)
        #expect(table.hasPrefix("| train \\ eval | natsss | nb201 |") && table.contains("| nb201 | tau "), "\(table)")
        let r = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let pairs = try #require(r["pairs"] as? [[String: Any]])
        #expect(pairs.count == 4)
        for p in pairs {
            let tau = try #require(p["kendallTau"] as? [Double]), pr = try #require(p["pearson"] as? [Double])
            #expect(tau.count == 3 && pr.count == 3 && (tau + pr).allSatisfy { $0.isFinite && abs($0) <= 1 }, "\(p)")
        }
        #expect((r["trainCells"] as? [String: Int]) == ["nb201": 10, "natsss": 10] && (r["heldOutCells"] as? [String: Int]) == ["nb201": 4, "natsss": 4])
        // a space without a benchmark
        let e = #expect(throws: NaswiftError.self) {
            try EmbedCENATransferCommand.parse(["--model", model, "--jacobians", a, b, "--benchmarks", "nb201", "--task", "cifar10",
                                                "--data-dir", data.path, "--out", md]).run()
        }
        #expect(e?.message.contains("no benchmark of space natsss") == true)
    }

    /// `--shard i/n` splits the selected cells across runs: each shard's rows equal the unsharded
    /// run's rows of the same cells, and the shards together are the whole selection.
    @Test func shardsEqualTheUnshardedRun() throws {
        let dir = try EmbedCENACommandTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        func run(_ out: String, _ extra: [String]) throws {
            try EmbedCENAJacobiansCommand.parse(["--space", "nb201", "--images", EmbedCENACommandTests.cifar, "--sample", "5", "--batch", "4",
                                                 "--inits", "2", "--proj", "2", "--seed", "4", "--threads", "1", "--out", out] + extra).run()
        }
        let whole = dir.appendingPathComponent("whole"), s0 = dir.appendingPathComponent("s0"), s1 = dir.appendingPathComponent("s1")
        try run(whole.path, [])
        try run(s0.path, ["--shard", "0/2"])
        try run(s1.path, ["--shard", "1/2"])
        let w = try EPDJMStore.open(directory: whole)
        let shards = try [s0, s1].map { try EPDJMStore.open(directory: $0) }
        #expect(shards.map(\.codes.count) == [3, 2])
        #expect(Set(shards.flatMap(\.codes)) == Set(w.codes))
        for st in shards {
            for (row, code) in st.codes.enumerated() {
                #expect(try st.row(row) == w.row(w.codes.firstIndex(of: code)!), "cell \(code)")
            }
        }
        #expect(try EPDJMSets(directories: [s0, s1]).count == 5)
        for bad in ["2/2", "1", "a/b", "0/0"] {
            #expect(throws: NaswiftError.self, "--shard \(bad)") { try run(dir.appendingPathComponent("bad").path, ["--shard", bad]) }
        }
    }

    /// `naswift bench cena-train` on a small real store: the reference network's epoch time, the
    /// split it reports, PyTorch's epoch on the same rows when torch is installed
    /// (NASWIFT_TORCH_PYTHON), and clear errors for bad input.
    @Test func benchCENATrainTimesAnEpoch() throws {
        let dir = try EmbedCENACommandTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Self.smallStore(in: dir)
        let json = dir.appendingPathComponent("bench.json").path
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("scripts/bench/cena_train_torch.py").path
        let torch = PythonScript.torchInterpreter ?? ""
        try BenchCENATrainCommand.parse(["--jacobians", store, "--epochs", "2", "--threads", "1", "--torch-python", torch,
                                         "--torch-script", script, "--tape-memory", "0.5", "--json", json]).run()
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Double])
        #expect(obj["cells_training"] == 22 && obj["cells_held_out"] == 2 && obj["chunk"] == 128 && obj["threads"] == 1 && obj["tape_memory_gb"] == 0.5)
        #expect((obj["epoch_s_naswift"] ?? 0) > 0)
        if !torch.isEmpty {
            let t = try #require(obj["epoch_s_torch"])
            #expect(t > 0 && abs(obj["epoch_ratio_naswift_over_torch"]! - obj["epoch_s_naswift"]! / t) < 1e-12)
        } else {
            #expect(obj["epoch_s_torch"] == nil)
        }
        #expect(throws: NaswiftError.self) {
            try BenchCENATrainCommand.parse(["--jacobians", dir.appendingPathComponent("missing").path, "--torch-python", ""]).run()
        }
        #expect(throws: NaswiftError.self) { try BenchCENATrainCommand.parse(["--jacobians", store, "--epochs", "0"]).run() }
        #expect(throws: NaswiftError.self) { try BenchCENATrainCommand.parse(["--jacobians", store, "--tape-memory=-1"]).run() }
    }
}
