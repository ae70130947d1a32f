import ArgumentParser
import CBLAS
import Foundation
import NASCore
import NASArch2Vec
import NASTensor

/// `naswift bench numerics`: speed of the numerical core (BENCHMARKS.md "Numerical core: tensors
/// and autodiff"). Each timing is the fastest of several blocks of repetitions (the machine is
/// shared; the fastest block is the least disturbed).
public struct BenchNumericsCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "numerics",
        abstract: "GEMM GFLOP/s (ours vs direct OpenBLAS), conv-block training throughput, GIN step time, gradcheck error.")

    @OptionGroup var output: BenchOutput

    @Option(name: .long, help: "Timing blocks per figure (the fastest block is reported).")
    public var blocks: Int = 5

    public init() {}

    public func run() throws {
        guard blocks >= 1 else {
            throw NaswiftError.invalidArgument("--blocks must be >= 1, got \(blocks)", hint: "use e.g. --blocks 5")
        }
        var figures: [(String, Double)] = []
        func report(_ name: String, _ value: Double, _ unit: String) {
            figures.append((name, value))
            let v = value != 0 && abs(value) < 1e-2 ? String(format: "%12.3e", value) : String(format: "%12.3f", value)
            print(name.padding(toLength: 26, withPad: " ", startingAt: 0) + v + "  " + unit)
        }
        let n = 1024
        report("gemm_gflops", 2 * pow(Double(n), 3) / NumericsBench.gemmSeconds(n: n, blocks: blocks) / 1e9, "GFLOP/s (Tensor.matmul, 1024x1024 Float)")
        report("openblas_gflops", 2 * pow(Double(n), 3) / NumericsBench.cblasSeconds(n: n, blocks: blocks) / 1e9, "GFLOP/s (direct cblas_sgemm, same size)")
        report("conv_train_images_per_s", 64 / NumericsBench.convBlockSeconds(blocks: blocks), "images/s (3x3 conv 16->16 + BN + ReLU, 64x16x32x32, fwd+bwd)")
        let path = CPUFeatures.convPath
        report("conv_direct_avx512", path == .avx512 ? 1 : 0, "(1: the conv figure ran the direct AVX-512 kernels; NASWIFT_NO_AVX512=1 turns them off)")
        report("conv_direct_avx2", path == .avx2 ? 1 : 0, "(1: it ran the direct AVX2 + FMA kernels; NASWIFT_NO_AVX2=1 too gives im2col + sgemm)")
        report("gin_step_ms", 1000 * NumericsBench.ginStepSeconds(blocks: blocks), "ms (GIN-VAE, 4 GIN layers, hidden 128, 32 graphs x 8 nodes, fwd+bwd+Adam)")
        let errors = GradCheckSuite.cases().map { $0.run() }
        report("max_gradcheck_rel_error", errors.max() ?? 0, "over \(errors.count) gradcheck cases (Double)")
        try output.write(Dictionary(figures, uniquingKeysWith: { $1 }))
    }
}

/// The workloads of `bench numerics` (also used by its test).
public enum NumericsBench {
    /// Seconds per call of the fastest block of `reps` calls.
    static func fastest(blocks: Int, reps: Int, _ body: () -> Void) -> Double {
        body()
        var best = Double.infinity
        for _ in 0..<blocks {
            let t0 = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<reps { body() }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9 / Double(reps))
        }
        return best
    }

    public static func gemmSeconds(n: Int, blocks: Int) -> Double {
        var rng = SeededGenerator(seed: 1)
        let a = Tensor<Float>.uniform([n, n], low: -1, high: 1, rng: &rng)
        let b = Tensor<Float>.uniform([n, n], low: -1, high: 1, rng: &rng)
        var sink: Float = 0
        let s = fastest(blocks: blocks, reps: 5) { sink += a.matmul(b).scalars[0] }
        precondition(sink.isFinite)
        return s
    }

    public static func cblasSeconds(n: Int, blocks: Int) -> Double {
        var rng = SeededGenerator(seed: 1)
        let a = (0..<(n * n)).map { _ in Float(rng.uniform() * 2 - 1) }
        let b = (0..<(n * n)).map { _ in Float(rng.uniform() * 2 - 1) }
        var c = [Float](repeating: 0, count: n * n)
        return fastest(blocks: blocks, reps: 5) {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1, a, Int32(n), b, Int32(n), 0, &c, Int32(n))
        }
    }

    /// One training step of conv3x3(16 -> 16, padding 1, no bias) + BatchNorm2d + ReLU on a
    /// `[64, 16, 32, 32]` Float batch: forward, then backward to the weights, BN affine parameters
    /// and the input.
    public static func convBlockSeconds(blocks: Int) -> Double {
        var rng = SeededGenerator(seed: 2)
        let conv = Conv2d<Float>(16, 16, kernel: 3, padding: 1, bias: false, rng: &rng)
        let bn = BatchNorm<Float>(16)
        let x = Tensor<Float>.normal([64, 16, 32, 32], rng: &rng)
        return fastest(blocks: blocks, reps: 3) {
            let tape = Tape<Float>()
            let xin = tape.input(x)
            let y = bn(conv(xin), training: true).relu()
            tape.backward(y.sum())
            conv.zeroGrad(); bn.zeroGrad()
        }
    }

    /// One arch2vec GIN-VAE training step (4 GIN layers, hidden 128, latent 16) on 32 NB201 graphs
    /// of 8 nodes (the fixed arch2vec line-graph adjacency, random one-hot ops): forward loss,
    /// backward, Adam with gradient clipping.
    public static func ginStepSeconds(blocks: Int) -> Double {
        var rng = SeededGenerator(seed: 3)
        let (ops, adj): (Tensor<Float>, Tensor<Float>) = syntheticNB201Graphs(32, rng: &rng)
        let model = GINVAE<Float>(inputDim: 7, hidden: 128, latent: 16, layers: 4, rng: &rng)
        let adam = Adam(parameters: model.parameters, learningRate: 1e-3, clipNorm: 5)
        return fastest(blocks: blocks, reps: 20) {
            let (noise, mask) = model.sampleRandomness(rows: 32 * 8, rng: &rng)
            let tape = Tape<Float>()
            let (loss, _, _) = model.loss(ops: tape.constant(ops), adjacency: adj, noise: noise, dropoutMask: mask, training: true)
            tape.backward(loss)
            adam.step()
        }
    }

    /// `count` graphs with the arch2vec NB201 adjacency (symmetrised) and random op labels.
    public static func syntheticNB201Graphs<T: TensorScalar>(_ count: Int, rng: inout SeededGenerator) -> (Tensor<T>, Tensor<T>) {
        let edges = [(0, 1), (0, 2), (0, 4), (1, 3), (1, 5), (2, 6), (3, 6), (4, 7), (5, 7), (6, 7)]
        var ops = Tensor<T>(zeros: [count * 8, 7]), adj = Tensor<T>(zeros: [count, 8, 8])
        for g in 0..<count {
            ops[g * 8, 0] = 1; ops[g * 8 + 7, 6] = 1
            for node in 1...6 { ops[g * 8 + node, 1 + Int(rng.next() % 5)] = 1 }
            for (i, j) in edges { adj[g, i, j] = 1; adj[g, j, i] = 1 }
        }
        return (ops, adj)
    }
}
