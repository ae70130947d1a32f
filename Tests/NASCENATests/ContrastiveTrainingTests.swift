import Foundation
import Testing
@testable import NASCENA
import NASCore
import NASSpaces
import NASTensor
import NASTestSupport

/// Contrastive training on real EPDJMs (128 NB201 cells, `CENAWorld`): determinism, learning,
/// chunked batches, the model file and the export.
struct ContrastiveTrainingTests {
    /// The default batch: the reference's 1,024 when an epoch holds at least 10 of them, else 128.
    @Test func defaultBatchFollowsTheStoreSize() {
        #expect(ContrastiveConfig.defaultBatchSize(trainingCells: 14_597) == 1024)   // the whole NB201 space
        #expect(ContrastiveConfig.defaultBatchSize(trainingCells: 10_240) == 1024)
        #expect(ContrastiveConfig.defaultBatchSize(trainingCells: 10_239) == 128)
        #expect(ContrastiveConfig.defaultBatchSize(trainingCells: 1_800) == 128)     // the default 2,000-cell store
    }

    @Test func heldOutCountFollowsTheStoreSize() {
        #expect(ContrastiveTrainer.heldOutCount(requested: 1028, cells: 15_625) == 1028)
        #expect(ContrastiveTrainer.heldOutCount(requested: 1028, cells: 2000) == 200)
        #expect(ContrastiveTrainer.heldOutCount(requested: 1028, cells: 48) == 4)
        #expect(ContrastiveTrainer.heldOutCount(requested: 1028, cells: 12) == 0)
        #expect(ContrastiveTrainer.heldOutCount(requested: 0, cells: 2000) == 0)
    }

