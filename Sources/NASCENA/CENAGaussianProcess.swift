import NASCore
import NASSurrogates

/// CENA's surrogate (METHODS.md section 1.4): a GP with a Matern-5/2 kernel of fixed, isotropic
/// lengthscale (1), signal variance 1 and noise variance (0.1), no hyper-parameter fitting, on
/// embeddings. A code is the `views` embeddings of one cell concatenated (`views * dimension`
/// floats, e.g. 4 x 256); every evaluated cell is `views` training points with the same value,
/// and a candidate's posterior is the mean over its `views` embeddings of the GP's mean and of
/// its variance.
///
/// Targets are raw (zero prior mean, no normalisation: GPy's `GPRegression` as the reference
/// calls it) unless `standardise` is set; either way the posterior is in the told values' units
/// (e.g. accuracy in %), so EI's offset keeps its unit. `incumbent` is the best told value.
public struct CENAGaussianProcess: Surrogate {
    public struct Settings: Sendable, Equatable {
        /// Embeddings per cell and their width.
        public var views: Int
        public var dimension: Int
        public var lengthscale = 1.0
        public var noiseVariance = 0.1
        /// Standardise the targets first (not the reference; see the type's notes).
        public var standardise = false

        public init(views: Int, dimension: Int) {
            self.views = views
            self.dimension = dimension
        }
    }

    public let settings: Settings
    private var x: [[Double]] = []
    private var values: [Double] = []

    public init(settings: Settings) {
        precondition(settings.views >= 1 && settings.dimension >= 1, "CENAGaussianProcess: \(settings.views) views of \(settings.dimension)")
        self.settings = settings
    }

    /// Splits a code into its `views` vectors; throws for a code of the wrong length.
    func split(_ code: [Float]) throws -> [[Double]] {
        let d = settings.dimension
        guard code.count == settings.views * d else {
            throw NaswiftError.invalidArgument("CENA GP: a code of \(code.count) numbers, expected \(settings.views) x \(d)",
                                               hint: "encode cells with the embedding table the strategy was built on")
        }
        return (0..<settings.views).map { v in code[(v * d)..<((v + 1) * d)].map(Double.init) }
    }

    public mutating func append(_ code: [Float], value: Double) throws {
        for v in try split(code) {
            x.append(v)
            values.append(value)
        }
    }

    public mutating func posterior(at candidates: [[Float]], joint: Bool) throws -> Posterior {
        let hp = GPHyperparameters(lengthscales: [settings.lengthscale], signalVariance: 1, noiseVariance: settings.noiseVariance)
        let gp = try GaussianProcess(kernel: .matern52, inputs: .vectors(x), targets: values, hyperparameters: hp,
                                     options: GPOptions(standardiseTargets: settings.standardise))
        let points = try candidates.flatMap { try split($0) }
        let p = try gp.predict(.vectors(points), fullCovariance: false).destandardised
        let k = settings.views
        var mean = [Double](repeating: 0, count: candidates.count), variance = mean
        let pv = p.variance
        for c in candidates.indices {
            for v in 0..<k {
                mean[c] += p.mean[c * k + v] / Double(k)
                variance[c] += pv[c * k + v] / Double(k)
            }
        }
        return Posterior(mean: mean, variance: variance, incumbent: values.max() ?? 0)
    }
}
