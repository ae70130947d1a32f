import NASCore
import NASTensor

/// The BANANAS meta-network (White et al. 2021): an ensemble of `k` independent feed-forward nets (ReLU between
/// layers, no activation on the scalar output), trained with the MAE loss and Adam on
/// (path encoding, standardised error) pairs.
///
/// The k members are stored side by side and run as one batched model, so one tape pass and one
/// Adam step train all of them: layer l holds weights `[k, out, in]` and biases `[k, 1, out]`, and
/// a forward pass maps `x [k, b, in]` to `x W^T + b` per member with `Variable.batchedMatmul`
/// (one `BLAS.gemm` per member). Each member has its own PyTorch-default initialisation
/// (`Init.kaimingUniform`, `Init.bias`, as `NASTensor.Linear`) and its own shuffling of the data
/// into mini-batches; the loss is the sum over members of each member's mean absolute error, so
/// each member's gradients, and with the element-wise Adam its updates, are those of training it
/// alone. Members differ only by randomness: the spread of their predictions is the acquisition's
/// uncertainty.
public struct MLPEnsemble {
    /// Sizes and training recipe (BANANAS: 5 nets of 10 hidden layers x 20 units, 150 epochs of
    /// mini-batches of 32, Adam lr 0.01).
    public struct Settings: Sendable, Equatable {
        public var ensembleSize = 5
        public var hiddenLayers = 10
        public var width = 20
        public var epochs = 150
        public var batchSize = 32
        public var learningRate = 0.01
        public init() {}
    }

    let k: Int
    let sizes: [Int]
    /// Per layer: weights `[k, out, in]` and biases `[k, 1, out]`.
    let weights: [Parameter<Float>]
    let biases: [Parameter<Float>]

    /// Trains `settings.ensembleSize` fresh nets on `x` (`[n, d]` row-major) and `y` (`[n]`).
    public init(x: [Float], y: [Float], features d: Int, settings: Settings, rng: inout SeededGenerator) throws {
        let n = y.count
        k = settings.ensembleSize
        sizes = [d] + Array(repeating: settings.width, count: settings.hiddenLayers) + [1]
        var w: [Parameter<Float>] = [], b: [Parameter<Float>] = []
        var memberWeights = [[Tensor<Float>]](repeating: [], count: sizes.count - 1)
        var memberBiases = [[Tensor<Float>]](repeating: [], count: sizes.count - 1)
        for _ in 0..<k {  // member by member, layer by layer (each member initialised like an MLP)
            for l in 0..<(sizes.count - 1) {
                memberWeights[l].append(Init.kaimingUniform([sizes[l + 1], sizes[l]], fanIn: sizes[l], rng: &rng))
                memberBiases[l].append(Init.bias(sizes[l + 1], fanIn: sizes[l], rng: &rng))
            }
        }
        for l in 0..<(sizes.count - 1) {
            w.append(Parameter(try Tensor(shape: [k, sizes[l + 1], sizes[l]], scalars: memberWeights[l].flatMap(\.scalars))))
            b.append(Parameter(try Tensor(shape: [k, 1, sizes[l + 1]], scalars: memberBiases[l].flatMap(\.scalars))))
        }
        weights = w
        biases = b
        guard n > 0 else { return }
        let adam = Adam(parameters: zip(w, b).flatMap { [$0, $1] }, learningRate: Float(settings.learningRate))
        var orders = [[Int]](repeating: Array(0..<n), count: k)
        let bs = max(1, min(settings.batchSize, n))
        for _ in 0..<settings.epochs {
            for m in 0..<k {  // Fisher-Yates per member with the seeded generator
                for i in stride(from: n - 1, to: 0, by: -1) { orders[m].swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            }
            var start = 0
            while start < n {
                let end = min(n, start + bs), rows = end - start
                var xb = [Float](repeating: 0, count: k * rows * d), yb = [Float](repeating: 0, count: k * rows)
                for m in 0..<k {
                    for r in 0..<rows {
                        let i = orders[m][start + r], o = (m * rows + r)
                        for j in 0..<d { xb[o * d + j] = x[i * d + j] }
                        yb[o] = y[i]
                    }
                }
                start = end
                do {  // the tape (and its copies of the weights) is released before the update
                    let tape = Tape<Float>()
                    let pred = forward(tape.constant(try Tensor(shape: [k, rows, d], scalars: xb)))
                    // sum over members of each member's mean absolute error over its `rows` rows
                    let loss = Loss.mae(pred, try Tensor(shape: [k, rows, 1], scalars: yb)) * Float(k)
                    tape.backward(loss)
                }
                adam.step()
            }
        }
    }

    /// `x [k, b, in] -> [k, b, 1]`.
    func forward(_ x: Variable<Float>) -> Variable<Float> {
        var h = x
        for l in weights.indices {
            h = h.batchedMatmul(x.tape.parameter(weights[l]), transposeOther: true) + x.tape.parameter(biases[l])
            if l < weights.count - 1 { h = h.relu() }
        }
        return h
    }

    /// Predictions of every member for `x` (`[m, d]`): `[k][m]`.
    public func predict(_ x: [Float], features d: Int) throws -> [[Float]] {
        let m = x.count / max(d, 1)
        guard m > 0 else { return Array(repeating: [], count: k) }
        var tiled: [Float] = []
        tiled.reserveCapacity(k * x.count)
        for _ in 0..<k { tiled += x }
        let out = forward(Tape<Float>().constant(try Tensor(shape: [k, m, d], scalars: tiled))).value.scalars
        return (0..<k).map { Array(out[($0 * m)..<(($0 + 1) * m)]) }
    }
}

/// The BANANAS surrogate: an `MLPEnsemble` retrained from scratch at every posterior on the
/// vectors of the observations, with the member spread as uncertainty.
///
/// Like the reference it trains on errors: the targets are `-value`, standardised to zero mean and
/// unit standard deviation (the reference trains on raw errors; standardising keeps Adam's steps of
/// lr 0.01 on the scale of the targets). A ReLU network is not symmetric under negated targets, so
/// the sign is the reference's. The posterior is of the standardised value: mean `-m`, variance
/// `v`, with `m` and `v` the mean and (ddof 0) variance of the members' predictions.
public struct EnsembleSurrogate: Surrogate {
    public let settings: MLPEnsemble.Settings
    public let dimension: Int
    private var trainRNG: SeededGenerator
    private var x: [Float] = []
    private var values: [Double] = []
    private var seconds: [String: Double] = [:]

