import NASCore

/// Settings of CENA's contrastive training (METHODS.md section 1.3); `reference` holds the values
/// every script of the reference uses.
public struct ContrastiveConfig: Codable, Equatable, Sendable {
    /// DeepSet hidden width, embedding width, projection-head width (256 / 256 / 256).
    public var hidden = 256
    public var embedding = 256
    public var projection = 256
    /// NT-Xent temperature (0.1).
    public var temperature = 0.1
    /// Adam learning rate of epoch 1 (5e-5), multiplied by `decay` after every epoch (0.95).
    public var learningRate = 5e-5
    public var decay = 0.95
    /// Architectures per batch (1,024; the last batch of an epoch may be smaller) and epochs (30).
    public var batchSize = 1024
    public var epochs = 30
    /// Architectures held out for the validation loss (1,028), at most a tenth of the cells (see
    /// `ContrastiveTrainer.heldOutCount`).
    public var heldOut = 1028
    /// Seed of the split, the initial weights, the batch order and the view draws.
    public var seed: UInt64 = 0
    /// Sets (architecture views) per forward chunk: bounds memory, not the result's meaning
    /// (a batch larger than one chunk is recomputed chunk by chunk in the backward pass).
    public var chunk = 128

    public init() {}

    /// The reference's settings.
    public static let reference = ContrastiveConfig()

    /// The batch `naswift embed cena train` uses when none is given: the reference's 1,024 when
    /// `trainingCells` fill at least 10 such batches per epoch (the reference trains on the whole
    /// NB201 space: 14,597 cells, 15 batches, 450 Adam steps in 30 epochs), else 128. On the
    /// default 2,000-cell store (1,800 training cells) 1,024 means 2 steps per epoch, 60 in all,
    /// and the validation loss stays at chance after 30 epochs; 128 gives 15 steps per epoch, the
    /// reference's count and schedule (measured, REPRODUCTION.md "CENA").
    public static func defaultBatchSize(trainingCells: Int) -> Int {
        trainingCells >= 10 * reference.batchSize ? reference.batchSize : 128
    }

    /// Throws `invalidArgument` naming the first setting out of range.
    public func validate() throws {
        func bad(_ what: String, _ hint: String) -> NaswiftError { NaswiftError.invalidArgument(what, hint: hint) }
        guard hidden >= 1, embedding >= 1, projection >= 1 else { throw bad("hidden, embedding and projection widths must be >= 1", "CENA uses 256 each") }
        guard temperature > 0, temperature.isFinite else { throw bad("temperature must be > 0, got \(temperature)", "CENA uses 0.1") }
        guard learningRate > 0, learningRate.isFinite else { throw bad("learning rate must be > 0, got \(learningRate)", "CENA uses 5e-5") }
        guard decay > 0, decay <= 1 else { throw bad("learning-rate decay must be in (0, 1], got \(decay)", "CENA uses 0.95") }
        guard batchSize >= 2 else { throw bad("batch size must be >= 2 architectures, got \(batchSize)", "CENA uses 1024") }
        guard epochs >= 1 else { throw bad("epochs must be >= 1, got \(epochs)", "CENA uses 30") }
        guard heldOut >= 0 else { throw bad("held-out count must be >= 0, got \(heldOut)", "CENA holds out 1028") }
        guard chunk >= 2 else { throw bad("chunk must be >= 2 sets, got \(chunk)", "the default is 128") }
    }
}
