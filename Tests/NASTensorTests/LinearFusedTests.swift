import NASCore
import Testing
import NASTensor

/// `Variable.linear` (the bias written into the gemm's output, `beta = 1`) against the two-step
/// `matmul` + broadcast add it replaces: value and all three gradients bit for bit at the sizes
/// naswift's networks use (`in` up to 256, inside one OpenBLAS k-block), in Float and Double; and
/// the `plusRow` product against sums written out element by element.
@Suite struct LinearFusedTests {
    @Test(arguments: [(1, 1, 1), (37, 128, 256), (300, 256, 256), (5, 64, 10), (4, 0, 3)])
    func fusedLinearEqualsMatmulPlusBiasBitForBit(_ size: (Int, Int, Int)) {
        Self.check(Float.self, size)
        Self.check(Double.self, size)
    }

    static func check<T: TensorScalar>(_: T.Type, _ size: (Int, Int, Int)) {
        let (n, input, output) = size
        var rng = SeededGenerator(seed: UInt64(n * 7 + input))
        let x = Tensor<T>.normal([n, input], rng: &rng), w = Tensor<T>.normal([output, input], rng: &rng)
        let b = Tensor<T>.normal([output], rng: &rng), g = Tensor<T>.normal([n, output], rng: &rng)
        func run(fused: Bool) -> [Tensor<T>] {
            let tape = Tape<T>()
            let (xv, wv, bv) = (tape.input(x), tape.input(w), tape.input(b))
            let y = fused ? xv.linear(wv, bias: bv) : xv.matmul(wv, transposeOther: true) + bv
            tape.backward((y * tape.input(g)).sum())
            return [y.value, tape.gradient(of: xv), tape.gradient(of: wv), tape.gradient(of: bv)]
        }
        let (fused, twoStep) = (run(fused: true), run(fused: false))
        for (f, t) in zip(fused, twoStep) {
            #expect(f.shape == t.shape)
            #expect(f.scalars == t.scalars, "\(T.self) \(size)")
        }
    }

    @Test func plusRowAddsTheRowToEveryRowOfTheProduct() throws {
        var rng = SeededGenerator(seed: 11)
        let a = Tensor<Double>.normal([6, 9], rng: &rng), c = Tensor<Double>.normal([4, 9], rng: &rng)
        let row = Tensor<Double>.normal([4], rng: &rng)
        let y = a.matmul(c, transposeOther: true, plusRow: row)
        #expect(y.shape == [6, 4])
        for i in 0..<6 {
            for j in 0..<4 {
                let dot = (0..<9).reduce(0.0) { $0 + a[i, $1] * c[j, $1] }
                #expect(abs(y[i, j] - (dot + row.scalars[j])) < 1e-12)
            }
        }
        // transposed operands and an empty inner dimension
        let at = a.transposed()
        let yt = at.matmul(c, transposeSelf: true, transposeOther: true, plusRow: row)
        #expect(zip(yt.scalars, y.scalars).allSatisfy { abs($0 - $1) < 1e-12 })
        let empty = Tensor<Double>(zeros: [3, 0])
        #expect(empty.matmul(Tensor<Double>(zeros: [4, 0]), transposeOther: true, plusRow: row).scalars
                == (0..<3).flatMap { _ in row.scalars })
    }
}
