import NASCore
import NASLinalg

/// A GP surrogate over distance components of encoded architectures (tree-Wasserstein in TW-NAS):
/// kernel `exp(-sum_c D_c / l_c)` (`GPKernel.exponential`), hyper-parameters fitted by marginal
/// likelihood every `refitEvery` posteriors and reused with the new data in between.
///
/// The distances come from the encoding (`distance` per pair, `distances` per block); the
/// training distance matrices grow by one row and column per observation. A GP component may be
/// the sum of several encoding components (`fitComponents`, `predictComponents`: e.g. TW-NAS's
/// shared degree lengthscale `[[0], [1, 2]]`). When the likelihood is fitted on fewer components
/// than the posterior uses, each fit appends lengthscales drawn uniformly from
/// `unfittedLengthscale` (the TW-NAS reference's never-fitted l3). Values are modelled as given
/// (larger is better), standardised by the GP; the posterior is in standardised units.
public struct DistanceGP<Code: Sendable>: Surrogate {
    public struct Settings: Sendable {
        public var kernel: GPKernel = .exponential
        public var gp = GPOptions()
        public var fit = GPFitOptions()
        public var bounds: GPBounds? = nil
        public var refitEvery = 1
        /// GP components as sums of encoding components, for the likelihood fit and the posterior.
        public var fitComponents: [[Int]]
        public var predictComponents: [[Int]]
        public var unfittedLengthscale: ClosedRange<Double>? = nil

        public init(components: Int) {
            fitComponents = (0..<components).map { [$0] }
            predictComponents = fitComponents
        }
    }

    public let settings: Settings
    private let pairDistance: @Sendable (Code, Code) -> [Double]
    private let blockDistances: @Sendable ([Code], [Code]) -> [[Double]]
    private var codes: [Code] = []
    private var values: [Double] = []
    /// Per encoding component, row-major `n x n`.
    private var trainDistances: [[Double]]
    private var fitRNG: SeededGenerator
    /// Hyper-parameters of the last fit, in the posterior's form.
    public private(set) var hyperparameters: GPHyperparameters?
    private var posteriors = 0
    private var seconds: [String: Double] = [:]

    /// `distance(x, y)` gives the encoding components of one pair, `distances(xs, ys)` the
    /// row-major component blocks; `fitRNG` seeds the hyper-parameter fits.
    public init(settings: Settings, components: Int, distance: @escaping @Sendable (Code, Code) -> [Double],
                distances: @escaping @Sendable ([Code], [Code]) -> [[Double]], fitRNG: SeededGenerator) {
        self.settings = settings
        pairDistance = distance
        blockDistances = distances
        trainDistances = Array(repeating: [], count: components)
        self.fitRNG = fitRNG
    }

    public var profile: [String: Double] { seconds }

    public mutating func append(_ code: Code, value: Double) throws {
        let t0 = monotonicSeconds()
        defer { seconds["train_distances_s", default: 0] += monotonicSeconds() - t0 }
        let n = codes.count, m = n + 1
        let row = codes.map { pairDistance(code, $0) }
        for c in trainDistances.indices {
            var next = [Double](repeating: 0, count: m * m)
            let old = trainDistances[c]
            for i in 0..<n {
                for j in 0..<n { next[i * m + j] = old[i * n + j] }
                next[i * m + n] = row[i][c]
                next[n * m + i] = row[i][c]
            }
            trainDistances[c] = next
        }
        codes.append(code)
        values.append(value)
    }

    public mutating func posterior(at candidates: [Code], joint: Bool) throws -> Posterior {
        let gp = try fitted()
        var t0 = monotonicSeconds()
        let cross = try Self.combine(blockDistances(codes, candidates), rows: codes.count, cols: candidates.count,
                                     settings.predictComponents)
        let among = joint ? try Self.combine(blockDistances(candidates, candidates), rows: candidates.count,
                                             cols: candidates.count, settings.predictComponents) : nil
        seconds["candidate_distances_s", default: 0] += monotonicSeconds() - t0
        t0 = monotonicSeconds()
        defer { seconds["predict_s", default: 0] += monotonicSeconds() - t0 }
        let p = try gp.predict(.distances(cross: cross, among: among), fullCovariance: joint)
        return Posterior(mean: p.mean, variance: p.variance, covariance: joint ? p.covariance : nil,
                         incumbent: gp.standardisedTargets.max() ?? 0)
    }

    /// The GP on every observation, refitting the hyper-parameters on schedule.
    private mutating func fitted() throws -> GaussianProcess {
        let n = codes.count
        let inputs = GPInputs.distances(try Self.combine(trainDistances, rows: n, cols: n, settings.predictComponents))
        let t0 = monotonicSeconds()
        defer { posteriors += 1 }
        if let h = hyperparameters, posteriors % settings.refitEvery != 0,
           let gp = try? GaussianProcess(kernel: settings.kernel, inputs: inputs, targets: values, hyperparameters: h,
                                         options: settings.gp) {
            seconds["gp_refactor_s", default: 0] += monotonicSeconds() - t0
            return gp
        }
        defer { seconds["hyperparameter_fit_s", default: 0] += monotonicSeconds() - t0; seconds["fits", default: 0] += 1 }
        let fitInputs = settings.fitComponents == settings.predictComponents
            ? inputs : GPInputs.distances(try Self.combine(trainDistances, rows: n, cols: n, settings.fitComponents))
        let gp = try GaussianProcess.fit(kernel: settings.kernel, inputs: fitInputs, targets: values, bounds: settings.bounds,
                                         options: settings.fit, rng: &fitRNG)
        let missing = settings.predictComponents.count - settings.fitComponents.count
        guard missing > 0, let r = settings.unfittedLengthscale else {
            hyperparameters = gp.hyperparameters
            return gp
        }
        var h = gp.hyperparameters
        for _ in 0..<missing { h.lengthscales.append(r.lowerBound + fitRNG.uniform() * (r.upperBound - r.lowerBound)) }
        hyperparameters = h
        return try GaussianProcess(kernel: settings.kernel, inputs: inputs, targets: values, hyperparameters: h, options: settings.gp)
    }

    /// GP component matrices (`rows x cols`) as sums of the encoding's row-major components.
    static func combine(_ parts: [[Double]], rows: Int, cols: Int, _ groups: [[Int]]) throws -> [Matrix] {
        try groups.map { group in
            var m = try Matrix(rows: rows, cols: cols, storage: parts[group[0]])
            for c in group.dropFirst() { m = try m + Matrix(rows: rows, cols: cols, storage: parts[c]) }
            return m
        }
    }
}
