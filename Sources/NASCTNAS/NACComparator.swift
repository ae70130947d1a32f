import NASCore
import NASLinalg
import NASSurrogates
import NASTensor

/// NAC training settings (METHODS §4.3; defaults = the reference).
public struct NACSettings: Sendable, Hashable, Codable {
    /// Passes over the labelled architectures (1000).
    public var epochs = 1000
    /// Labelled architectures per batch; each is compared with a random partner of its batch (256).
    public var batchSize = 256
    /// Adam learning rate 2e-4, betas (0.5, 0.999), L2 weight decay 5e-4.
    public var learningRate = 2e-4
    public var beta1 = 0.5
    public var beta2 = 0.999
    public var weightDecay = 5e-4
    /// Embedding / GCN width (128) and number of GCN layers (4).
    public var dimension = 128
    public var layers = 4

    public init() {}

    /// The reference configuration.
    public static let reference = NACSettings()

    /// - Throws: `invalidArgument` naming the bad setting.
    public func validate() throws {
        guard epochs >= 1, batchSize >= 2, dimension >= 1, layers >= 1 else {
            throw NaswiftError.invalidArgument("NAC settings: epochs \(epochs), batch size \(batchSize), dimension \(dimension), layers \(layers)",
                                               hint: "epochs, dimension and layers must be >= 1 and the batch size >= 2")
        }
        guard learningRate > 0, (0..<1).contains(beta1), (0..<1).contains(beta2), weightDecay >= 0 else {
            throw NaswiftError.invalidArgument("NAC settings: learning rate \(learningRate), betas (\(beta1), \(beta2)), weight decay \(weightDecay)",
                                               hint: "learning rate > 0, betas in [0, 1), weight decay >= 0")
        }
    }
}

/// The fitted network and its optimiser. Never changed after `NACComparator.fit` returns, so
/// comparator copies may share it.
final class NACState: @unchecked Sendable {
    let network: NACNetwork<Float>
    let adam: Adam<Float>
    var rng: SeededGenerator

    init(vocabulary: NACVocabulary, settings: NACSettings, seed: UInt64) {
        var initRNG = SeededGenerator(seed: seed, stream: 0)
        network = NACNetwork(opCount: vocabulary.opCount, nodes: vocabulary.nodes, dimension: settings.dimension,
                             layers: settings.layers, rng: &initRNG)
        adam = Adam(parameters: network.parameters, learningRate: Float(settings.learningRate), beta1: Float(settings.beta1),
                    beta2: Float(settings.beta2), weightDecay: Float(settings.weightDecay))
        rng = SeededGenerator(seed: seed, stream: 1)
    }
}

/// CTNAS's neural architecture comparator as a `PairwiseComparator` on `NACGraph` codes.
///
/// `fit` trains a fresh `NACNetwork<Float>` (seed stream 0: initialisation; stream 1: the
/// per-epoch shuffle of the labelled set and each batch's partner permutation) for
/// `settings.epochs` epochs of BCE on (batch, permutation of the batch) pairs with Adam, as the
/// reference. Inference uses that the final layer is linear in the concatenated features:
/// `logit(A, B) = w_A . f(A) + w_B . f(B) + b`, so each graph's feature is computed once and a
/// pair costs two dot products (the same value as the full forward pass, up to rounding: features
/// are Float and the gemm of a block of 1,024 graphs may round differently from a smaller one).
/// Training and features run on one BLAS thread (the figures do not depend on the core count;
/// more threads only slow these small products down on a loaded machine).
public struct NACComparator: PairwiseComparator {
    public typealias Code = NACGraph
    public let vocabulary: NACVocabulary
    public let settings: NACSettings
    public let seed: UInt64
    public private(set) var graphs: [NACGraph] = []
    public private(set) var values: [Double] = []
    var state: NACState?
    /// Seconds spent training and the Adam steps taken, over all fits.
    public internal(set) var trainSeconds = 0.0
    public internal(set) var steps = 0

    /// - Throws: `invalidArgument` for invalid settings.
    public init(vocabulary: NACVocabulary, settings: NACSettings = .reference, seed: UInt64) throws {
        try settings.validate()
        self.vocabulary = vocabulary
        self.settings = settings
        self.seed = seed
    }

    public mutating func append(_ code: NACGraph, value: Double) throws {
        guard code.ops.count == vocabulary.nodes, code.transposedAdjacency.count == vocabulary.nodes * vocabulary.nodes,
              code.ops.allSatisfy({ Int($0) < vocabulary.opCount }) else {
            throw NaswiftError.invalidArgument("NAC: a graph that is not a \(vocabulary.space) NAC input (\(code.ops.count) rows)",
                                               hint: "encode architectures with NACEncoding of the \(vocabulary.space) space")
        }
        guard value.isFinite else {
            throw NaswiftError.invalidArgument("NAC: label \(value) is not finite", hint: "pass only evaluated architectures")
        }
        graphs.append(code)
        values.append(value)
    }

