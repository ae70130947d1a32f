import Testing
import NASCore
import NASTensor

/// Tensor construction, shape errors, element-wise maths, reductions and indexing (values checked
/// against hand-computed results).
@Suite struct TensorTests {
    @Test func constructionChecksElementCount() throws {
        let t = try Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(t[1, 2] == 6)
        #expect(throws: NaswiftError.self) { try Tensor<Float>(shape: [2, 3], scalars: [1, 2]) }
        do {
            _ = try Tensor<Float>(shape: [2, 3], scalars: [1, 2])
        } catch let e as NaswiftError {
            #expect(e.message.contains("[2, 3] needs 6 elements but 2"))
            #expect(e.hint != nil)
        }
        #expect(throws: NaswiftError.self) { try Tensor<Double>(rows: [[1, 2], [3]]) }
    }

    @Test func reshapeInfersAndRejects() throws {
        let t = Tensor<Double>(zeros: [4, 6])
        #expect(try t.reshaped([3, -1]).shape == [3, 8])
        #expect(throws: NaswiftError.self) { try t.reshaped([5, -1]) }
        #expect(throws: NaswiftError.self) { try t.reshaped([-1, -1]) }
        #expect(throws: NaswiftError.self) { try t.requireShape([4, 5], "features") }
        try t.requireShape([-1, 6], "features")
    }

    @Test func nanInputsAreRejected() {
        let t = Tensor<Float>([1, .nan, 3])
        #expect(throws: NaswiftError.self) { try t.requireFinite("embeddings") }
        do { try t.requireFinite("embeddings") } catch let e as NaswiftError {
            #expect(e.kind == .numerical)
            #expect(e.message.contains("embeddings") && e.message.contains("index 1"))
        } catch { Issue.record("wrong error \(error)") }
    }

    @Test func broadcastingMatchesNumpyRules() throws {
        let a = try Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6]])
        #expect((a + Tensor([10, 20, 30])).scalars == [11, 22, 33, 14, 25, 36])
        #expect((a * (try Tensor(rows: [[2], [3]]))).scalars == [2, 4, 6, 12, 15, 18])
        let b = try Tensor<Double>(shape: [2, 1, 3], scalars: [1, 2, 3, 4, 5, 6])
        let c = try Tensor<Double>(shape: [4, 1], scalars: [0, 10, 20, 30])
        let d = b + c   // [2, 4, 3]
        #expect(d.shape == [2, 4, 3])
        #expect(d[1, 2, 0] == 24 && d[0, 3, 2] == 33)
        #expect(broadcastShape([3, 4], [2, 4]) == nil)
        #expect(d.sumToShape([4, 1]).scalars == [21, 81, 141, 201])
    }

    @Test func reductionsAndIndexing() throws {
        let x = try Tensor<Float>(shape: [2, 3, 2], scalars: (0..<12).map(Float.init))
        #expect(x.sum(alongAxis: 1).scalars == [6, 9, 24, 27])
        #expect(x.sum(alongAxes: [0, 2]).scalars == [14, 22, 30])
        #expect(x.mean(alongAxes: [2], keepingDims: true).shape == [2, 3, 1])
        #expect(x.max(alongAxis: 2).scalars == [1, 3, 5, 7, 9, 11])
        let m = try Tensor<Double>(rows: [[1, 2], [3, 4], [5, 6]])
        #expect(m.gatherRows([2, 0]).scalars == [5, 6, 1, 2])
        #expect(m.scatterAddRows([1, 1, 0], rows: 2).scalars == [5, 6, 4, 6])
        let parts = m.split([1, 1], axis: 1)
        #expect(parts[1].scalars == [2, 4, 6])
        #expect(Tensor.concat(parts, axis: 1) == m)
        #expect(m.transposed().scalars == [1, 3, 5, 2, 4, 6])
    }

    @Test func matmulGoesThroughGemmForBothPrecisions() throws {
        let a = try Tensor<Float>(rows: [[1, 2, 3], [4, 5, 6]])
        #expect(a.matmul(a, transposeOther: true).scalars == [14, 32, 32, 77])
        let b = a.converted(to: Double.self)
        #expect(b.matmul(b, transposeSelf: true).scalars == [17, 22, 27, 22, 29, 36, 27, 36, 45])
        let batch = try Tensor<Double>(shape: [2, 2, 2], scalars: [1, 2, 3, 4, 0, 1, 1, 0])
        // per-graph z z^T
        #expect(batch.batchedMatmul(batch, transposeOther: true).scalars == [5, 11, 11, 25, 1, 0, 0, 1])
    }

    @Test func floatAndDoubleKernelsAgree() {
        var rng = SeededGenerator(seed: 3)
        let x = Tensor<Double>.uniform([7, 5], low: -2, high: 2, rng: &rng)
        let xf = x.converted(to: Float.self)
        for op in [UnaryOp.relu, .tanh, .sigmoid, .exp, .square, .abs] {
            let d = x.map(op).scalars, f = xf.map(op).scalars
            #expect(zip(d, f).allSatisfy { Swift.abs($0 - Double($1)) < 1e-5 * max(1, Swift.abs($0)) }, "\(op)")
        }
    }

    /// A tape is released after use (pullbacks capture values, not the tape).
    @Test func tapeIsFreedAfterUse() {
        weak var weakTape: Tape<Double>?
        do {
            let tape = Tape<Double>()
            weakTape = tape
            let x = tape.input(Tensor([1, 2, 3]))
            let y = (x * x).sum()
            tape.backward(y)
            #expect(tape.gradient(of: x).scalars == [2, 4, 6])
        }
        #expect(weakTape == nil)
    }
}
