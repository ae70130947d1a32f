import Foundation
import Dispatch
import NASCore
import NASTensor

/// One finished epoch of contrastive training (stored in the model file).
public struct ContrastiveEpoch: Codable, Equatable, Sendable {
    public var epoch: Int
    /// Adam learning rate used in the epoch.
    public var learningRate: Double
    /// Mean NT-Xent over the epoch's training batches.
    public var trainLoss: Double
    /// NT-Xent of the held-out cells (fixed views, batches of `batchSize`, weighted by batch
    /// size); nil when nothing is held out.
    public var validationLoss: Double?
}

/// Progress of a training run: after every batch, and at the end of every epoch (`finished`).
public struct ContrastiveProgress: Sendable {
    public var epoch: Int, batch: Int, batches: Int
    /// Mean training loss of the epoch so far.
    public var meanLoss: Double
    public var finished: ContrastiveEpoch?
    /// Wall seconds of the epoch so far.
    public var seconds: Double
}

/// CENA's contrastive training (METHODS.md section 1.3) on the EPDJM sets of one or more stores:
/// a seeded split holds `heldOutCount` cells out for the validation loss; each epoch shuffles the
/// training cells into batches of up to `batchSize`, draws for every cell two different inits
/// (the two views), lays the batch out as `[view 1 of N cells; view 2 of N cells]`, and takes one
/// Adam step on the NT-Xent loss of the projections (`Loss.ntXent`, temperature `temperature`).
/// The learning rate is `learningRate * decay^(epoch - 1)`.
///
/// Randomness, all from `SeededGenerator(seed)` in this order: the split permutation, the network
/// weights, the held-out views, then per epoch the training order and per batch the views. The
/// same seed and data give the same model bytes.
public struct ContrastiveTrainer: Sendable {
    public let config: ContrastiveConfig
    /// Bytes of forward tapes a batch larger than one chunk may keep for its backward pass instead
    /// of recomputing the chunks (which costs a second forward pass). Kept and recomputed chunks
    /// give the same values bit for bit, so this trades memory for time only, never the result.
    public let tapeBudget: Int

    /// `tapeBudget` defaults to `defaultTapeBudget` (a quarter of the physical memory).
    public init(config: ContrastiveConfig, tapeBudget: Int? = nil) throws {
        try config.validate()
        self.config = config
        self.tapeBudget = max(0, tapeBudget ?? Self.defaultTapeBudget)
    }

    /// A quarter of the machine's physical memory (6 GiB on a 24 GiB machine: the tapes of a whole
    /// 1,024-cell batch of 256 x 128 sets, about 4 GB, are kept).
    public static var defaultTapeBudget: Int { Int(min(ProcessInfo.processInfo.physicalMemory / 4, UInt64(Int.max))) }

    /// Estimated bytes of one chunk's forward tape: per set element its input row and the
    /// DeepSet encoder's seven `hidden`-wide activations (four linear outputs, three ReLUs), float32.
    func chunkTapeBytes(sets: Int, setSize: Int, dimension: Int) -> Int {
        sets * setSize * (dimension + 7 * config.hidden) * MemoryLayout<Float>.size
    }

    /// Cells held out of `cells`: the requested count, at most a tenth of the cells, and none
    /// when that leaves fewer than 2 (a validation loss over one cell is always 0).
    public static func heldOutCount(requested: Int, cells: Int) -> Int {
        let k = min(requested, cells / 10)
        return k >= 2 ? k : 0
    }

    /// Trains a fresh network on `sets` and returns the model with its per-epoch losses.
    public func train(sets: EPDJMSets, progress: ((ContrastiveProgress) -> Void)? = nil) throws -> ContrastiveModel {
        let held = Self.heldOutCount(requested: config.heldOut, cells: sets.count)
        let nTrain = sets.count - held
        guard nTrain >= 2 else {
            throw NaswiftError.invalidArgument("contrastive training needs at least 2 cells with EPDJMs, the store(s) hold \(sets.count)",
                                               hint: "compute more cells with `naswift embed cena jacobians`")
        }
        var rng = SeededGenerator(seed: config.seed)
        var order = Array(0..<sets.count)
        order.shuffle(using: &rng)
        var trainItems = Array(order[0..<nTrain])
        let heldItems = Array(order[nTrain...])
        let net = ContrastiveNetwork<Float>(input: sets.dimension, hidden: config.hidden, embedding: config.embedding,
                                            projection: config.projection, rng: &rng)
        let heldViews = heldItems.map { _ in Self.views(inits: sets.inits, rng: &rng) }
        let adam = Adam(parameters: net.parameters, learningRate: Float(config.learningRate))
        let batches = (nTrain + config.batchSize - 1) / config.batchSize
        var history: [ContrastiveEpoch] = []
        for epoch in 1...config.epochs {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let lr = config.learningRate * Self.power(config.decay, epoch - 1)
            adam.learningRate = Float(lr)
            trainItems.shuffle(using: &rng)
            var lossSum = 0.0
            for b in 0..<batches {
                let items = Array(trainItems[(b * config.batchSize)..<min(nTrain, (b + 1) * config.batchSize)])
                let views = items.map { _ in Self.views(inits: sets.inits, rng: &rng) }
                adam.zeroGrad()
                let loss = try batchLoss(net, sets, items: items, views: views, backward: true)
                guard loss.isFinite else {
                    throw NaswiftError(.numerical, "the contrastive loss became \(loss) in epoch \(epoch), batch \(b + 1)",
                                       hint: "check the EPDJM stores (a failed row is skipped, but a non-finite value is not); try another --seed")
                }
                adam.step()
                lossSum += loss
                progress?(ContrastiveProgress(epoch: epoch, batch: b + 1, batches: batches, meanLoss: lossSum / Double(b + 1),
                                              finished: nil, seconds: Self.seconds(since: t0)))
            }
            let validation = held == 0 ? nil : try validationLoss(net, sets, items: heldItems, views: heldViews)
            let e = ContrastiveEpoch(epoch: epoch, learningRate: lr, trainLoss: lossSum / Double(batches), validationLoss: validation)
            history.append(e)
            progress?(ContrastiveProgress(epoch: epoch, batch: batches, batches: batches, meanLoss: e.trainLoss, finished: e,
                                          seconds: Self.seconds(since: t0)))
        }
        let header = ContrastiveModel.Header(config: config, input: sets.dimension, setSize: sets.setSize, inits: sets.inits,
                                             spaces: Array(Set(sets.items.map(\.space.rawValue))).sorted(),
                                             trainingCells: nTrain, heldOutCells: held, dataChecksum: sets.checksum, history: history)
        return ContrastiveModel(header: header, network: net)
    }

