import Foundation
import NASCore
import NASLinalg
import NASTensor

/// DNGO (Snoek et al. 2015) as arch2vec's modified pybnn uses it (METHODS §2.5): an MLP with one
/// hidden layer of tanh units and a linear output, trained by MSE with Adam; then Bayesian linear
/// regression on the hidden layer's outputs (the basis functions) with `alpha`, `beta` maximising
/// the marginal likelihood (Nelder-Mead, no MCMC).
///
/// Inputs are z-scored with the training mean and standard deviation; outputs are not normalised.
/// Shapes: `inputs` is `N x F`, `targets` length N; `predict` takes `M x F` and returns M means and
/// M variances (noise included).
public struct DNGO: Sendable {
    public struct Settings: Sendable, Equatable {
        /// Hidden tanh units (arch2vec: 128).
        public var hidden = 128
        /// Passes over the data (arch2vec: 100).
        public var epochs = 100
        /// Mini-batch size (arch2vec: 10); with fewer observations, one batch of all of them.
        /// Each epoch reshuffles and drops the last partial batch (pybnn's `iterate_minibatches`).
        public var batchSize = 10
        /// Adam learning rate (arch2vec: 0.01).
        public var learningRate = 0.01
        public init() {}
    }

    public let settings: Settings
    /// Per-feature training mean and standard deviation (1 where a feature is constant).
    public let inputMean: [Double], inputStd: [Double]
    /// Hidden layer weights `[hidden, F]` and bias `[hidden]` after training.
    public let hiddenWeight: Tensor<Double>, hiddenBias: Tensor<Double>
    /// The Bayesian linear regression on the basis functions.
    public let regression: BayesianLinearRegression
    /// Training MSE of the network in the last epoch (mean over its batches).
    public let finalLoss: Double

    /// Trains on `inputs` (`N x F`, N >= 2) and `targets`; deterministic given `seed`.
    public init(inputs: Matrix, targets: [Double], settings: Settings = Settings(), seed: UInt64) throws {
        let n = inputs.rows, f = inputs.cols
        guard n >= 2, targets.count == n, f >= 1 else {
            throw NaswiftError.invalidArgument("DNGO: need at least 2 observations with one target each (got \(n) rows, \(targets.count) targets)",
                                               hint: "evaluate a few architectures before fitting the surrogate")
        }
        try inputs.requireFinite("DNGO inputs")
        if let bad = targets.first(where: { !$0.isFinite }) {
            throw NaswiftError.invalidArgument("DNGO: non-finite target \(bad)", hint: "drop failed evaluations before fitting")
        }
        self.settings = settings
        var mean = [Double](repeating: 0, count: f), std = [Double](repeating: 0, count: f)
        for i in 0..<n { for j in 0..<f { mean[j] += inputs.storage[i * f + j] } }
        for j in 0..<f { mean[j] /= Double(n) }
        for i in 0..<n { for j in 0..<f { let d = inputs.storage[i * f + j] - mean[j]; std[j] += d * d } }
        for j in 0..<f { let s = (std[j] / Double(n)).squareRoot(); std[j] = s > 0 ? s : 1 }
        inputMean = mean; inputStd = std
        let x = Self.standardised(inputs, mean: mean, std: std)

        var rng = SeededGenerator(seed: seed, stream: 0xD460)
        let hidden = Linear<Double>(f, settings.hidden, rng: &rng)
        let output = Linear<Double>(settings.hidden, 1, rng: &rng)
        let adam = Adam(parameters: hidden.parameters + output.parameters, learningRate: settings.learningRate)
        let batch = min(settings.batchSize, n)
        var step = NetworkStep(features: f, hiddenUnits: settings.hidden)
        var xb = [Double](repeating: 0, count: batch * f), yb = [Double](repeating: 0, count: batch)
        var order = Array(0..<n)
        var lastLoss = 0.0
        for _ in 0..<settings.epochs {
            order.shuffle(using: &rng)
            var epochLoss = 0.0, batches = 0
            var start = 0
            while start + batch <= n {
                for (k, r) in order[start..<(start + batch)].enumerated() {
                    for j in 0..<f { xb[k * f + j] = x.storage[r * f + j] }
                    yb[k] = targets[r]
                }
                epochLoss += try step.lossAndGradients(x: xb, y: yb, rows: batch, hidden: hidden, output: output)
                adam.step()
                batches += 1
                start += batch
            }
            lastLoss = epochLoss / Double(max(batches, 1))
        }
        finalLoss = lastLoss
        hiddenWeight = hidden.weight.value
        hiddenBias = hidden.bias?.value ?? Tensor(zeros: [settings.hidden])
        let basis = try Self.basis(x, weight: hiddenWeight, bias: hiddenBias)
        regression = try BayesianLinearRegression.fitted(features: basis, targets: targets)
    }

    /// The basis functions `tanh(z-scored(inputs) W^T + b)` (`M x hidden`).
    public func basis(_ inputs: Matrix) throws -> Matrix {
        guard inputs.cols == inputMean.count else {
            throw NaswiftError.invalidArgument("DNGO: \(inputs.cols) input features, the model was trained on \(inputMean.count)",
                                               hint: "pass inputs with the training feature layout")
        }
        return try Self.basis(Self.standardised(inputs, mean: inputMean, std: inputStd), weight: hiddenWeight, bias: hiddenBias)
    }

    /// Predictive mean and variance (noise included) per row of `inputs` (`M x F`).
    public func predict(_ inputs: Matrix) throws -> (mean: [Double], variance: [Double]) {
        try regression.predict(basis(inputs))
    }

    static func standardised(_ m: Matrix, mean: [Double], std: [Double]) -> Matrix {
        var out = m
        let f = m.cols
        for i in 0..<m.rows { for j in 0..<f { out.storage[i * f + j] = (m.storage[i * f + j] - mean[j]) / std[j] } }
        return out
    }

    static func basis(_ x: Matrix, weight: Tensor<Double>, bias: Tensor<Double>) throws -> Matrix {
        let h = weight.shape[0]
        let w = try Matrix(rows: h, cols: weight.shape[1], storage: weight.scalars)
        var out = try x.multiplied(by: w, transposeOther: true)
        for i in 0..<out.rows { for j in 0..<h { out.storage[i * h + j] = Foundation.tanh(out.storage[i * h + j] + bias.scalars[j]) } }
        return out
    }
}
