import NASCore
import Testing
@testable import NASTensor

/// The box-sum path of 3x3 / stride 1 / padding 1 average pooling against the pooling written
/// out window by window (PyTorch's definition), forward and input gradient, both divisor modes,
/// on planes down to 1 x 1 and planes split across the cores.
@Suite struct BoxPool3Tests {
    @Test(arguments: [(2, 3, 5, 7), (1, 1, 1, 1), (1, 2, 1, 6), (3, 1, 4, 1), (4, 8, 16, 16)], [true, false])
    func matchesTheWindowDefinition(_ shape: (Int, Int, Int, Int), _ includePad: Bool) {
        let (n, c, h, w) = shape
        var rng = SeededGenerator(seed: UInt64(h * 31 + w))
        let x = Tensor<Double>.normal([n, c, h, w], rng: &rng), g = Tensor<Double>.normal([n, c, h, w], rng: &rng)
        let tape = Tape<Double>()
        let input = tape.input(x)
        let y = avgPool2d(input, ConvGeometry(kernel: 3, stride: 1, padding: 1), countIncludePad: includePad)
        tape.backward((y * tape.input(g)).sum())
        var yRef = [Double](repeating: 0, count: x.scalars.count), dxRef = yRef
        for p in 0..<(n * c) {
            for r in 0..<h {
                for q in 0..<w {
                    let cells = (max(r - 1, 0)..<min(r + 2, h)).flatMap { rr in (max(q - 1, 0)..<min(q + 2, w)).map { p * h * w + rr * w + $0 } }
                    let divisor = Double(includePad ? 9 : cells.count)
                    yRef[p * h * w + r * w + q] = cells.map { x.scalars[$0] }.reduce(0, +) / divisor
                    for i in cells { dxRef[i] += g.scalars[p * h * w + r * w + q] / divisor }
                }
            }
        }
        #expect(zip(y.value.scalars, yRef).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(zip(tape.gradient(of: input).scalars, dxRef).allSatisfy { abs($0 - $1) < 1e-12 })
    }
}
