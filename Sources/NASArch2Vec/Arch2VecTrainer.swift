import Dispatch
import NASCore
import NASLinalg
import NASTensor

/// Progress of a pretraining run, reported after every batch and at the end of every epoch.
public struct Arch2VecProgress: Sendable {
    /// 1-based epoch and the batches done in it.
    public var epoch: Int
    public var batch: Int
    public var batchesPerEpoch: Int
    /// Mean training loss of the epoch so far.
    public var meanLoss: Double
    /// Set at the end of an epoch (with the epoch's wall seconds, training steps only / with diagnostics).
    public var finished: Arch2VecEpochDiagnostics?
    public var trainSeconds: Double
    public var epochSeconds: Double
}

/// arch2vec pretraining (METHODS §2.1-2.3): GIN-VAE on every cell of a space, Adam with gradient
/// clipping, a seeded 90/10 train / held-out split, per-epoch diagnostics.
///
/// Randomness, all from one `SeededGenerator(seed)` in this order: the split permutation, the
/// network initialisation, then per epoch the training-order shuffle, per batch the reparameterisation
/// noise and dropout mask, and after each epoch the latent draws of the decoding diagnostics.
/// Deviation from the reference scripts (documented in DESIGN.md): the reference splits the first
/// 90% / last 10% of its dataset file order and shuffles the training part once; here the split is a
/// seeded permutation of the space's cells and the training part is reshuffled every epoch.
public struct Arch2VecTrainer: Sendable {
    public let space: Arch2VecSpace
    public let config: Arch2VecConfig

    public init(space: Arch2VecSpace, config: Arch2VecConfig) throws {
        guard config.epochs >= 1 else {
            throw NaswiftError.invalidArgument("arch2vec epochs must be >= 1, got \(config.epochs)", hint: "e.g. --epochs \(space.referenceEpochs)")
        }
        guard config.batchSize >= 2 else {
            throw NaswiftError.invalidArgument("arch2vec batch size must be >= 2, got \(config.batchSize)", hint: "the reference uses 32")
        }
        guard config.trainFraction > 0, config.trainFraction < 1 else {
            throw NaswiftError.invalidArgument("train fraction must be in (0, 1), got \(config.trainFraction)", hint: "the reference uses 0.9")
        }
        guard config.decodings >= 0 else {
            throw NaswiftError.invalidArgument("decodings must be >= 0, got \(config.decodings)", hint: "the reference uses 10000")
        }
        self.space = space
        self.config = config
    }

