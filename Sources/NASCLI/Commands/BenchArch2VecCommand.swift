import ArgumentParser
import Foundation
import NASArch2Vec
import NASCore
import NASLinalg
import NASTensor

/// `naswift bench arch2vec`: arch2vec pretraining speed, side by side with PyTorch CPU running the
/// same model on the same graphs (BENCHMARKS.md "arch2vec pretraining (issue 5)").
///
/// Figures (training steps only: forward, backward, clip, Adam; the per-epoch diagnostics are not
/// timed): seconds per NB201 epoch (all 15,625 cells, 440 steps of 32), and milliseconds per NB101
/// step over `--nb101-steps` steps on real NB101 cells, extrapolated to the whole NB101 run
/// (8 epochs x 11,914 steps). Rounds alternate naswift / PyTorch; the fastest round is reported.
public struct BenchArch2VecCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "arch2vec",
        abstract: "arch2vec pretraining: seconds per NB201 epoch, NB101 step time, ratio against PyTorch CPU.")

    @Option(name: .customLong("nb101-steps"), help: "Adam steps timed on NB101 cells.")
    var nb101Steps: Int = 1000

    @Option(help: "Alternating rounds (the fastest of each figure is kept).")
    var rounds: Int = 1

    @OptionGroup var peer: TorchPeerOptions<Peer>
    @OptionGroup var output: BenchOutput
    var threads: Int { peer.threads }
    enum Peer: TorchPeerDefaults {
        static var threads: Int { 1 }
        static var script: String { "scripts/bench/arch2vec_torch.py" }
    }

    public init() {}

    public func run() throws {
        guard nb101Steps >= 10, rounds >= 1, threads >= 1 else {
            throw NaswiftError.invalidArgument("--nb101-steps must be >= 10, --rounds and --threads >= 1",
                                               hint: "e.g. --nb101-steps 1000 --rounds 2 --threads 1")
        }
        try BLAS.withThreadCount(threads) {
            let python = peer.peer()

            let nb201 = Arch2VecSpace.nb201.wholeSpace().graphs
            // NB101: the first cells in hash order, enough for `nb101Steps` training batches of 32 after the 90/10 split.
            let nb101Count = Int((Double(nb101Steps * 32) / 0.9).rounded(.up)) + 1
            let nb101 = Arch2VecGraphs(nb101: Array(NB101CatalogCells.first(nb101Count)))
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-bench-arch2vec-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }

            var best: [String: Double] = [:]
            func keep(_ k: String, _ v: Double) { best[k] = min(best[k] ?? .infinity, v) }
            for _ in 0..<rounds {
                let (s201, steps201) = try Self.trainSeconds(nb201, space: .nb201)
                keep("nb201_epoch_s_naswift", s201)
                let (s101, steps101) = try Self.trainSeconds(nb101, space: .nb101)
                keep("nb101_step_ms_naswift", 1000 * s101 / Double(steps101))
                if let python {
                    keep("nb201_epoch_s_torch", try torchEpochSeconds(nb201, python: python, dir: dir, name: "nb201"))
                    keep("nb101_step_ms_torch", 1000 * (try torchEpochSeconds(nb101, python: python, dir: dir, name: "nb101")) / Double(steps101))
                }
                _ = steps201
            }
            let fullSteps = 8.0 * Double((Int(Double(423_624) * 0.9) + 31) / 32)
            best["nb101_full_run_s_naswift_estimate"] = best["nb101_step_ms_naswift"]! * fullSteps / 1000
            if let t = best["nb101_step_ms_torch"] {
                best["nb101_full_run_s_torch_estimate"] = t * fullSteps / 1000
                best["nb101_ratio_naswift_over_torch"] = best["nb101_step_ms_naswift"]! / t
            }
            if let t = best["nb201_epoch_s_torch"] { best["nb201_ratio_naswift_over_torch"] = best["nb201_epoch_s_naswift"]! / t }
            best["threads"] = Double(threads)
            for (k, v) in best.sorted(by: { $0.key < $1.key }) { print(String(format: "%-36@ %10.4f", k as NSString, v)) }
            try output.write(best)
        }
    }

    /// Wall seconds of the training steps of one epoch on `graphs` (reference configuration, no
    /// decodings), and the number of steps.
    static func trainSeconds(_ graphs: Arch2VecGraphs, space: Arch2VecSpace) throws -> (Double, Int) {
        var config = Arch2VecConfig.reference(for: space)
        config.epochs = 1
        config.decodings = 0
        var seconds = 0.0, steps = 0
        _ = try Arch2VecTrainer(space: space, config: config).train(graphs: graphs) { p in
            if p.finished != nil { seconds = p.trainSeconds; steps = p.batchesPerEpoch }
        }
        return (seconds, steps)
    }

    /// Seconds of one PyTorch epoch on the same graphs (written as an .npz the script reads).
    func torchEpochSeconds(_ graphs: Arch2VecGraphs, python: String, dir: URL, name: String) throws -> Double {
        let url = dir.appendingPathComponent("\(name).npz")
        if !FileManager.default.fileExists(atPath: url.path) {
            let b = graphs.batch(0..<graphs.count)
            try NPZ.write(["ops": b.ops.reshapedUnchecked([graphs.count, graphs.nodes, graphs.features]), "adj": b.adjacency], to: url)
        }
        let out = dir.appendingPathComponent("\(name).json")
        let args = [url.path, "--epochs", "1", "--threads", String(threads), "--json", out.path]
        _ = try peer.run(python: python, args)
        let command = ([python, peer.torchScript] + args).joined(separator: " ")
        return try peerJSON(out, keys: ["seconds_per_epoch"], command: command)["seconds_per_epoch"]!
    }
}

import NASSpaces

/// The first `n` NB101 cells in hash order (the catalogue enumerates the space on first use).
enum NB101CatalogCells {
    static func first(_ n: Int) -> ArraySlice<NB101Cell> { NB101Catalog.shared.cells.prefix(n) }
}
