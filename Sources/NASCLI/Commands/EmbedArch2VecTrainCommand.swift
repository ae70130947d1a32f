import ArgumentParser
import Foundation
import NASArch2Vec
import NASCore
import NASLinalg
import NASRunner

/// `naswift embed arch2vec train --space S [--epochs E] [--seed N] [--out MODEL]`.
struct EmbedArch2VecTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Pretrain arch2vec on all cells of a space (nb201: 15,625; nb101: 423,624; nbgraph: 26,206) and save the model.")

    @Option(help: "Search space: nb201, nb101 or nbgraph.")
    var space: String

    @Option(help: "Epochs (default: the reference's, 10 for nb201 and nbgraph, 8 for nb101).")
    var epochs: Int?

    @Option(help: "Seed (default: the reference's, 3 for nb201 and nbgraph, 1 for nb101).")
    var seed: UInt64?

    @Option(help: "Model file (default: $NASWIFT_DATA/models/arch2vec-<space>.model, else ~/.cache/naswift/models/...).")
    var out: String?

    @Option(help: "Latent draws decoded per epoch for the validity / uniqueness diagnostics.")
    var decodings: Int = 10_000

    @Option(help: "Use only the first N cells of the space (quick runs; default: all).")
    var limit: Int?

    @Option(help: "BLAS threads (default 1: the matrices are small, see BENCHMARKS.md).")
    var threads: Int = 1

    func run() throws {
        let s = try Arch2VecSpace.named(space)
        var config = Arch2VecConfig.reference(for: s)
        if let epochs { config.epochs = epochs }
        if let seed { config.seed = seed }
        config.decodings = decodings
        guard threads >= 1 else { throw NaswiftError.invalidArgument("--threads must be >= 1, got \(threads)", hint: "e.g. --threads 1") }
        if let limit, limit < 3 { throw NaswiftError.invalidArgument("--limit must be >= 3, got \(limit)", hint: "omit it to train on every cell") }
        let trainer = try Arch2VecTrainer(space: s, config: config)
        let url = out.map { URL(fileURLWithPath: $0) } ?? Arch2VecModelStore.defaultURL(space: s.rawValue)
        try BLAS.withThreadCount(threads) {
            print("arch2vec \(s.rawValue): encoding the cells of the space...")
            fflushStdout()
            var graphs = s.wholeSpace().graphs
            if let limit, limit < graphs.count { graphs = graphs.subset(Array(0..<limit)) }
            print("arch2vec \(s.rawValue): \(graphs.count) cells, \(config.epochs) epochs, batch \(config.batchSize), seed \(config.seed), \(threads) BLAS thread(s)")
            print("epoch   loss       op_acc  op_real   adj_acc  validity  uniqueness  train_s  epoch_s")
            fflushStdout()
            let bar = ProgressBar(label: "epoch", unit: "batches")
            var current = 0
            var bars: [Int: ProgressBar] = [:]
            let model = try trainer.train(graphs: graphs) { p in
                if p.epoch != current { current = p.epoch; bars[current] = ProgressBar(label: "epoch \(p.epoch)/\(config.epochs)", unit: "batches") }
                if let d = p.finished {
                    // written unbuffered so a log file shows each epoch as it ends
                    FileHandle.standardOutput.write(Data((String(format: "%5d  %9.5f  %7.4f  %7.4f  %7.4f  %8.4f  %10.4f  %7.1f  %7.1f",
                        d.epoch, d.loss, d.heldOutOpAccuracy, d.heldOutOpAccuracyRealNodes ?? .nan, d.heldOutAdjacencyAccuracy, d.validity, d.uniqueness,
                        p.trainSeconds, p.epochSeconds) + "\n").utf8))
                } else {
                    (bars[current] ?? bar).update(p.batch, of: p.batchesPerEpoch, note: String(format: "loss %.5f", p.meanLoss))
                }
            }
            try model.save(to: url)
            print("model saved to \(url.path)")
        }
    }
}

/// Flushes Swift's `print` buffer (stdout is block-buffered when redirected to a log file).
func fflushStdout() { fflush(nil) }
