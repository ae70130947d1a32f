import ArgumentParser
import Foundation
import NASCENA
import NASCore
import NASLinalg
import NASRunner

/// The EPDJM stores a CENA command reads (`--jacobians DIR...`), declared once for train and export.
struct CENAStoresOption: ParsableArguments {
    @Option(parsing: .upToNextOption,
            help: "EPDJM store directories (naswift embed cena jacobians --out DIR); several (e.g. NB201 and NATS) are used together.")
    var jacobians: [String] = []

    /// The stores' sets (finished, non-failed rows); prints a note when rows are skipped.
    func sets() throws -> EPDJMSets {
        let s = try EPDJMSets(directories: jacobians.map { URL(fileURLWithPath: $0) })
        if s.pendingRows > 0 || s.failedRows > 0 {
            print("note: using \(s.count) cells; skipped \(s.failedRows) failed and \(s.pendingRows) not yet computed rows")
        }
        return s
    }
}

/// `--tape-memory GB`: how much memory contrastive training may keep in forward tapes instead of
/// recomputing chunks (`ContrastiveTrainer.tapeBudget`), declared once for train and bench.
struct TapeMemoryOption: ParsableArguments {
    @Option(name: .customLong("tape-memory"),
            help: "GB of forward tapes kept for the backward pass instead of recomputing chunks (default: a quarter of the RAM; 0 recomputes every chunk; the model is the same either way).")
    var gigabytes: Double?

    /// The budget in bytes; throws for a negative or non-finite value.
    func bytes() throws -> Int {
        guard let gigabytes else { return ContrastiveTrainer.defaultTapeBudget }
        guard gigabytes.isFinite, gigabytes >= 0 else {
            throw NaswiftError.invalidArgument("--tape-memory must be a number of GB >= 0, got \(gigabytes)", hint: "e.g. --tape-memory 4, or 0 to keep no tapes")
        }
        return Int(min(gigabytes * 1e9, Double(Int.max / 2)))
    }
}

/// `naswift embed cena train --jacobians DIR... --out MODEL [--epochs 30 --batch-size 1024 ...]`.
struct EmbedCENATrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train CENA's contrastive DeepSet on EPDJM stores and save the model.",
        discussion: """
            Two different inits of each cell are the two views of the NT-Xent loss (temperature 0.1); DeepSet hidden, \
            embedding and projection widths 256; Adam 5e-5, x0.95 per epoch; batches of up to 1,024 cells (128 on stores \
            of fewer than 10 such batches, such as the default 2,000-cell sample: see --batch-size); 30 epochs; \
            1,028 cells held out for the validation loss (at most a tenth of the cells: fewer on small stores). The same \
            --seed, data and --threads give the same model file.
            """)

    @OptionGroup var stores: CENAStoresOption

    @Option(help: "Model file to write.")
    var out: String

    @Option(help: "Epochs.")
    var epochs: Int = ContrastiveConfig.reference.epochs

    @Option(help: "Cells per batch (default: 1,024, the reference, when the training cells fill at least 10 batches of it; else 128, so a 2,000-cell store gets the reference's ~15 Adam steps per epoch instead of 2).")
    var batchSize: Int?

    @Option(help: "Adam learning rate of the first epoch.")
    var lr: Double = ContrastiveConfig.reference.learningRate

    @Option(help: "Learning-rate factor per epoch.")
    var decay: Double = ContrastiveConfig.reference.decay

    @Option(help: "NT-Xent temperature.")
    var temperature: Double = ContrastiveConfig.reference.temperature

    @Option(help: "Cells held out for the validation loss (at most a tenth of the cells).")
    var heldOut: Int = ContrastiveConfig.reference.heldOut

    @Option(help: "DeepSet hidden width.")
    var hidden: Int = ContrastiveConfig.reference.hidden

    @Option(help: "Embedding width (the representation exported).")
    var embedding: Int = ContrastiveConfig.reference.embedding

    @Option(help: "Projection-head width (what the loss sees).")
    var projection: Int = ContrastiveConfig.reference.projection

    @Option(help: "Seed of the split, the weights, the batch order and the views.")
    var seed: UInt64 = 0

    @Option(help: "Cell views per forward chunk (memory bound; does not change what is computed).")
    var chunk: Int = ContrastiveConfig.reference.chunk

    @Option(help: "BLAS threads (default: all cores). The same count gives the same bytes.")
    var threads: Int?

    @OptionGroup var tapeMemory: TapeMemoryOption

    func run() throws {
        var c = ContrastiveConfig.reference
        c.epochs = epochs; c.learningRate = lr; c.decay = decay; c.temperature = temperature
        if let batchSize { c.batchSize = batchSize }   // a given batch is checked with the rest, before the stores are read
        c.heldOut = heldOut; c.hidden = hidden; c.embedding = embedding; c.projection = projection; c.seed = seed; c.chunk = chunk
        try c.validate()   // bad numbers are reported before the stores are read
        let tapeBudget = try tapeMemory.bytes()
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        guard threadCount >= 1 else { throw NaswiftError.invalidArgument("--threads must be >= 1, got \(threadCount)", hint: "e.g. --threads 2") }
        let sets = try stores.sets()
        let held = ContrastiveTrainer.heldOutCount(requested: heldOut, cells: sets.count)
        if batchSize == nil { c.batchSize = ContrastiveConfig.defaultBatchSize(trainingCells: sets.count - held) }
        let batchSize = c.batchSize
        let trainer = try ContrastiveTrainer(config: c, tapeBudget: tapeBudget)
        print("cena train: \(sets.count) cells (\(Set(sets.items.map(\.space.rawValue)).sorted().joined(separator: ", "))), \(sets.inits) inits x \(sets.setSize) images x \(sets.dimension) directions; \(epochs) epochs, batch \(batchSize)\(self.batchSize == nil ? " (the default for \(sets.count - held) training cells)" : ""), seed \(seed), \(threadCount) BLAS thread(s)")
        if held < heldOut {
            print("note: holding out \(held) cells for the validation loss, not \(heldOut): the store is small (at most a tenth of \(sets.count) cells\(held == 0 ? ", and no validation below 2" : ""))")
        } else {
            print("holding out \(held) cells for the validation loss")
        }
        print("epoch  lr          train_loss  val_loss    seconds")
        fflushStdout()
        let url = URL(fileURLWithPath: out)
        try BLAS.withThreadCount(threadCount) {
            var bar = ProgressBar(label: "epoch 1/\(epochs)", unit: "batches")
            var current = 1
            let model = try trainer.train(sets: sets) { p in
                if p.epoch != current { current = p.epoch; bar = ProgressBar(label: "epoch \(p.epoch)/\(epochs)", unit: "batches") }
                if let e = p.finished {
                    FileHandle.standardOutput.write(Data((String(format: "%5d  %.4e  %10.5f  %@  %7.1f", e.epoch, e.learningRate, e.trainLoss,
                        e.validationLoss.map { String(format: "%10.5f", $0) } ?? "         -", p.seconds) + "\n").utf8))
                } else {
                    bar.update(p.batch, of: p.batches, note: String(format: "loss %.5f", p.meanLoss))
                }
            }
            try model.save(to: url)
        }
        print("model saved to \(url.path)")
    }
}
