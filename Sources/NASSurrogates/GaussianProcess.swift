import Foundation
import NASCore
import NASLinalg

/// Options shared by GP construction and fitting.
public struct GPOptions: Sendable, Equatable {
    /// Reproduce the TW-NAS reference's extra noise: it adds `sigma^2 I` in the kernel and again
    /// `sigma^4 I` inside its Cholesky routine (METHODS §3.3), i.e. `(sigma^2 + sigma^4) I` in total.
    /// That routine is its posterior's; its likelihood has `sigma^2 I` only (`GPFitOptions.likelihoodGP`).
    public var referenceNoiseQuirk: Bool = false
    /// Jitter for the Cholesky of `K + noise I` (the reported jitter is kept in `GaussianProcess.jitter`).
    public var jitter: JitterPolicy = .standard
    /// Standardise the targets (default). When false the GP models the raw targets with zero prior
    /// mean (GPy's `GPRegression` without a normalizer, as CENA's reference); `targetMean` is then
    /// 0 and `targetStd` 1. Marginal-likelihood fitting always standardises.
    public var standardiseTargets: Bool = true

    public init(referenceNoiseQuirk: Bool = false, jitter: JitterPolicy = .standard, standardiseTargets: Bool = true) {
        self.referenceNoiseQuirk = referenceNoiseQuirk
        self.jitter = jitter
        self.standardiseTargets = standardiseTargets
    }

    /// The diagonal noise term for noise variance `v`, and its derivative by `log v`.
    func noise(_ v: Double) -> (value: Double, dLog: Double) {
        referenceNoiseQuirk ? (v + v * v, v + 2 * v * v) : (v, v)
    }
}

/// A Gaussian-process regressor with zero prior mean on standardised targets.
///
/// Targets `y` (length n) are standardised to `z = (y - mean) / std` (population std; 1 if all
/// targets are equal; `GPOptions.standardiseTargets` false keeps them raw). With `K` the `n x n`
/// kernel matrix and `Ky = K + noise I`: `alpha = Ky^-1 z`, log marginal likelihood
/// `-z^T alpha / 2 - log|Ky| / 2 - n log(2 pi) / 2`.
/// Predictions are in standardised units (see `GPPosterior.destandardised`).
public struct GaussianProcess: Sendable {
    public let kernel: GPKernel
    public let inputs: GPInputs
    public let hyperparameters: GPHyperparameters
    public let options: GPOptions
    /// The raw targets (length n) and their standardisation.
    public let targets: [Double]
    public let targetMean: Double
    public let targetStd: Double
    /// Standardised targets (length n).
    public let standardisedTargets: [Double]
    /// Cholesky of `Ky` (its `jitter` is any extra diagonal that was needed).
    public let cholesky: Cholesky
    /// `Ky^-1 z` (length n).
    public let alpha: [Double]
    /// Log marginal likelihood of the standardised targets.
    public let logMarginalLikelihood: Double
    /// Training components (see `GPKernel`), each `n x n`.
    let components: [Matrix]

    /// A GP with fixed hyper-parameters. Throws on mismatched or non-finite inputs, a kernel that
    /// does not fit the inputs, or a kernel matrix that is not positive definite even with jitter.
    public init(kernel: GPKernel, inputs: GPInputs, targets: [Double], hyperparameters: GPHyperparameters,
                options: GPOptions = GPOptions()) throws {
        let components = try Self.trainingComponents(kernel: kernel, inputs: inputs, targets: targets)
        try hyperparameters.validate(components: components.count)
        let (mean, std, z) = options.standardiseTargets ? Self.standardise(targets) : (0, 1, targets)
        let ky = Self.noisyKernel(kernel, components, hyperparameters, options)
        let chol = try Cholesky(ky, jitter: options.jitter)
        let a = try chol.solve(z)
        self.kernel = kernel
        self.inputs = inputs
        self.hyperparameters = hyperparameters
        self.options = options
        self.targets = targets
        self.targetMean = mean
        self.targetStd = std
        self.standardisedTargets = z
        self.cholesky = chol
        self.alpha = a
        self.components = components
        let n = Double(targets.count)
        self.logMarginalLikelihood = -0.5 * zip(z, a).reduce(0) { $0 + $1.0 * $1.1 } - 0.5 * chol.logDeterminant
            - 0.5 * n * log(2 * Double.pi)
    }

    /// Number of training points.
    public var count: Int { targets.count }