    /// A store still being computed opens read-only: its finished rows are used, the others
    /// counted, and a progress line being written is left alone; a directory without a store is
    /// `dataMissing`, stores of other shapes are refused together.
    @Test func storesInProgressOpenReadOnly() throws {
        let images = try CIFARImages(contentsOf: Fixtures.cifarURL, records: Array(0..<4))
        let dir = PythonScript.tempURL("cena-partial")
        defer { try? FileManager.default.removeItem(at: dir) }
        let meta = EPDJMStore.Meta(space: "nb201", batch: 4, inits: 2, proj: 2, seed: 0, imagesSHA256: images.fileChecksum,
                                   imageRecords: images.records, blasThreads: 1)
        let codes = [5, 77, 901]
        let store = try EPDJMStore(directory: dir, meta: meta, space: .nb201, codes: codes)
        try store.write(row: 1, values: try EPDJM.compute(space: .nb201, code: 77, images: images.images, inits: 2, proj: 2, seed: 0))
        try store.write(row: 2, values: nil, failure: "not finite")
        let progress = dir.appendingPathComponent("progress.csv")
        let h = try FileHandle(forWritingTo: progress)
        try h.seekToEnd(); try h.write(contentsOf: Data("0,ok,ab".utf8)); try h.close()
        let before = try Data(contentsOf: progress)
        let sets = try EPDJMSets(directories: [dir])
        #expect(sets.count == 1 && sets.items[0].code == 77 && sets.pendingRows == 1 && sets.failedRows == 1)
        #expect(try Data(contentsOf: progress) == before)
        #expect(sets.elements([(item: 0, view: 1)]) == Array(try store.row(1)[8...]))
        #expect { _ = try EPDJMSets(directories: [dir.appendingPathComponent("nothing")]) } throws: { ($0 as? NaswiftError)?.kind == .dataMissing }
        #expect { _ = try EPDJMSets(directories: [dir, CENAWorld.shared.directory]) } throws: {
            ($0 as? NaswiftError)?.message.contains("differ in shape") == true
        }
    }

    /// The same seed gives the same model bytes; another seed other bytes. The losses are
    /// finite, the learning rate decays by 0.95 per epoch, and the split is as announced.
    @Test func trainingIsDeterministicBySeed() throws {
        let sets = try CENAWorld.shared.sets()
        let a = try ContrastiveTrainer(config: CENAWorld.smallConfig(epochs: 2)).train(sets: sets)
        let b = try ContrastiveTrainer(config: CENAWorld.smallConfig(epochs: 2)).train(sets: sets)
        let c = try ContrastiveTrainer(config: CENAWorld.smallConfig(epochs: 2, seed: 2)).train(sets: sets)
        #expect(try a.serialized() == b.serialized())
        #expect(try a.serialized() != c.serialized())
        #expect(a.header.trainingCells == 116 && a.header.heldOutCells == 12 && a.header.inits == 4)
        #expect(a.header.history.count == 2)
        #expect(abs(a.header.history[1].learningRate - 1e-3 * 0.95) < 1e-15)
        #expect(a.header.history.allSatisfy { $0.trainLoss.isFinite && ($0.validationLoss?.isFinite ?? false) })
    }

    /// Training learns: over 25 epochs the training loss falls well below its first-epoch value,
    /// and afterwards the projections of two inits of one cell are more similar (cosine) than
    /// those of different cells, on the training cells.
    @Test func trainingBringsViewsOfACellTogether() throws {
        let sets = try CENAWorld.shared.sets()
        var config = CENAWorld.smallConfig(epochs: 25)
        config.hidden = 32; config.embedding = 16; config.projection = 16
        var epochs: [ContrastiveEpoch] = []
        let model = try ContrastiveTrainer(config: config).train(sets: sets) { if let e = $0.finished { epochs.append(e) } }
        #expect(epochs.map(\.epoch) == Array(1...25))
        let first = epochs[0].trainLoss, last = epochs[24].trainLoss
        print("contrastive training on \(sets.count) real NB201 cells: train loss \(first) -> \(last); validation \(epochs[0].validationLoss!) -> \(epochs[24].validationLoss!)")
        #expect(last < 0.8 * first, "train loss \(first) -> \(last)")
        let net = try model.network()
        let items = Array(0..<sets.count)
        let pairs = items.flatMap { i in [(item: i, view: 0), (item: i, view: 1)] }
        let t = Tape<Float>()
        let z = net(t.constant(try Tensor(shape: [pairs.count * sets.setSize, sets.dimension], scalars: sets.elements(pairs))),
                    setSize: sets.setSize).l2NormalizedRows().value
        let p = config.projection
        func cos(_ i: Int, _ j: Int) -> Double { (0..<p).reduce(0) { $0 + Double(z.scalars[i * p + $1] * z.scalars[j * p + $1]) } }
        let same = items.map { cos(2 * $0, 2 * $0 + 1) }.reduce(0, +) / Double(items.count)
        var other = 0.0, n = 0
        for i in items { for j in items where j != i { other += cos(2 * i, 2 * j + 1); n += 1 } }
        other /= Double(n)
        print("mean cosine of two inits of one cell \(same), of different cells \(other)")
        #expect(same > other + 0.1, "same cell \(same), different cells \(other)")
    }

    /// A batch larger than one chunk gives the same loss and gradients as one pass.
    @Test func chunkedBatchesGiveTheSameGradient() throws {
        let sets = try CENAWorld.shared.sets()
        var small = CENAWorld.smallConfig()
        small.chunk = 5
        var whole = small
        whole.chunk = 1000
        var rng = SeededGenerator(seed: 8)
        let net = ContrastiveNetwork<Float>(input: sets.dimension, hidden: 16, embedding: 12, projection: 10, rng: &rng)
        let items = Array(0..<12), views = items.map { ($0 % 4, ($0 + 2) % 4) }
        func run(_ c: ContrastiveConfig) throws -> (Double, [Float]) {
            net.zeroGrad()
            let l = try ContrastiveTrainer(config: c).batchLoss(net, sets, items: items, views: views, backward: true)
            return (l, net.parameters.flatMap { $0.grad!.scalars })
        }
        let (l1, g1) = try run(small), (l2, g2) = try run(whole)
        #expect(abs(l1 - l2) < 1e-5 * abs(l2))
        #expect(Fixtures.relativeError(g1, g2) < 1e-4)
    }

    /// Keeping the chunks' forward tapes (any `tapeBudget`) or recomputing them gives the same
    /// model bytes: the budget trades memory for time only. A budget of two chunks keeps some and
    /// recomputes the rest.
    @Test func keptAndRecomputedTapesGiveTheSameModel() throws {
        let sets = try CENAWorld.shared.sets()
        let config = CENAWorld.smallConfig(epochs: 2)
        let trainer = try ContrastiveTrainer(config: config, tapeBudget: 0)
        let twoChunks = trainer.chunkTapeBytes(sets: config.chunk, setSize: sets.setSize, dimension: sets.dimension) * 2
        let models = try [0, twoChunks, Int.max].map { try ContrastiveTrainer(config: config, tapeBudget: $0).train(sets: sets).serialized() }
        #expect(models[0] == models[1] && models[0] == models[2])
        #expect(try ContrastiveTrainer(config: config).tapeBudget == ContrastiveTrainer.defaultTapeBudget)
        #expect(ContrastiveTrainer.defaultTapeBudget > 0)
    }

    /// The model file round-trips; a damaged, truncated, foreign or newer file is a clear error.
    @Test func modelFileRoundTripsAndRefusesDamage() throws {
        let sets = try CENAWorld.shared.sets()
        let model = try ContrastiveTrainer(config: CENAWorld.smallConfig(epochs: 1)).train(sets: sets)
        let url = PythonScript.tempURL("cena.model")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.save(to: url)
        let back = try ContrastiveModel.load(from: url)
        #expect(back.header == model.header)
        #expect(try back.embed(sets, items: [0, 5]) == model.embed(sets, items: [0, 5]))
        let good = [UInt8](try Data(contentsOf: url))
        func refused(_ bytes: [UInt8], _ phrase: String) throws {
            try Data(bytes).write(to: url)
            do {
                _ = try ContrastiveModel.load(from: url)
                Issue.record("accepted a file that \(phrase)")
            } catch let e as NaswiftError {
                #expect(e.kind == .dataCorrupt && e.message.contains(phrase) && e.message.contains(url.path), "\(e.message)")
            }
        }
        var flipped = good; flipped[good.count / 2] ^= 0x10
        try refused(flipped, "fails its SHA-256 checksum")
        try refused(Array(good.prefix(good.count - 100)), "is truncated")
        try refused(Array("NSA2VMDL".utf8) + good.dropFirst(8), "bad magic bytes")
        var newer = good; newer[8] = 2
        try refused(newer, "has format version 2")
        try FileManager.default.removeItem(at: url)
        #expect { _ = try ContrastiveModel.load(from: url) } throws: { ($0 as? NaswiftError)?.kind == .dataMissing }
    }

    /// The export: numpy reads `[cells, inits, embedding]` whose rows are the model's embeddings,
    /// and the index names the cells in store order; it reads back as a latent table.
    @Test func exportIsReadableByNumpyAndByTheStrategy() throws {
        let sets = try CENAWorld.shared.sets()
        let model = try ContrastiveTrainer(config: CENAWorld.smallConfig(epochs: 1)).train(sets: sets)
        let npy = PythonScript.tempURL("cena.npy")
        defer { for u in [npy, ContrastiveExport.indexURL(for: npy)] { try? FileManager.default.removeItem(at: u) } }
        let r = try ContrastiveExport.write(model: model, sets: sets, to: npy)
        #expect(r.cells == CENAWorld.cellCount && r.inits == 4 && r.embedding == 12)
        let ref = try PythonReference.dictionary("""
            a = np.load(inp['path'])
            print(json.dumps({'shape': list(a.shape), 'row3': a[3].ravel().astype(float).tolist()}))
            """, input: ["path": npy.path])
        #expect(try ref.doubles("shape") == [Double(CENAWorld.cellCount), 4, 12])
        let direct = try model.embed(sets, items: [3])
        #expect(Fixtures.relativeError(try ref.doubles("row3"), direct.map(Double.init)) < 1e-6)
        let index = try String(contentsOf: ContrastiveExport.indexURL(for: npy), encoding: .utf8)
        #expect(index.hasPrefix("row,arch,key\n0,\(sets.arch(0)),\(sets.arch(0))\n"))
        let e = try CENAEmbeddings.load(npy: npy)
        #expect(e.archs.count == CENAWorld.cellCount && e.inits == 4 && e.embedding == 12)
        let table = try e.table(space: NB201Space())
        // The table holds the file's rows bit for bit. (The file's rows were embedded in a batch of
        // 128 sets and `direct` alone: OpenBLAS's Zen sgemm rounds a row differently with the batch
        // size, hence the 1e-6 above rather than equality.)
        let fileRow3 = try ref.doubles("row3").map(Float.init)
        #expect(table.dimension == 48 && Array(table.vector(3)) == fileRow3)
        #expect(Fixtures.relativeError(Array(table.vector(3)).map(Double.init), direct.map(Double.init)) < 1e-6)
        #expect(throws: NaswiftError.self) { _ = try e.table(space: NATSSizeSpace()) }
    }
}
