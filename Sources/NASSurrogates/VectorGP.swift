import NASCore
import NASLinalg

/// A GP surrogate on vector codes (`[Float]`, e.g. latent embeddings): RBF or Matern-5/2 kernel on
/// squared Euclidean distances, with fixed hyper-parameters (CENA's Matern-5/2, lengthscale 1,
/// noise 0.1) or, when `fit` is set, hyper-parameters fitted by marginal likelihood every
/// `refitEvery` posteriors. Values are modelled as given (larger is better) and standardised by the
/// GP; the posterior is in standardised units.
public struct VectorGP: Surrogate {
    public struct Settings: Sendable {
        public var kernel: GPKernel = .matern52
        /// Used as given when `fit` is nil, else as the hyper-parameters before the first fit.
        public var hyperparameters = GPHyperparameters(lengthscales: [1], noiseVariance: 0.1)
        /// Marginal-likelihood fitting (nil: fixed hyper-parameters) and its box.
        public var fit: GPFitOptions? = nil
        public var bounds: GPBounds? = nil
        public var refitEvery = 1
        public var gp = GPOptions()
        public init() {}
    }

    public let settings: Settings
    private var x: [[Double]] = []
    private var values: [Double] = []
    private var fitRNG: SeededGenerator
    private var posteriors = 0
    /// Hyper-parameters of the last posterior.
    public private(set) var hyperparameters: GPHyperparameters

    public init(settings: Settings, fitRNG: SeededGenerator = SeededGenerator(seed: 0)) {
        self.settings = settings
        self.fitRNG = fitRNG
        hyperparameters = settings.hyperparameters
    }

    public mutating func append(_ code: [Float], value: Double) throws {
        x.append(code.map(Double.init))
        values.append(value)
    }

    public mutating func posterior(at candidates: [[Float]], joint: Bool) throws -> Posterior {
        let inputs = GPInputs.vectors(x)
        defer { posteriors += 1 }
        let gp: GaussianProcess
        if let fit = settings.fit, posteriors % settings.refitEvery == 0 {
            gp = try GaussianProcess.fit(kernel: settings.kernel, inputs: inputs, targets: values, bounds: settings.bounds,
                                         options: fit, rng: &fitRNG)
            hyperparameters = gp.hyperparameters
        } else {
            gp = try GaussianProcess(kernel: settings.kernel, inputs: inputs, targets: values, hyperparameters: hyperparameters,
                                     options: settings.gp)
        }
        let p = try gp.predict(.vectors(candidates.map { $0.map(Double.init) }), fullCovariance: joint)
        return Posterior(mean: p.mean, variance: p.variance, covariance: joint ? p.covariance : nil,
                         incumbent: gp.standardisedTargets.max() ?? 0)
    }
}
