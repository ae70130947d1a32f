import NASCore
import NASLinalg

/// DNGO (Snoek et al. 2015) as a surrogate on vector codes: at every posterior a fresh `DNGO`
/// (tanh network trained by Adam, Bayesian linear regression on its last hidden layer) is fitted
/// on the observations, values divided by `valueScale` (arch2vec's targets are fractions), and
/// predicts the candidates in blocks of 4,096 rows (the basis is block x hidden).
///
/// Fit `i` (0, 1, ...) is seeded with `seed &+ i &* 0x9E3779B9`. The posterior is in the scaled
/// units: mean and predictive variance (noise included).
public struct DNGOSurrogate: Surrogate {
    public let settings: DNGO.Settings
    public let valueScale: Double
    public let seed: UInt64
    private var x: [Double] = []
    private var values: [Double] = []
    private var dimension = 0
    /// Fits so far.
    public private(set) var fits = 0

    public init(settings: DNGO.Settings, valueScale: Double = 1, seed: UInt64) {
        self.settings = settings
        self.valueScale = valueScale
        self.seed = seed
    }

    public mutating func append(_ code: [Float], value: Double) throws {
        if values.isEmpty { dimension = code.count }
        guard code.count == dimension, dimension > 0 else {
            throw NaswiftError.invalidArgument("DNGO surrogate: code of \(code.count) features, expected \(dimension)",
                                               hint: "encode every architecture with the same vector encoding")
        }
        x += code.map(Double.init)
        values.append(value / valueScale)
    }

    public mutating func posterior(at candidates: [[Float]], joint: Bool) throws -> Posterior {
        let d = dimension
        let model = try DNGO(inputs: try Matrix(rows: values.count, cols: d, storage: x), targets: values, settings: settings,
                             seed: seed &+ UInt64(fits) &* 0x9E37_79B9)
        fits += 1
        var mean: [Double] = [], variance: [Double] = []
        mean.reserveCapacity(candidates.count); variance.reserveCapacity(candidates.count)
        let block = 4096
        var start = 0
        while start < candidates.count {
            let rows = candidates[start..<min(start + block, candidates.count)]
            let xc = try Matrix(rows: rows.count, cols: d, storage: rows.flatMap { $0.map(Double.init) })
            let p = try model.predict(xc)
            mean += p.mean
            variance += p.variance
            start += block
        }
        return Posterior(mean: mean, variance: variance, incumbent: values.max() ?? 0)
    }
}