    /// Two different inits of `0..<inits` (drawn without replacement).
    static func views(inits: Int, rng: inout SeededGenerator) -> (Int, Int) {
        let a = Int(rng.next() % UInt64(inits))
        let b = (a + 1 + Int(rng.next() % UInt64(inits - 1))) % inits
        return (a, b)
    }

    /// NT-Xent of the batch `items` with `views` (and, with `backward`, its parameter gradients
    /// accumulated). Batches of more than `chunk` sets are run chunk by chunk: projections first,
    /// then the loss's gradient with respect to them, then each chunk's tape is run backward,
    /// seeded with its rows of that gradient (the same gradient, in bounded memory): the tapes kept
    /// within `tapeBudget`, the other chunks recomputed first.
    func batchLoss(_ net: ContrastiveNetwork<Float>, _ sets: EPDJMSets, items: [Int], views: [(Int, Int)],
                   backward: Bool) throws -> Double {
        let pairs = zip(items, views).map { (item: $0.0, view: $0.1.0) } + zip(items, views).map { (item: $0.0, view: $0.1.1) }
        let total = pairs.count, s = sets.setSize, d = sets.dimension, tau = Float(config.temperature)
        func forward(_ range: Range<Int>) throws -> (Tape<Float>, Variable<Float>) {
            let tape = Tape<Float>()
            let x = tape.constant(try Tensor(shape: [range.count * s, d], scalars: sets.elements(Array(pairs[range]))))
            return (tape, net(x, setSize: s))
        }
        if total <= config.chunk {
            let (tape, z) = try forward(0..<total)
            let loss = Loss.ntXent(z, tau: tau)
            if backward { tape.backward(loss) }
            return Double(loss.scalar)
        }
        let chunks = stride(from: 0, to: total, by: config.chunk).map { $0..<min(total, $0 + config.chunk) }
        var projections: [Float] = []
        projections.reserveCapacity(total * config.projection)
        // forward tapes kept for the backward pass, within `tapeBudget`; the others are recomputed
        var kept: [Int: (Tape<Float>, Variable<Float>)] = [:]
        var keptBytes = 0
        for (k, c) in chunks.enumerated() {
            let (tape, zc) = try forward(c)
            projections += zc.value.scalars
            let bytes = chunkTapeBytes(sets: c.count, setSize: s, dimension: d)
            if backward && keptBytes + bytes <= tapeBudget {
                kept[k] = (tape, zc)
                keptBytes += bytes
            }
        }
        let lossTape = Tape<Float>()
        let z = lossTape.input(try Tensor(shape: [total, config.projection], scalars: projections))
        let loss = Loss.ntXent(z, tau: tau)
        guard backward else { return Double(loss.scalar) }
        lossTape.backward(loss)
        let dz = lossTape.gradient(of: z).scalars
        let p = config.projection
        for (k, c) in chunks.enumerated() {
            let (tape, zc) = try kept.removeValue(forKey: k) ?? forward(c)
            tape.backward(zc, seed: try Tensor(shape: [c.count, p], scalars: Array(dz[(c.lowerBound * p)..<(c.upperBound * p)])))
        }
        return Double(loss.scalar)
    }

    /// Mean NT-Xent over the held-out cells in batches of `batchSize` (weighted by batch size).
    func validationLoss(_ net: ContrastiveNetwork<Float>, _ sets: EPDJMSets, items: [Int], views: [(Int, Int)]) throws -> Double {
        var sum = 0.0
        for start in stride(from: 0, to: items.count, by: config.batchSize) {
            let r = start..<min(items.count, start + config.batchSize)
            sum += try batchLoss(net, sets, items: Array(items[r]), views: Array(views[r]), backward: false) * Double(r.count)
        }
        return sum / Double(max(items.count, 1))
    }

    /// `x^n` for a small non-negative `n`, by repeated multiplication (exact for `decay^0`).
    static func power(_ x: Double, _ n: Int) -> Double {
        var r = 1.0
        for _ in 0..<max(n, 0) { r *= x }
        return r
    }

    static func seconds(since t0: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9 }
}

