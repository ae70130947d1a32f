import Foundation
import Testing
import NASCore
import NASTensor
import NASTestSupport

/// `.npz` files written here are read by numpy, and numpy's files are read here.
@Suite struct NPZTests {
    @Test func numpyLoadsWhatWeWrite() throws {
        var rng = SeededGenerator(seed: 5)
        let a = Tensor<Float>.uniform([3, 4], low: -1, high: 1, rng: &rng)
        let b = Tensor<Double>.normal([2, 3, 5], rng: &rng)
        let url = PythonScript.tempURL("w.npz"), urlD = PythonScript.tempURL("d.npz")
        defer { try? FileManager.default.removeItem(at: url); try? FileManager.default.removeItem(at: urlD) }
        try NPZ.write(["layer.weight": a, "scalar": Tensor<Float>(2.5), "vec": Tensor<Float>([1, 2, 3])], to: url)
        try NPZ.write(["b": b], to: urlD)
        let out = try PythonScript.run("""
            import sys, numpy as np, zipfile
            z = np.load(sys.argv[1]); d = np.load(sys.argv[2])
            assert zipfile.ZipFile(sys.argv[1]).testzip() is None   # CRCs verified by Python's zipfile
            w = z['layer.weight']
            print(w.dtype, w.shape, z['scalar'].shape, float(z['scalar']), z['vec'].tolist())
            print(d['b'].dtype, d['b'].shape, repr(float(d['b'][1, 2, 4])), repr(float(w[2, 3])))
            """, args: [url.path, urlD.path])
        let lines = out.split(separator: "\n")
        #expect(lines[0] == "float32 (3, 4) () 2.5 [1.0, 2.0, 3.0]")
        #expect(lines[1] == "float64 (2, 3, 5) \(b[1, 2, 4]) \(Double(a[2, 3]))")
    }

    @Test func weReadWhatNumpyWrites() throws {
        let url = PythonScript.tempURL("np.npz")
        defer { try? FileManager.default.removeItem(at: url) }
        _ = try PythonScript.run("""
            import sys, numpy as np
            np.savez(sys.argv[1], a=np.arange(6, dtype=np.float64).reshape(2, 3) / 7, b=np.array([1.5, -2], dtype=np.float32))
            """, args: [url.path])
        let arrays = try NPZ.read(url, as: Double.self)
        #expect(arrays["a"]?.shape == [2, 3])
        #expect(arrays["a"]?.scalars == (0..<6).map { Double($0) / 7 })
        #expect(arrays["b"]?.scalars == [1.5, -2])
    }

    @Test func moduleStateRoundTripsAndMismatchesThrow() throws {
        var rng = SeededGenerator(seed: 8)
        let m1 = MLP<Float>([4, 8, 2], batchNorm: true, rng: &rng)
        let m2 = MLP<Float>([4, 8, 2], batchNorm: true, rng: &rng)
        let url = PythonScript.tempURL("mlp.npz")
        defer { try? FileManager.default.removeItem(at: url) }
        try NPZ.write(m1.stateDict(), to: url)
        try m2.loadStateDict(try NPZ.read(url))
        for ((n1, p1), (_, p2)) in zip(m1.namedParameters, m2.namedParameters) { #expect(p1.value == p2.value, "\(n1)") }
        let other = MLP<Float>([4, 9, 2], rng: &rng)
        #expect(throws: NaswiftError.self) { try other.loadStateDict(try NPZ.read(url)) }
    }

    @Test func corruptFilesGiveClearErrors() throws {
        var bytes = try NPZ.archive(["x": Tensor<Double>([1, 2, 3])])
        bytes[bytes.count / 2] ^= 0xFF
        do { let _: [String: Tensor<Double>] = try NPZ.unarchive(bytes); Issue.record("corruption not detected") } catch let e as NaswiftError {
            #expect(e.kind == .dataCorrupt)
        }
        #expect(throws: NaswiftError.self) { let _: [String: Tensor<Double>] = try NPZ.unarchive([1, 2, 3]) }
        #expect(throws: NaswiftError.self) { let _: [String: Tensor<Double>] = try NPZ.read(URL(fileURLWithPath: "/nonexistent/x.npz")) }
    }
}
