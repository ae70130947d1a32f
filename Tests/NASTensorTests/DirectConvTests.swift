import NASCore
import Testing
@testable import NASTensor

/// The direct 3x3 kernels (each vector module this CPU runs: AVX-512, AVX2 + FMA) against the im2col + GEMM path (itself checked against finite
/// differences in Double and against PyTorch), on shapes that exercise two-vector and one-vector
/// row blocks, partial vectors (W not a multiple of 16), several channel blocks, and bias.
@Suite("Direct 3x3 convolution")
struct DirectConvTests {
    static let shapes: [(n: Int, c: Int, o: Int, h: Int, w: Int)] = [
        (3, 16, 16, 32, 32), (2, 8, 24, 8, 8), (2, 16, 8, 5, 20), (1, 3, 16, 7, 48), (5, 32, 16, 16, 16),
    ]

    /// The vector modules this CPU can run (an AVX-512 machine runs both).
    static let paths = [CPUFeatures.ConvPath.avx512, .avx2].filter(CPUFeatures.supports)

    @Test("forward, weight and input gradients equal the im2col path", arguments: paths, shapes.indices)
    func matchesIm2col(_ path: CPUFeatures.ConvPath, _ k: Int) throws {
        let kernels = try #require(DirectConv.kernels(for: path))
        let (n, c, o, h, w) = Self.shapes[k]
        var rng = SeededGenerator(seed: UInt64(40 + k))
        let x = Tensor<Float>.normal([n, c, h, w], rng: &rng).scalars
        let wt = Tensor<Float>.normal([o, c, 3, 3], rng: &rng).scalars
        let bias = Tensor<Float>.normal([o], rng: &rng).scalars
        let g = Tensor<Float>.normal([n, o, h, w], rng: &rng).scalars
        let s = ConvShape(n: n, c: c, h: h, w: w, o: o, ho: h, wo: w, geo: ConvGeometry(kernel: 3, stride: 1, padding: 1))
        #expect(DirectConv.fits(s))
        #expect(DirectConv.appliesToInput(s) == (c % 8 == 0))
        let y = DirectConv.forward(x, wt, bias, s, kernels: kernels), yRef = ConvKernels<Float>.forward(x, wt, bias, s)
        let b = DirectConv.backward(g, x, wt, s, wantInput: true, wantWeight: true, kernels: kernels)
        let bRef = ConvKernels<Float>.backward(g, x, wt, s, wantInput: true, wantWeight: true)
        #expect(Self.relativeError(y, yRef) < 1e-5, "forward \(Self.relativeError(y, yRef))")
        #expect(Self.relativeError(b.dx, bRef.dx) < 1e-5, "input gradient \(Self.relativeError(b.dx, bRef.dx))")
        #expect(Self.relativeError(b.dw, bRef.dw) < 1e-5, "weight gradient \(Self.relativeError(b.dw, bRef.dw))")
        let weightOnly = DirectConv.backward(g, x, wt, s, wantInput: false, wantWeight: true, kernels: kernels)
        #expect(weightOnly.dx.isEmpty && weightOnly.dw == b.dw)
    }

