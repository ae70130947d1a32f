/// Hyper-parameters of arch2vec pretraining (METHODS §2.2-2.3; the reference values are the defaults).
public struct Arch2VecConfig: Codable, Sendable, Equatable {
    /// GIN hidden width (128).
    public var hidden = 128
    /// Per-node latent size (16).
    public var latent = 16
    /// GIN layers (4; the reference's `num_hops = 5`).
    public var layers = 4
    /// Decoder dropout on z (0.3).
    public var dropout = 0.3
    /// Graphs per Adam step (32).
    public var batchSize = 32
    /// Adam learning rate (1e-3; betas 0.9 / 0.999, eps 1e-8).
    public var learningRate = 1e-3
    /// Global gradient-norm clip (5).
    public var clipNorm = 5.0
    /// Fraction of the (seeded-shuffled) cells used for training; the rest is held out (0.9).
    public var trainFraction = 0.9
    /// Training epochs (reference: 10 for nb201, 8 for nb101).
    public var epochs: Int
    /// Seed of every random draw (split, shuffles, initialisation, noise, dropout, decodings).
    public var seed: UInt64
    /// Latent points decoded per epoch for the validity / uniqueness diagnostics (10,000).
    public var decodings = 10_000

    public init(epochs: Int, seed: UInt64) {
        self.epochs = epochs
        self.seed = seed
    }

    /// The reference configuration of `space` (10 epochs / seed 3 on nb201, 8 epochs / seed 1 on nb101).
    public static func reference(for space: Arch2VecSpace) -> Arch2VecConfig {
        Arch2VecConfig(epochs: space.referenceEpochs, seed: space.referenceSeed)
    }
}

/// What one pretraining epoch measured (all accuracies and ratios are fractions in [0, 1]).
public struct Arch2VecEpochDiagnostics: Codable, Sendable, Equatable {
    /// 1-based epoch number.
    public var epoch: Int
    /// Mean training loss over the epoch's batches.
    public var loss: Double
    /// Held-out op reconstruction accuracy: argmax of the reconstructed row equals the input's
    /// argmax, over all node rows (padding rows included, as in the reference).
    public var heldOutOpAccuracy: Double
    /// Held-out op accuracy over the real (non-padding) node rows only: how well the cells' ops are
    /// reconstructed. Equal to `heldOutOpAccuracy` on NB201 (no padding). Absent in files written
    /// before it was recorded.
    public var heldOutOpAccuracyRealNodes: Double?
    /// Held-out adjacency accuracy: `triu(sigmoid(z z^T), 1) > 0.5` equals `triu(A, 1)`, over the
    /// `n (n - 1) / 2` upper-triangular entries per graph.
    public var heldOutAdjacencyAccuracy: Double
    /// Fraction of `decodings` latent draws (Gaussian fitted per node and dimension to the epoch's
    /// training means) that decode to a valid cell of the space.
    public var validity: Double
    /// Distinct valid decodings / valid decodings.
    public var uniqueness: Double
}