    /// Trains on `graphs` (normally every cell of the space) and returns the model with its
    /// diagnostics. `progress` is called after each batch and once more at the end of each epoch.
    public func train(graphs: Arch2VecGraphs, progress: ((Arch2VecProgress) -> Void)? = nil) throws -> Arch2VecModel {
        guard graphs.space == space else {
            throw NaswiftError.invalidArgument("trainer for \(space.rawValue) given \(graphs.space.rawValue) graphs",
                                               hint: "encode cells of the trainer's space")
        }
        let total = graphs.count
        let nTrain = Int(Double(total) * config.trainFraction)
        guard nTrain >= 2, total - nTrain >= 1 else {
            throw NaswiftError.invalidArgument("\(total) graphs are too few for a \(config.trainFraction) train split",
                                               hint: "pass at least 3 graphs")
        }
        var rng = SeededGenerator(seed: config.seed)
        let (trainPart, heldIdx) = Self.split(count: total, trainFraction: config.trainFraction, rng: &rng)
        var trainIdx = trainPart
        let train = graphs.subset(trainIdx)
        trainIdx = Array(0..<nTrain)
        let held = graphs.subset(heldIdx)

        let model = GINVAE<Float>(inputDim: space.features, hidden: config.hidden, latent: config.latent,
                                  layers: config.layers, dropout: config.dropout, rng: &rng)
        let adam = Adam(parameters: model.parameters, learningRate: Float(config.learningRate), clipNorm: Float(config.clipNorm))
        let n = space.nodes, d = config.latent, bs = config.batchSize
        let batches = (nTrain + bs - 1) / bs
        var history: [Arch2VecEpochDiagnostics] = []
        var mean = [Float](repeating: 0, count: n * d), std = [Float](repeating: 1, count: n * d)
        for epoch in 1...config.epochs {
            let t0 = DispatchTime.now().uptimeNanoseconds
            trainIdx.shuffle(using: &rng)
            var lossSum = 0.0
            var s1 = [Double](repeating: 0, count: n * d), s2 = s1
            for k in 0..<batches {
                let idx = trainIdx[(k * bs)..<min(nTrain, (k + 1) * bs)]
                let batch = train.batch(idx)
                let rows = batch.graphs * n
                let (noise, mask) = model.sampleRandomness(rows: rows, rng: &rng)
                let tape = Tape<Float>()
                let out = model.forward(ops: tape.constant(batch.ops), adjacency: batch.adjacency, noise: noise,
                                        dropoutMask: mask, training: true)
                let loss = out.loss.value.scalar
                guard loss.isFinite else {
                    throw NaswiftError(.numerical, "arch2vec loss became \(loss) in epoch \(epoch), batch \(k + 1)",
                                       hint: "try another --seed; report the run if it persists")
                }
                tape.backward(out.loss)
                adam.step()
                lossSum += Double(loss)
                Self.accumulateMoments(out.mu.value.scalars, graphs: batch.graphs, perGraph: n * d, &s1, &s2)
                progress?(Arch2VecProgress(epoch: epoch, batch: k + 1, batchesPerEpoch: batches, meanLoss: lossSum / Double(k + 1),
                                           finished: nil, trainSeconds: 0, epochSeconds: 0))
            }
            let t1 = DispatchTime.now().uptimeNanoseconds
            // Gaussian fitted to the epoch's training means (per node and dimension; unbiased std as torch.std).
            let m = Double(nTrain)
            for k in 0..<(n * d) {
                let mu = s1[k] / m
                mean[k] = Float(mu)
                std[k] = Float(max(0, (s2[k] - m * mu * mu) / max(1, m - 1)).squareRoot())
            }
            let recon = Self.heldOutReconstruction(model: model, graphs: held)
            let keys = Arch2VecDiagnostics.decodeSamples(model: model, space: space, mean: mean, std: std,
                                                         count: config.decodings, rng: &rng)
            let (validity, uniqueness) = Arch2VecDiagnostics.validityAndUniqueness(keys)
            let diag = Arch2VecEpochDiagnostics(epoch: epoch, loss: lossSum / Double(batches),
                                                heldOutOpAccuracy: recon.opAccuracy, heldOutOpAccuracyRealNodes: recon.realNodeOpAccuracy,
                                                heldOutAdjacencyAccuracy: recon.adjacencyAccuracy,
                                                validity: validity, uniqueness: uniqueness)
            history.append(diag)
            let t2 = DispatchTime.now().uptimeNanoseconds
            progress?(Arch2VecProgress(epoch: epoch, batch: batches, batchesPerEpoch: batches, meanLoss: diag.loss, finished: diag,
                                       trainSeconds: Double(t1 - t0) / 1e9, epochSeconds: Double(t2 - t0) / 1e9))
        }
        let header = Arch2VecModel.Header(space: space.rawValue, nodes: n, features: space.features, config: config,
                                          trainingGraphs: nTrain, heldOutGraphs: total - nTrain, dataChecksum: graphs.checksum,
                                          diagnostics: history, latentMean: mean, latentStd: std)
        return Arch2VecModel(header: header, model: model)
    }

    /// The train / held-out split: a seeded permutation of `0..<count`, first `Int(count * trainFraction)` for training.
    public static func split(count: Int, trainFraction: Double, rng: inout SeededGenerator) -> (train: [Int], heldOut: [Int]) {
        let nTrain = Int(Double(count) * trainFraction)
        var order = Array(0..<count)
        order.shuffle(using: &rng)
        return (Array(order[0..<nTrain]), Array(order[nTrain...]))
    }

    /// The held-out cells of a model trained on `graphs` (the same split the trainer drew from the model's seed).
    public static func heldOut(of model: Arch2VecModel, graphs: Arch2VecGraphs) -> Arch2VecGraphs {
        var rng = SeededGenerator(seed: model.header.config.seed)
        return graphs.subset(split(count: graphs.count, trainFraction: model.header.config.trainFraction, rng: &rng).heldOut)
    }

    /// Adds each graph's `mu` block (`perGraph` values) and its square to the running sums.
    static func accumulateMoments(_ mu: [Float], graphs: Int, perGraph: Int, _ s1: inout [Double], _ s2: inout [Double]) {
        for g in 0..<graphs {
            for k in 0..<perGraph {
                let x = Double(mu[g * perGraph + k])
                s1[k] += x
                s2[k] += x * x
            }
        }
    }

    /// Eval-mode reconstruction counts over `graphs` (chunks of 2,048 graphs).
    public static func heldOutReconstruction(model: GINVAE<Float>, graphs: Arch2VecGraphs) -> Arch2VecDiagnostics.ReconstructionCounts {
        var counts = Arch2VecDiagnostics.ReconstructionCounts()
        let chunk = 2048
        var start = 0
        while start < graphs.count {
            let end = min(start + chunk, graphs.count)
            let b = graphs.batch(start..<end)
            let tape = Tape<Float>()
            let out = model.forward(ops: tape.constant(b.ops), adjacency: b.adjacency, noise: nil, dropoutMask: nil, training: false)
            counts += Arch2VecDiagnostics.reconstruction(opsRecon: out.opsRecon.value, ops: b.ops,
                                                         adjRecon: out.adjRecon.value, target: b.target)
            start = end
        }
        return counts
    }
}