    /// Trains a fresh network on every labelled graph.
    /// - Throws: `invalidArgument` with fewer than 2 labelled graphs.
    public mutating func fit() throws { try fit(progress: nil) }

    /// As `fit()`, calling `progress(epoch, epochs)` after each epoch.
    public mutating func fit(progress: ((Int, Int) -> Void)?) throws {
        guard graphs.count >= 2 else {
            throw NaswiftError.invalidArgument("NAC: \(graphs.count) labelled architecture(s); training compares pairs",
                                               hint: "label at least 2 architectures")
        }
        let s = NACState(vocabulary: vocabulary, settings: settings, seed: seed)
        let t0 = monotonicSeconds()
        BLAS.withThreadCount(1) {
            for epoch in 0..<settings.epochs {
                steps += Self.trainEpoch(s, graphs: graphs, values: values, batchSize: settings.batchSize)
                progress?(epoch + 1, settings.epochs)
            }
        }
        trainSeconds += monotonicSeconds() - t0
        state = s
    }

    /// One epoch of the reference's training: shuffle, then per batch of `batchSize` one Adam step
    /// on (batch, permutation of the batch) pairs. Returns the number of steps.
    static func trainEpoch(_ s: NACState, graphs: [NACGraph], values: [Double], batchSize: Int) -> Int {
        let n = graphs.count
        var order = Array(0..<n)
        order.shuffle(using: &s.rng)
        var steps = 0
        for start in stride(from: 0, to: n, by: batchSize) {
            let idx = Array(order[start..<min(start + batchSize, n)])
            let batch = NACBatch<Float>(idx.map { graphs[$0] }, nodes: s.network.nodes)
            var permutation = Array(idx.indices)
            permutation.shuffle(using: &s.rng)
            let tape = Tape<Float>()
            let (loss, _) = s.network.pairLoss(batch, values: idx.map { values[$0] }, permutation: permutation, on: tape)
            tape.backward(loss)
            s.adam.step()
            steps += 1
        }
        return steps
    }

    /// Graph features `[count][dimension]` of the fitted network, computed in blocks of 1,024.
    public func features(_ codes: [NACGraph]) throws -> [[Float]] {
        let s = try fitted()
        var out: [[Float]] = []
        out.reserveCapacity(codes.count)
        var start = 0
        BLAS.withThreadCount(1) {
            while start < codes.count {
                let block = Array(codes[start..<min(start + 1024, codes.count)])
                let f = s.network.features(NACBatch(block, nodes: s.network.nodes), on: Tape<Float>(recording: false)).value
                let d = s.network.dimension
                for g in 0..<block.count { out.append(Array(f.scalars[(g * d)..<((g + 1) * d)])) }
                start += block.count
            }
        }
        return out
    }

    /// The two halves of the final layer applied to each feature: `(w_A . f, w_B . f)` per code,
    /// and the bias.
    func halfLogits(_ codes: [NACGraph]) throws -> (first: [Double], second: [Double], bias: Double) {
        let s = try fitted()
        let d = s.network.dimension
        let w = s.network.fc.weight.value.scalars
        let bias = Double(s.network.fc.bias?.value.scalars[0] ?? 0)
        var first: [Double] = [], second: [Double] = []
        for f in try features(codes) {
            var a = 0.0, b = 0.0
            for k in 0..<d { a += Double(w[k]) * Double(f[k]); b += Double(w[d + k]) * Double(f[k]) }
            first.append(a); second.append(b)
        }
        return (first, second, bias)
    }

    public func probabilities(_ first: [NACGraph], _ second: [NACGraph]) throws -> [Double] {
        guard first.count == second.count else {
            throw NaswiftError.invalidArgument("NAC: \(first.count) first and \(second.count) second architectures",
                                               hint: "pass one partner per architecture")
        }
        let a = try halfLogits(first), b = try halfLogits(second)
        return first.indices.map { Self.sigmoid(a.first[$0] + b.second[$0] + a.bias) }
    }

    public func comparisonMatrix(_ codes: [NACGraph]) throws -> [Double] {
        let h = try halfLogits(codes)
        let n = codes.count
        var m = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { m[i * n + j] = Self.sigmoid(h.first[i] + h.second[j] + h.bias) } }
        return m
    }

    public var profile: [String: Double] { ["nac_train_s": trainSeconds, "nac_steps": Double(steps)] }

    func fitted() throws -> NACState {
        guard let state else {
            throw NaswiftError.invalidArgument("NAC: asked for comparisons before fit()", hint: "call fit() after appending labelled architectures")
        }
        return state
    }

    static func sigmoid(_ x: Double) -> Double { x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)) }
}

import Foundation