    /// Posterior of the latent function at `m` candidates (standardised units): mean (length m)
    /// and covariance (`m x m`, without observation noise; diagonal only when `fullCovariance` is
    /// false or the candidate-candidate distances are not given).
    public func predict(_ candidates: GPCandidates, fullCovariance: Bool = true) throws -> GPPosterior {
        let hp = hyperparameters
        let cross: [Matrix]          // n x m components
        var among: [Matrix]? = nil   // m x m components
        let m: Int
        switch (inputs, candidates) {
        case let (.vectors(x, ard), .vectors(c)):
            try GPComponents.validateVectors(c, dimension: x.first?.count, what: "GP candidates")
            m = c.count
            cross = try GPComponents.squared(x, c, ard: ard)
            if fullCovariance { among = try GPComponents.squared(c, c, ard: ard) }
        case let (.distances(d), .distances(cr, am)):
            m = cr.first?.cols ?? 0
            guard cr.count == d.count else {
                throw NaswiftError.invalidArgument("GP trained on \(d.count) distance matrices but given \(cr.count) cross-distance matrices",
                                                   hint: "pass one n x m cross-distance matrix per training distance matrix")
            }
            try GPComponents.validateDistances(cr, rows: count, cols: m, square: false, what: "GP cross distances")
            cross = cr
            if let am, fullCovariance {
                guard am.count == d.count else {
                    throw NaswiftError.invalidArgument("GP trained on \(d.count) distance matrices but given \(am.count) candidate distance matrices",
                                                       hint: "pass one m x m candidate distance matrix per training distance matrix")
                }
                try GPComponents.validateDistances(am, rows: m, cols: m, square: true, what: "GP candidate distances")
                among = am
            }
        default:
            throw NaswiftError.invalidArgument("GP candidates must have the same form as the training inputs (vectors or distances)",
                                               hint: "a distance-kernel GP needs cross distances; a vector GP needs feature vectors")
        }
        if m == 0 { return GPPosterior(mean: [], covariance: Matrix(rows: 0, cols: 0), isFull: true, targetMean: targetMean, targetStd: targetStd) }
        let kStar = kernel.matrix(cross, lengthscales: hp.lengthscales, signalVariance: hp.signalVariance)   // n x m
        let mean = try kStar.multiplied(by: alpha, transposeSelf: true)
        let v = try cholesky.solveLower(kStar)                                                                // n x m
        var cov: Matrix
        let isFull = among != nil
        if let among {
            let kss = kernel.matrix(among, lengthscales: hp.lengthscales, signalVariance: hp.signalVariance)
            cov = try kss - v.multiplied(by: v, transposeSelf: true)
            for i in 0..<m { for j in (i + 1)..<max(m, i + 1) { let s = 0.5 * (cov[i, j] + cov[j, i]); cov[i, j] = s; cov[j, i] = s } }
        } else {
            cov = Matrix(rows: m, cols: m)
            let prior = hp.signalVariance * kernel.g(0)
            for j in 0..<m {
                var s = 0.0
                for i in 0..<count { s += v[i, j] * v[i, j] }
                cov[j, j] = prior - s
            }
        }
        for i in 0..<m where cov[i, i] < 0 { cov[i, i] = 0 }   // rounding can make tiny variances negative
        return GPPosterior(mean: mean, covariance: cov, isFull: isFull, targetMean: targetMean, targetStd: targetStd)
    }

    // MARK: building blocks shared with fitting

    static func trainingComponents(kernel: GPKernel, inputs: GPInputs, targets: [Double]) throws -> [Matrix] {
        let n = inputs.count
        guard n > 0 else { throw NaswiftError.invalidArgument("GP needs at least one training point", hint: "pass observations") }
        guard targets.count == n else {
            throw NaswiftError.invalidArgument("GP has \(n) training inputs but \(targets.count) targets",
                                               hint: "pass one target per training input")
        }
        if let i = targets.firstIndex(where: { !$0.isFinite }) {
            throw NaswiftError(.numerical, "GP target \(i) is \(targets[i])", hint: "remove NaN/Inf targets")
        }
        switch inputs {
        case let .vectors(x, ard):
            guard kernel != .exponential else {
                throw NaswiftError.invalidArgument("the exponential (distance) kernel needs distance-matrix inputs",
                                                   hint: "use .rbf or .matern52 for feature vectors, or pass .distances")
            }
            try GPComponents.validateVectors(x, dimension: nil, what: "GP training inputs")
            return try GPComponents.squared(x, x, ard: ard)
        case let .distances(d):
            guard kernel == .exponential else {
                throw NaswiftError.invalidArgument("the \(kernel.rawValue) kernel needs feature-vector inputs",
                                                   hint: "use the .exponential kernel with distance matrices")
            }
            try GPComponents.validateDistances(d, rows: n, cols: n, square: true, what: "GP training distances")
            return d
        }
    }

    static func standardise(_ y: [Double]) -> (mean: Double, std: Double, z: [Double]) {
        let n = Double(y.count)
        let mean = y.reduce(0, +) / n
        var v = 0.0
        for t in y { v += (t - mean) * (t - mean) }
        var std = (v / n).squareRoot()
        if !(std > 0) { std = 1 }
        return (mean, std, y.map { ($0 - mean) / std })
    }

    static func noisyKernel(_ kernel: GPKernel, _ components: [Matrix], _ hp: GPHyperparameters, _ options: GPOptions) -> Matrix {
        var k = kernel.matrix(components, lengthscales: hp.lengthscales, signalVariance: hp.signalVariance)
        let noise = options.noise(hp.noiseVariance).value
        for i in 0..<k.rows { k[i, i] += noise }
        return k
    }
}

/// A GP posterior over `m` candidates, in standardised target units.
public struct GPPosterior: Sendable {
    /// Posterior mean (length m).
    public let mean: [Double]
    /// Posterior covariance (`m x m`; only the diagonal is filled when `isFull` is false).
    public let covariance: Matrix
    /// Whether `covariance` is the full matrix.
    public let isFull: Bool
    /// The training targets' standardisation (raw = standardised * std + mean).
    public let targetMean: Double
    public let targetStd: Double

    /// Marginal variances (length m).
    public var variance: [Double] { covariance.diagonal }
    /// Marginal standard deviations (length m).
    public var standardDeviation: [Double] { variance.map { $0.squareRoot() } }

    /// The same posterior in raw target units (mean scaled and shifted, covariance times std^2).
    public var destandardised: GPPosterior {
        GPPosterior(mean: mean.map { $0 * targetStd + targetMean }, covariance: (targetStd * targetStd) * covariance,
                    isFull: isFull, targetMean: 0, targetStd: 1)
    }
}
