import Foundation
import Testing
import NASBenchmarks
import NASCENA
import NASCore
import NASRunner
import NASTensor
import NASTestSupport
@testable import NASCLI

/// `naswift embed quality` on real NB201 values: a representation that holds each cell's value
/// ranks the held-out cells almost perfectly, seeded noise does not; a real CENA export and the
/// one-hot encoding run on the same cells; bad input gives clear errors.
@Suite struct EmbedQualityCommandTests {
    /// Writes `vectors` (`[cells, width]`) for `archs` as an export (`X.npy` + `X-index.csv`).
    static func export(_ archs: [String], _ vectors: [Float], width: Int, to npy: URL) throws {
        try Data(NPZ.npy(try Tensor(shape: [archs.count, width], scalars: vectors))).write(to: npy)
        let index = "row,arch,key\n" + archs.enumerated().map { "\($0),\($1),\($1)\n" }.joined()
        try index.write(to: ContrastiveExport.indexURL(for: npy), atomically: true, encoding: .utf8)
    }

    @Test func oracleBeatsNoiseOnTheSameCells() throws {
        let dir = try EmbedCENACommandTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let table = try RunTable(benchmark: try BenchmarkStore(directory: URL(fileURLWithPath: CLIData.directory)).load("nb201"),
                                 task: "cifar10", guide: nil, report: nil)
        let picked = Array(stride(from: 0, to: table.architectures.count, by: 61).prefix(200))
        let archs = picked.map { table.architectures[$0] }
        var rng = SeededGenerator(seed: 3)
        let oracle = dir.appendingPathComponent("oracle.npy"), noise = dir.appendingPathComponent("noise.npy")
        try Self.export(archs, picked.map { Float(table.report[$0]) }, width: 1, to: oracle)
        try Self.export(archs, (0..<(archs.count * 3)).map { _ in Float.random(in: 0..<1, using: &rng) }, width: 3, to: noise)
        let md = dir.appendingPathComponent("q.md").path, json = dir.appendingPathComponent("q.json").path
        try EmbedQualityCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--data-dir", CLIData.directory,
                                       "--representation", "oracle=\(oracle.path)", "--representation", "noise=\(noise.path)", "--onehot",
                                       "--train", "100", "--repeats", "3", "--trees", "30", "--max-features", "1",
                                       "--out", md, "--json", json]).run()
        let r = try JSONDecoder().decode(RepresentationQuality.Result.self, from: Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(r.trainCells == 100 && r.heldOutCells == 100)
        #expect(r.rows.map(\.name) == ["oracle", "noise", "onehot"])
        #expect(r.rows.map(\.dimension) == [1, 3, 30] && r.rows.allSatisfy { $0.views == 1 && $0.kendallTau.count == 3 })
        #expect(r.rows[0].tauMean > 0.9, "oracle tau \(r.rows[0].tauMean)")
        #expect(abs(r.rows[1].tauMean) < 0.25, "noise tau \(r.rows[1].tauMean)")
        #expect(r.rows[2].tauMean > r.rows[1].tauMean + 0.2, "one-hot tau \(r.rows[2].tauMean) vs noise \(r.rows[1].tauMean)")
        let text = try String(contentsOfFile: md, encoding: .utf8)
        #expect(text.contains(String(format: "| oracle | 1 x 1 | %.3f ±", r.rows[0].tauMean)))

        // the same seed gives the same figures
        let json2 = dir.appendingPathComponent("q2.json").path
        try EmbedQualityCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--data-dir", CLIData.directory,
                                       "--representation", "oracle=\(oracle.path)", "--representation", "noise=\(noise.path)", "--onehot",
                                       "--train", "100", "--repeats", "3", "--trees", "30", "--max-features", "1",
                                       "--out", md, "--json", json2]).run()
        #expect(try Data(contentsOf: URL(fileURLWithPath: json)) == Data(contentsOf: URL(fileURLWithPath: json2)))

        // bad input
        func fails(_ args: [String], _ phrase: String) {
            do {
                try EmbedQualityCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--data-dir", CLIData.directory, "--out", md] + args).run()
                Issue.record("accepted \(args)")
            } catch let e as NaswiftError {
                #expect(e.message.contains(phrase), "\(args): \(e.message)")
            } catch { Issue.record("\(args): \(error)") }
        }
        fails([], "no representation")
        fails(["--representation", "oracle"], "is not NAME=FILE.npy")
        fails(["--representation", "a=\(dir.path)/missing.npy"], "missing.npy")
        fails(["--representation", "a=\(oracle.path)", "--representation", "a=\(noise.path)"], "given twice")
        fails(["--representation", "a=\(oracle.path)", "--train", "199"], "--train 199 needs at least 201")
    }

    /// A real CENA export (4 inits per cell) beside the one-hot encoding on its cells.
    @Test func cenaExportAndOneHot() throws {
        let dir = try EmbedCENACommandTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try EmbedCENATrainCommandTests.smallStore(in: dir)
        let model = dir.appendingPathComponent("m.model").path, npy = dir.appendingPathComponent("cena.npy").path
        try EmbedCENATrainCommand.parse(["--jacobians", store, "--out", model, "--epochs", "1", "--batch-size", "8", "--hidden", "8",
                                         "--embedding", "6", "--projection", "5", "--threads", "1"]).run()
        try EmbedCENAExportCommand.parse(["--model", model, "--jacobians", store, "--out", npy, "--threads", "1"]).run()
        let md = dir.appendingPathComponent("q.md").path, json = dir.appendingPathComponent("q.json").path
        try EmbedQualityCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--data-dir", CLIData.directory,
                                       "--representation", "cena=\(npy)", "--onehot", "--train", "12", "--repeats", "2",
                                       "--trees", "10", "--max-features", "4", "--out", md, "--json", json]).run()
        let r = try JSONDecoder().decode(RepresentationQuality.Result.self, from: Data(contentsOf: URL(fileURLWithPath: json)))
        #expect(r.trainCells == 12 && r.heldOutCells == 12)
        #expect(r.rows.map(\.name) == ["cena", "onehot"] && r.rows.map(\.views) == [4, 1] && r.rows.map(\.dimension) == [6, 30])
        #expect(r.rows.allSatisfy { $0.kendallTau.allSatisfy { abs($0) <= 1 } && $0.pearson.allSatisfy { abs($0) <= 1 } })
    }
}
