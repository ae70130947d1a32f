import Foundation
import Testing
import NASCENA
import NASCore
import NASLinalg
import NASSpaces
import NASTensor
import NASTestSupport

/// The projection against numpy's SVD, and the store: layout, resume after a kill, bad input.
struct EPDJMTests {
    /// The Jacobian of a small network (NB201 C = 4, N = 1) on 16 real images, projected on its
    /// top 8 directions, against numpy.linalg.svd with the same sign convention.
    @Test func projectionMatchesNumpySVD() throws {
        var rng = SeededGenerator(seed: 21)
        let net = CellNetwork<Float>.nb201(try NB201Space().parse(CellNetworkTests.mixedCell), c: 4, n: 1, rng: &rng)
        let j = net.inputGradient(try Fixtures.images(16))
        let p = try EPDJM.project(j.scalars, rows: 16, cols: 3072, proj: 8)
        let ref = try PythonReference.dictionary("""
            J = np.array(inp['j'], dtype=np.float64).reshape(16, 3072)
            u, s, vt = np.linalg.svd(J, full_matrices=False)
            top = np.abs(u).argmax(axis=0)
            u = u * np.sign(u[top, np.arange(u.shape[1])])
            P = u[:, :8] * s[:8]
            print(json.dumps({'p': P.ravel().tolist(), 'jv': (J @ vt[:8].T).ravel().tolist(), 's': s[:9].tolist()}))
            """, input: ["j": j.scalars.map(Double.init)])
        let s = try ref.doubles("s")
        #expect(zip(s.dropLast(), s.dropFirst()).allSatisfy { $0.0 > $0.1 * 1.001 }, "top singular values not distinct: \(s)")
        #expect(Fixtures.relativeError(p, try ref.doubles("p").map(Float.init)) < 1e-5)
        // U S equals J V up to the column signs
        let jv = try ref.doubles("jv")
        for c in 0..<8 {
            let a = (0..<16).map { Double(p[$0 * 8 + c]) }, b = (0..<16).map { jv[$0 * 8 + c] }
            let sign = a[0] * b[0] < 0 ? -1.0 : 1.0
            #expect(Fixtures.relativeError(a.map { $0 * sign }, b) < 1e-5, "column \(c)")
        }
    }

    static let cells = ["|nor_conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|none~1|nor_conv_1x1~2|",
                        "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|none~0|avg_pool_3x3~1|skip_connect~2|",
                        "|avg_pool_3x3~0|+|nor_conv_1x1~0|none~1|+|none~0|none~1|avg_pool_3x3~2|"]

    func meta(_ images: CIFARImages, batch: Int = 4, seed: UInt64 = 3) -> EPDJMStore.Meta {
        EPDJMStore.Meta(space: "nb201", batch: batch, inits: 2, proj: 4, seed: seed, imagesSHA256: images.fileChecksum,
                        imageRecords: images.records, blasThreads: 1)
    }

    func tempDir() -> URL { PythonScript.tempURL("epdjm") }

    /// Rows are computed in a seeded permutation, the same one across a resume, so a partial store
    /// holds a uniform random subset of its cells (not the first cell codes). Checked on a
    /// 400-cell store of real NB201 codes without computing any EPDJM.
    @Test func rowsAreComputedInASeededRandomOrder() throws {
        let images = try CIFARImages(contentsOf: Fixtures.cifarURL, records: try CIFARImages.sample(4, of: 1000, seed: 1))
        let codes = Array(stride(from: 0, to: 15_625, by: 39).prefix(400))
        let dir = tempDir(), other = tempDir()
        defer { for d in [dir, other] { try? FileManager.default.removeItem(at: d) } }
        let store = try EPDJMStore(directory: dir, meta: meta(images), space: .nb201, codes: codes)
        let order = store.workOrder
        #expect(order.sorted() == Array(codes.indices))
        // a prefix is spread over the rows: the first 100 of a uniform order hold about a quarter of
        // the first 100 rows (hypergeometric mean 25, sd 3.8), the ascending order all of them
        let early = order.prefix(100).filter { $0 < 100 }.count
        #expect((10...40).contains(early), "\(early) of the first 100 rows among the first 100 computed")
        // the same seed gives the same order; another seed another
        #expect(try EPDJMStore(directory: other, meta: meta(images, seed: 3), space: .nb201, codes: codes).workOrder == order)
        try? FileManager.default.removeItem(at: other)
        #expect(try EPDJMStore(directory: other, meta: meta(images, seed: 4), space: .nb201, codes: codes).workOrder != order)
        // after some rows, a resumed store continues the same sequence
        for row in order.prefix(3) { try store.write(row: row, values: nil, failure: "test") }
        let resumed = try EPDJMStore(directory: dir, meta: meta(images), space: .nb201, codes: codes)
        #expect(resumed.workOrder == Array(order.dropFirst(3)))
    }

