import ArgumentParser
import Foundation
import NASCENA
import NASCore
import NASLinalg

/// `naswift bench cena-train`: seconds per epoch of CENA's contrastive training (the reference
/// settings: DeepSet 256/256/256, NT-Xent at 0.1, Adam, batches of up to 1,024 cells, the held-out
/// validation loss included) on the EPDJM stores given, side by side with PyTorch CPU training the
/// same network on the same rows with the same split sizes (`scripts/bench/cena_train_torch.py`).
/// BENCHMARKS.md "CENA contrastive training (issue 15)".
public struct BenchCENATrainCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cena-train",
        abstract: "CENA: seconds per contrastive-training epoch on EPDJM stores, ratio against PyTorch CPU.")

    @Option(parsing: .upToNextOption, help: "EPDJM store directories (from `naswift embed cena jacobians`; rows still pending are left out).")
    var jacobians: [String]
    @Option(help: "Epochs per round (the fastest epoch is kept).")
    var epochs: Int = 2
    @Option(help: "Alternating rounds.")
    var rounds: Int = 1
    @Option(help: "Sets per forward chunk in naswift (ContrastiveConfig.chunk; a batch larger than a chunk runs chunk by chunk, recomputing the chunks whose tapes do not fit --tape-memory).")
    var chunk: Int = ContrastiveConfig.reference.chunk
    @OptionGroup var tapeMemory: TapeMemoryOption
    @OptionGroup var peer: TorchPeerOptions<Peer>
    @OptionGroup var output: BenchOutput
    var threads: Int { peer.threads }
    var torchScript: String { peer.torchScript }
    enum Peer: TorchPeerDefaults { static var script: String { "scripts/bench/cena_train_torch.py" } }

    public init() {}

    public func run() throws {
        guard epochs >= 1, rounds >= 1, threads >= 1, chunk >= 2 else {
            throw NaswiftError.invalidArgument("--epochs, --rounds, --threads must be >= 1 and --chunk >= 2", hint: "e.g. --epochs 2 --rounds 1")
        }
        let budget = try tapeMemory.bytes()
        let sets = try EPDJMSets(directories: jacobians.map { URL(fileURLWithPath: $0) })
        var config = ContrastiveConfig.reference
        config.epochs = epochs
        config.chunk = chunk
        let held = ContrastiveTrainer.heldOutCount(requested: config.heldOut, cells: sets.count)
        let python = peer.peer()
        let rows = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-cena-rows-\(getpid()).txt")
        defer { try? FileManager.default.removeItem(at: rows) }
        try sets.items.map { "\($0.store) \($0.row)\n" }.joined().write(to: rows, atomically: true, encoding: .utf8)

        var best: [String: Double] = [:]
        func keep(_ k: String, _ v: Double) { best[k] = min(best[k] ?? .infinity, v) }
        for _ in 0..<rounds {
            try BLAS.withThreadCount(threads) {
                _ = try ContrastiveTrainer(config: config, tapeBudget: budget).train(sets: sets) { p in
                    if p.finished != nil { keep("epoch_s_naswift", p.seconds) }
                }
            }
            if let python {
                let args = sets.directories.flatMap { ["--npy", $0.appendingPathComponent("epdjm.npy").path] }
                    + ["--rows", rows.path, "--held-out", "\(held)", "--batch-size", "\(config.batchSize)",
                       "--epochs", "\(epochs)", "--threads", "\(threads)"]
                let secs = PeerScript.lastNumbers(try peer.run(python: python, args))
                guard secs.count == epochs else {
                    throw NaswiftError(.io, "the PyTorch workload printed \(secs.count) epoch times for \(epochs) epochs",
                                       hint: "run \(python) \(torchScript) \(args.joined(separator: " ")) to see its output")
                }
                for s in secs { keep("epoch_s_torch", s) }
            }
        }
        if let t = best["epoch_s_torch"] { best["epoch_ratio_naswift_over_torch"] = best["epoch_s_naswift"]! / t }
        best["threads"] = Double(threads)
        best["cells_training"] = Double(sets.count - held)
        best["cells_held_out"] = Double(held)
        best["chunk"] = Double(chunk)
        best["tape_memory_gb"] = Double(budget) / 1e9
        print("seconds per contrastive-training epoch: \(sets.count - held) training + \(held) held-out cells, sets of \(sets.setSize) x \(sets.dimension), \(sets.inits) inits, batch \(config.batchSize)")
        for (k, v) in best.sorted(by: { $0.key < $1.key }) { print(String(format: "%-34@ %10.3f", k as NSString, v)) }
        try output.write(best)
    }
}