    /// The AVX-512 and AVX2 builds tile differently (8 channels x 3 vectors of 16 or 8 pixels; 4
    /// channels x 3 vectors of 8) but sum every output in the same order, so forward and input
    /// gradient agree bit for bit (on a machine that runs both).
    @Test("both builds give the same forward and input gradient, bit for bit", arguments: shapes.indices)
    func buildsAgreeBitForBit(_ k: Int) throws {
        guard CPUFeatures.supports(.avx512) && CPUFeatures.supports(.avx2) else { return }
        let z = try #require(DirectConv.kernels(for: .avx512)), y8 = try #require(DirectConv.kernels(for: .avx2))
        let (n, c, o, h, w) = Self.shapes[k]
        var rng = SeededGenerator(seed: UInt64(70 + k))
        let x = Tensor<Float>.normal([n, c, h, w], rng: &rng).scalars
        let wt = Tensor<Float>.normal([o, c, 3, 3], rng: &rng).scalars
        let g = Tensor<Float>.normal([n, o, h, w], rng: &rng).scalars
        let s = ConvShape(n: n, c: c, h: h, w: w, o: o, ho: h, wo: w, geo: ConvGeometry(kernel: 3, stride: 1, padding: 1))
        #expect(DirectConv.forward(x, wt, nil, s, kernels: z) == DirectConv.forward(x, wt, nil, s, kernels: y8))
        #expect(DirectConv.backward(g, x, wt, s, wantInput: true, wantWeight: false, kernels: z).dx
                == DirectConv.backward(g, x, wt, s, wantInput: true, wantWeight: false, kernels: y8).dx)
    }

    /// The float32 rounding error of the direct kernels against float64 at 64 channels (576 products
    /// per output, as in the wide cells of NATS networks), forward and input gradient. The kernels
    /// sum each output in runs of `DirectConv3x3.sumBlock` channels: 2.0e-7 (forward) and 2.6e-7
    /// (input gradient) here. One 576-term chain of fused multiply-adds had 6.2e-7 and 6.7e-7, about
    /// twice PyTorch's float32 convolution, and flipped a ReLU unit of `natsss:64:8:40:16:24`
    /// (CellNetworkTorchTests: 2% input-gradient error).
    @Test("forward and input gradient stay within float32 rounding of float64 at 64 channels", arguments: paths)
    func float32Accuracy(_ path: CPUFeatures.ConvPath) throws {
        let kernels = try #require(DirectConv.kernels(for: path))
        let (n, c, o, h, w) = (2, 64, 64, 16, 16)
        var rng = SeededGenerator(seed: 64)
        // a ReLU'd input and kaiming-uniform weights, as inside ReLUConvBN
        let x = Tensor<Float>.normal([n, c, h, w], rng: &rng).scalars.map { max($0, 0) }
        let wt = Init.kaimingUniform([o, c, 3, 3], fanIn: c * 9, rng: &rng).scalars as [Float]
        let g = Tensor<Float>.normal([n, o, h, w], rng: &rng).scalars
        let s = ConvShape(n: n, c: c, h: h, w: w, o: o, ho: h, wo: w, geo: ConvGeometry(kernel: 3, stride: 1, padding: 1))
        let y = DirectConv.forward(x, wt, nil, s, kernels: kernels)
        let dx = DirectConv.backward(g, x, wt, s, wantInput: true, wantWeight: false, kernels: kernels).dx
        let (x64, w64, g64) = (x.map(Double.init), wt.map(Double.init), g.map(Double.init))
        let y64 = ConvKernels<Double>.forward(x64, w64, nil, s)
        let dx64 = ConvKernels<Double>.backward(g64, x64, w64, s, wantInput: true, wantWeight: false).dx
        let (ey, edx) = (Self.relativeError(y, y64), Self.relativeError(dx, dx64))
        #expect(ey < 4e-7, "forward: max relative error \(ey) against float64")
        #expect(edx < 4e-7, "input gradient: max relative error \(edx) against float64")
    }

    @Test("a layer on the direct path trains like one on the im2col path", .enabled(if: CPUFeatures.convPath != .im2col))
    func tapeGradients() {
        var rng = SeededGenerator(seed: 7)
        let conv = Conv2d<Float>(16, 16, kernel: 3, padding: 1, bias: true, rng: &rng)
        let x = Tensor<Float>.normal([4, 16, 12, 12], rng: &rng)
        let tape = Tape<Float>()
        let input = tape.input(x)
        tape.backward((conv(input) * conv(input)).sum())
        let s = ConvShape(n: 4, c: 16, h: 12, w: 12, o: 16, ho: 12, wo: 12, geo: conv.geometry)
        let y = ConvKernels<Float>.forward(x.scalars, conv.weight.value.scalars, conv.bias!.value.scalars, s)
        let ref = ConvKernels<Float>.backward(y.map { 2 * $0 }, x.scalars, conv.weight.value.scalars, s, wantInput: true, wantWeight: true)
        #expect(Self.relativeError(conv.weight.grad!.scalars, ref.dw) < 1e-5)
        #expect(Self.relativeError(tape.gradient(of: input).scalars, ref.dx) < 1e-5)
    }

    @Test("cpuinfo flags parsing")
    func flags() {
        let text = "processor\t: 0\nflags\t\t: fpu avx2 avx512f avx512bw\nbugs\t\t: none\n"
        #expect(CPUFeatures.flags(fromCPUInfo: text) == ["fpu", "avx2", "avx512f", "avx512bw"])
        #expect(CPUFeatures.flags(fromCPUInfo: "processor: 0\n").isEmpty)
    }

    static func relativeError(_ a: [Float], _ b: [Double]) -> Double {
        precondition(a.count == b.count)
        var num = 0.0, den = 0.0
        for i in a.indices { num = max(num, abs(Double(a[i]) - b[i])); den = max(den, abs(b[i])) }
        return num / max(den, 1e-300)
    }

    static func relativeError(_ a: [Float], _ b: [Float]) -> Double {
        precondition(a.count == b.count)
        var num = 0.0, den = 0.0
        for i in a.indices { num = max(num, Double(abs(a[i] - b[i]))); den = max(den, Double(abs(b[i]))) }
        return num / max(den, 1e-30)
    }
}
