import Foundation
import Testing
import NASCore
import NASSpaces
import NASTensor
import NASTestSupport
@testable import NASArch2Vec

@Suite struct Arch2VecTrainingTests {
    /// 4 epochs on 3,000 real NB201 cells (a seeded sample of the space; 85 Adam steps per epoch). Measured
    /// when written (the trajectory depends on the OpenBLAS thread count, which changes float
    /// rounding; 2 threads / 1 thread): loss 1.29 -> 0.67 / 0.67, held-out adjacency accuracy
    /// 0.40 (untrained) -> 0.993 / 0.984, op accuracy 0.13 (untrained) -> 0.29 / 0.33 (ops are the
    /// slow, noisy part this early: the full 10-epoch run reaches >= 0.99, see BENCHMARKS.md).
    @Test func shortNB201RunLowersTheLossAndLearnsToReconstruct() throws {
        var rng = SeededGenerator(seed: 21)
        var idx = Array(0..<NB201Cell.cellCount)
        idx.shuffle(using: &rng)
        let graphs = Arch2VecSpace.nb201.wholeSpace().graphs.subset(Array(idx.prefix(3000)))
        var config = Arch2VecConfig(epochs: 4, seed: 4)
        config.decodings = 1000
        var epochEnds: [Arch2VecEpochDiagnostics] = []
        let model = try Arch2VecTrainer(space: .nb201, config: config).train(graphs: graphs) { p in
            if let d = p.finished { epochEnds.append(d) }
        }
        let d = model.header.diagnostics
        #expect(d == epochEnds && d.count == 4)
        #expect(model.header.trainingGraphs == 2700 && model.header.heldOutGraphs == 300)
        #expect(d[3].loss < d[0].loss * 0.6, "losses \(d.map(\.loss))")
        // The untrained network of the same seed, on the same held-out cells.
        var rng2 = SeededGenerator(seed: 4)
        var order = Array(0..<3000)
        order.shuffle(using: &rng2)
        let held = graphs.subset(Array(order[2700...]))
        let untrained = GINVAE<Float>(inputDim: 7, rng: &rng2)
        let before = Arch2VecTrainer.heldOutReconstruction(model: untrained, graphs: held)
        let after = Arch2VecTrainer.heldOutReconstruction(model: try model.network(), graphs: held)
        #expect(after.opAccuracy == d[3].heldOutOpAccuracy)
        #expect(after.opAccuracy >= 0.22 && after.opAccuracy > before.opAccuracy + 0.1,
                "held-out op accuracy \(before.opAccuracy) -> \(after.opAccuracy)")
        #expect(after.adjacencyAccuracy >= 0.98, "held-out adjacency accuracy \(after.adjacencyAccuracy) (untrained \(before.adjacencyAccuracy))")
        #expect(model.header.latentMean.count == 8 * 16 && model.header.latentStd.allSatisfy { $0 > 0 })
    }

    @Test func badConfigurationsAreRejected() {
        #expect(throws: NaswiftError.self) { try Arch2VecTrainer(space: .nb201, config: Arch2VecConfig(epochs: 0, seed: 1)) }
        var c = Arch2VecConfig(epochs: 1, seed: 1)
        c.trainFraction = 1
        #expect(throws: NaswiftError.self) { try Arch2VecTrainer(space: .nb201, config: c) }
        let g = Fixtures.nb201Graphs.subset([0, 1])
        #expect(throws: NaswiftError.self) { try Arch2VecTrainer(space: .nb201, config: Arch2VecConfig(epochs: 1, seed: 1)).train(graphs: g) }
        #expect(throws: NaswiftError.self) { try Arch2VecTrainer(space: .nb101, config: Arch2VecConfig(epochs: 1, seed: 1)).train(graphs: Fixtures.nb201Graphs) }
    }

    /// The export's .npy loads in numpy with shape [cells, 16] and the model's embeddings; the index
    /// CSV maps rows to architectures.
    @Test func exportWritesNumpyLoadableEmbeddings() throws {
        let m = Fixtures.tinyNB201
        let dir = Fixtures.tempURL("export")
        defer { try? FileManager.default.removeItem(at: dir) }
        let g = Fixtures.nb201Graphs.subset(Array(0..<50))
        let names = (0..<50).map { NB201Cell(code: $0)!.description }
        let r = try Arch2VecExport.write(model: m, graphs: g, architectures: names, keys: names, to: dir)
        #expect(r.rows == 50 && r.latent == 16)
        let expected = try m.embed(architectures: names)
        let out = try PythonProcess.text(["-c", """
            import sys, numpy as np, csv
            e = np.load(sys.argv[1])
            rows = list(csv.DictReader(open(sys.argv[2])))
            print(e.dtype, e.shape[0], e.shape[1], len(rows), rows[7]['arch'], repr(float(e[7, 3])), repr(float(e[49, 15])))
            """, r.npy.path, r.index.path])
        let f = out.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        try #require(f.count == 7, "python printed: \(out)")
        #expect(f[0] == "float32" && f[1] == "50" && f[2] == "16" && f[3] == "50")
        #expect(f[4] == names[7])
        #expect(Float(f[5]) == expected[7 * 16 + 3] && Float(f[6]) == expected[49 * 16 + 15])
    }
}