    public init(settings: MLPEnsemble.Settings, dimension: Int, trainRNG: SeededGenerator) {
        self.settings = settings
        self.dimension = dimension
        self.trainRNG = trainRNG
    }

    public var profile: [String: Double] { seconds }

    public mutating func append(_ code: [Float], value: Double) throws {
        guard code.count == dimension else {
            throw NaswiftError.invalidArgument("ensemble surrogate: code of \(code.count) features, expected \(dimension)",
                                               hint: "encode every architecture with the same vector encoding")
        }
        x += code
        values.append(value)
    }

    public mutating func posterior(at candidates: [[Float]], joint: Bool) throws -> Posterior {
        let d = dimension
        var t0 = monotonicSeconds()
        let errors = values.map { -$0 }
        let mean = errors.reduce(0, +) / Double(errors.count)
        let sd = (errors.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(errors.count)).squareRoot()
        let scale = sd > 1e-12 ? sd : 1
        let y = errors.map { Float(($0 - mean) / scale) }
        let ensemble = try MLPEnsemble(x: x, y: y, features: d, settings: settings, rng: &trainRNG)
        seconds["ensemble_training_s", default: 0] += monotonicSeconds() - t0
        t0 = monotonicSeconds()
        defer { seconds["ensemble_predict_s", default: 0] += monotonicSeconds() - t0 }
        var cx: [Float] = []
        cx.reserveCapacity(candidates.count * d)
        for c in candidates { cx += c }
        let predictions = try ensemble.predict(cx, features: d)
        let k = Double(predictions.count)
        var mu = [Double](repeating: 0, count: candidates.count), variance = mu
        for j in candidates.indices {
            let p = predictions.map { Double($0[j]) }
            let m = p.reduce(0, +) / k
            mu[j] = -m
            variance[j] = p.map { ($0 - m) * ($0 - m) }.reduce(0, +) / k
        }
        return Posterior(mean: mu, variance: variance, incumbent: -Double(y.min() ?? 0))
    }
}