    /// A run killed after one row (a new store object, a cut progress line) resumes to the same
    /// file, byte for byte, as one clean run; numpy maps the file with the right shape.
    @Test func resumedRunEqualsCleanRun() throws {
        let images = try CIFARImages(contentsOf: Fixtures.cifarURL, records: try CIFARImages.sample(4, of: 1000, seed: 1))
        let codes = try Self.cells.map { try CENASpace.nb201.parse($0) }
        let clean = tempDir(), killed = tempDir()
        defer { for d in [clean, killed] { try? FileManager.default.removeItem(at: d) } }

        let a = try EPDJMStore(directory: clean, meta: meta(images), space: .nb201, codes: codes)
        #expect(try a.computePending(space: .nb201, images: images.images).isEmpty)
        let sumA = try a.finish()

        let b = try EPDJMStore(directory: killed, meta: meta(images), space: .nb201, codes: codes)
        // computed as the store computes its rows: with the meta's one BLAS thread (other tests may
        // change the process's count meanwhile; the bytes depend on it)
        try b.write(row: 0, values: try BLAS.withThreadCount(1) {
            try EPDJM.compute(space: .nb201, code: codes[0], images: images.images, inits: 2, proj: 4, seed: 3)
        })
        // the kill: row 1's progress line cut mid-write
        let progress = killed.appendingPathComponent("progress.csv")
        let h = try FileHandle(forWritingTo: progress)
        try h.seekToEnd(); try h.write(contentsOf: Data("1,ok,12ab".utf8)); try h.close()
        let resumed = try EPDJMStore(directory: killed, meta: meta(images), space: .nb201, codes: codes)
        #expect(resumed.pending == [1, 2])
        try resumed.computePending(space: .nb201, images: images.images)
        #expect(try resumed.finish() == sumA)
        #expect(try Data(contentsOf: killed.appendingPathComponent("epdjm.npy")) == Data(contentsOf: clean.appendingPathComponent("epdjm.npy")))

        // the rows are the EPDJMs: row 1 (init 1) against a direct computation
        let direct = try BLAS.withThreadCount(1) {
            try EPDJM.compute(space: .nb201, code: codes[1], images: images.images, inits: 2, proj: 4, seed: 3)
        }
        #expect(try resumed.row(1) == direct)
        #expect(direct.contains { $0 != 0 })
        let shape = try PythonReference.dictionary("""
            a = np.load(inp['path'], mmap_mode='r')
            print(json.dumps({'shape': list(a.shape), 'row1': a[1].ravel().astype(float).tolist()}))
            """, input: ["path": clean.appendingPathComponent("epdjm.npy").path])
        #expect(try shape.doubles("shape") == [3, 2, 4, 4])
        #expect(try shape.doubles("row1").map(Float.init) == direct)   // Float: JSON numbers parse to the nearest double only approximately
        let index = try String(contentsOf: clean.appendingPathComponent("index.csv"), encoding: .utf8)
        #expect(index.hasPrefix("row,code,arch\n0,\(codes[0]),\(Self.cells[0])\n"))
    }

    /// Other settings, other cells and a corrupted row are refused with clear errors, and the
    /// stored files stay as they were.
    @Test func badStoresAreRefusedAndLeftIntact() throws {
        let images = try CIFARImages(contentsOf: Fixtures.cifarURL, records: Array(0..<4))
        let codes = try Self.cells.map { try CENASpace.nb201.parse($0) }
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try EPDJMStore(directory: dir, meta: meta(images), space: .nb201, codes: codes)
        try s.write(row: 0, values: [Float](repeating: 0.5, count: s.rowFloats))
        let snapshot = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().map {
            try Data(contentsOf: dir.appendingPathComponent($0))
        }
        func unchanged() throws -> Bool {
            try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted().map { try Data(contentsOf: dir.appendingPathComponent($0)) } == snapshot
        }
        #expect(throws: NaswiftError.self) { _ = try EPDJMStore(directory: dir, meta: meta(images, seed: 4), space: .nb201, codes: codes) }
        #expect(throws: NaswiftError.self) { _ = try EPDJMStore(directory: dir, meta: meta(images), space: .nb201, codes: Array(codes.prefix(2))) }
        #expect(try unchanged())
        do {
            _ = try EPDJMStore(directory: dir, meta: meta(images, seed: 4), space: .nb201, codes: codes)
        } catch let e as NaswiftError {
            #expect(e.message.contains("seed 3 vs 4"), "\(e.message)")
        }
        // corrupt row 0's bytes
        let npy = dir.appendingPathComponent("epdjm.npy")
        let h = try FileHandle(forWritingTo: npy)
        try h.seek(toOffset: 200); try h.write(contentsOf: Data([1, 2, 3])); try h.close()
        let corrupted = try Data(contentsOf: npy)
        do {
            _ = try EPDJMStore(directory: dir, meta: meta(images), space: .nb201, codes: codes)
            Issue.record("a corrupt row was accepted")
        } catch let e as NaswiftError {
            #expect(e.kind == .dataCorrupt && e.message.contains("row 0"), "\(e.message)")
        }
        #expect(try Data(contentsOf: npy) == corrupted)
    }

    @Test func badImageFilesAreRefused() throws {
        let dir = tempDir()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let notCifar = dir.appendingPathComponent("x.bin")
        try Data(repeating: 7, count: 5000).write(to: notCifar)
        #expect { _ = try CIFARImages(contentsOf: notCifar) } throws: { ($0 as? NaswiftError)?.message.contains("not a CIFAR-10 binary file") == true }
        let badLabel = dir.appendingPathComponent("y.bin")
        try Data(repeating: 200, count: 3073 * 2).write(to: badLabel)
        #expect { _ = try CIFARImages(contentsOf: badLabel) } throws: { ($0 as? NaswiftError)?.message.contains("label byte 200") == true }
        #expect(throws: NaswiftError.self) { _ = try CIFARImages.sample(1001, of: 1000, seed: 0) }
        #expect(throws: NaswiftError.self) { _ = try CIFARImages(contentsOf: Fixtures.cifarURL, records: [1000]) }
        #expect(throws: NaswiftError.self) { _ = try CENASpace.nb201.parse("8:16:24:32:40") }
        #expect(throws: NaswiftError.self) { _ = try CENASpace.natsss.parse(NB201Space.example) }
        let images = try CIFARImages(contentsOf: Fixtures.cifarURL)
        #expect(images.images.shape == [1000, 3, 32, 32] && images.labels.prefix(3) == [0, 1, 2])
        #expect(images.images.scalars.allSatisfy { $0 >= -1 && $0 <= 1 })
    }
}
