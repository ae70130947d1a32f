import ArgumentParser
import Foundation
import NASCore
import NASLinalg
import NASSurrogates

/// `naswift bench gp`: the costs a GP-BO iteration pays (TW-NAS shape: 3 distance matrices,
/// METHODS §3.3 bounds, 4 restarts x 30 draws, L-BFGS-B): hyper-parameter fit, posterior with full
/// covariance over 100 candidates, one k-DPP sample (k = 5) and greedy MAP over them.
public struct BenchGPCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "gp",
        abstract: "Time GP fitting, prediction and k-DPP selection (ms, median).")

    @Option(help: "Comma-separated training-set sizes n.")
    var sizes: String = "50,100,200"
    @Option(help: "Number of candidates m.")
    var candidates: Int = 100
    @Option(help: "Timed repetitions per measurement (median reported).")
    var repeats: Int = 5
    @Option(help: "OpenBLAS threads (default: leave OpenBLAS's own setting).")
    var threads: Int?
    @OptionGroup var output: BenchOutput

    public init() {}

    /// L1 distances between random points in [0, 1]^dim, scaled to the TW range (~0.1), per component.
    static func distances(_ a: [[[Double]]], _ b: [[[Double]]]) -> [Matrix] {
        (0..<3).map { c in
            var m = Matrix(rows: a.count, cols: b.count)
            for i in a.indices { for j in b.indices {
                var d = 0.0
                for t in a[i][c].indices { d += abs(a[i][c][t] - b[j][c][t]) }
                m[i, j] = 0.05 * d / Double(a[i][c].count)
            } }
            return m
        }
    }

    public func run() throws {
        let ns = try sizes.split(separator: ",").map { s -> Int in
            guard let n = Int(s.trimmingCharacters(in: .whitespaces)), n > 1 else {
                throw NaswiftError.invalidArgument("bad size '\(s)' in --sizes \(sizes)", hint: "pass integers > 1, e.g. --sizes 50,100,200")
            }
            return n
        }
        guard repeats > 0, candidates >= 5 else {
            throw NaswiftError.invalidArgument("--repeats must be positive and --candidates >= 5", hint: "e.g. --repeats 5 --candidates 100")
        }
        if let threads { BLAS.threadCount = threads }
        var rng = SeededGenerator(seed: 0)
        func point() -> [[Double]] { (0..<3).map { _ in (0..<8).map { _ in rng.uniform() } } }
        var figures: [String: Double] = [:]
        print("n     fit ms   predict ms   kdpp sample ms   greedy MAP ms   (m = \(candidates) candidates, \(BLAS.threadCount) BLAS threads)")
        for n in ns {
            let train = (0..<n).map { _ in point() }, cand = (0..<candidates).map { _ in point() }
            let y = train.map { p in 10 + 5 * p[0][0] + 2 * p[1][1] + rng.normal() }
            let inputs = GPInputs.distances(Self.distances(train, train))
            let cross = Self.distances(train, cand), among = Self.distances(cand, cand)
            var gp: GaussianProcess? = nil
            let fit = try BenchLinalgCommand.medianMs(repeats) {
                var r = SeededGenerator(seed: 1)
                gp = try GaussianProcess.fit(kernel: .exponential, inputs: inputs, targets: y, bounds: .treeWasserstein, rng: &r)
            }
            guard let gp else { continue }
            var post: GPPosterior? = nil
            let predict = try BenchLinalgCommand.medianMs(repeats) { post = try gp.predict(.distances(cross: cross, among: among)) }
            guard let post else { continue }
            let l = try KDPP.qualityKernel(similarity: post.covariance, mean: post.mean)
            var r = SeededGenerator(seed: 2)
            let sample = try BenchLinalgCommand.medianMs(repeats) { _ = try KDPP.sample(l, k: 5, rng: &r) }
            let greedy = try BenchLinalgCommand.medianMs(repeats) { _ = try KDPP.greedyMAP(l, k: 5) }
            figures["gp_fit_\(n)_ms"] = fit
            figures["gp_predict_\(n)_ms"] = predict
            figures["kdpp_sample_\(n)_ms"] = sample
            figures["kdpp_greedy_\(n)_ms"] = greedy
            print(String(format: "%-5d %8.2f %12.3f %16.3f %15.3f", n, fit, predict, sample, greedy))
        }
        try output.write(["naswift": figures, "candidates": candidates, "repeats": repeats, "blas_threads": BLAS.threadCount])
    }
}
