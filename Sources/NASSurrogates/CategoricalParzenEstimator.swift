import Foundation
import NASCore

/// The Parzen estimator of Optuna's TPE sampler (`optuna/samplers/_tpe/parzen_estimator.py`,
/// Optuna 5.x) for categorical parameters: TPE builds one from the good observations (l(x)) and
/// one from the rest (g(x)).
///
/// Observations are value vectors (one choice index per parameter, `nil` where the parameter does
/// not apply), oldest first. With n observations the mixture has n + 1 kernels: one per
/// observation, weighted by `weights(n)` (`optunaWeights`: 1 each up to 25, older ones ramped
/// down beyond), and the prior with weight `priorWeight`, normalised to sum 1. With a = priorWeight
/// / (n + 1), an observation with value v puts probability (a + [c == v]) / (1 + C a) on choice c
/// of a C-way parameter; the prior is uniform (1 / C). Without observations there is one uniform
/// kernel.
///
/// - Independent (`multivariate == false`, Optuna's `multivariate=False`): one 1-D mixture per
///   parameter, over the observations that have a value for it (Optuna drops trials without the
///   parameter). Densities and draws are per parameter; `logDensity(_:)` of a vector is the sum.
/// - Multivariate (Optuna 5's default for one objective): one mixture of product kernels over all
///   parameters; a draw picks a kernel by its weight, then every parameter from that kernel. An
///   observation without a value for a parameter has a uniform factor there (Optuna drops such
///   trials; they only arise here from cells told from outside, see `CategoricalSpace`).
///
/// Shapes: `choiceCounts` [P]; observations [n][P]. Densities are natural logarithms.
public struct CategoricalParzenEstimator: Sendable {
    public let choiceCounts: [Int]
    public let multivariate: Bool
    public let priorWeight: Double
    /// Independent: probability of each choice per parameter, [P][C_p].
    public let marginals: [[Double]]
    /// Multivariate: normalised kernel weights [n + 1] (last = prior) and the kernels' values [n][P].
    let kernelWeights: [Double]
    let kernelValues: [[Int?]]
    /// Multivariate: log of a kernel's probability on its own value, on another value, [P].
    let logHit: [Double], logMiss: [Double]

    /// Optuna's `default_weights(n)`: n ones for n < 25, else `linspace(1/n, 1, n - 25)` followed
    /// by 25 ones (the oldest observation first).
    public static func optunaWeights(_ n: Int) -> [Double] {
        guard n >= 25 else { return [Double](repeating: 1, count: max(n, 0)) }
        let num = n - 25, start = 1.0 / Double(n)
        var ramp = [Double](repeating: 0, count: num)
        if num == 1 { ramp[0] = start }
        if num > 1 {
            let step = (1.0 - start) / Double(num - 1)
            for i in 0..<num { ramp[i] = Double(i) * step + start }
            ramp[num - 1] = 1
        }
        return ramp + [Double](repeating: 1, count: 25)
    }

    /// Normalised mixture weights for `n` observations: `optunaWeights(n)` then the prior.
    static func mixtureWeights(_ n: Int, priorWeight: Double) -> [Double] {
        guard n > 0 else { return [1] }
        let w = optunaWeights(n) + [priorWeight]
        let s = w.reduce(0, +)
        return w.map { $0 / s }
    }

    /// - Parameters:
    ///   - observations: value vectors [n][P], oldest first; values in 0..<choiceCounts[p] or nil.
    ///   - choiceCounts: choices per parameter, each at least 1.
    ///   - multivariate: one joint kernel per observation over all parameters (Optuna's
    ///     `multivariate=True`) instead of one independent estimator per parameter.
    ///   - priorWeight: weight of the prior kernel (Optuna's default 1).
    public init(observations: [[Int?]], choiceCounts: [Int], multivariate: Bool, priorWeight: Double = 1) {
        precondition(priorWeight >= 0 && choiceCounts.allSatisfy { $0 >= 1 })
        precondition(observations.allSatisfy { $0.count == choiceCounts.count })
        self.choiceCounts = choiceCounts
        self.multivariate = multivariate
        self.priorWeight = priorWeight
        let P = choiceCounts.count
        if multivariate {
            let n = observations.count
            kernelWeights = Self.mixtureWeights(n, priorWeight: priorWeight)
            kernelValues = observations
            let a = priorWeight / Double(n + 1)
            logHit = choiceCounts.map { log((a + 1) / (1 + Double($0) * a)) }
            logMiss = choiceCounts.map { log(a / (1 + Double($0) * a)) }
            marginals = []
        } else {
            kernelWeights = []; kernelValues = []; logHit = []; logMiss = []
            marginals = (0..<P).map { p in
                let values = observations.compactMap { $0[p] }
                let C = choiceCounts[p]
                guard !values.isEmpty else { return [Double](repeating: 1 / Double(C), count: C) }
                let mw = Self.mixtureWeights(values.count, priorWeight: priorWeight)
                let a = priorWeight / Double(values.count + 1)
                let rowSum = 1 + Double(C) * a
                // every kernel gives a / rowSum to every choice, plus 1 / rowSum to its own
                // (the prior kernel: a / (C a) = 1 / C when a > 0)
                var probs = [Double](repeating: 0, count: C)
                let obsMass = mw.dropLast().reduce(0, +)
                let prior = mw[mw.count - 1] * (a > 0 ? 1 / Double(C) : 0)
                for c in 0..<C { probs[c] = obsMass * a / rowSum + prior }
                for (k, v) in values.enumerated() { probs[v] += mw[k] / rowSum }
                return probs
            }
        }
    }

    /// Log density of one parameter's value: the parameter's marginal (independent mode) or the
    /// marginal of the product mixture (multivariate mode).
    public func logDensity(parameter p: Int, value c: Int) -> Double {
        if !multivariate { return log(marginals[p][c]) }
        var s = 0.0
        let C = Double(choiceCounts[p])
        for (k, w) in kernelWeights.enumerated() {
            if k < kernelValues.count, let v = kernelValues[k][p] {
                s += w * exp(v == c ? logHit[p] : logMiss[p])
            } else {
                s += w / C
            }
        }
        return log(s)
    }

    /// Log density of a value vector [P]: the mixture of products (multivariate, by log-sum-exp
    /// over kernels as Optuna) or the sum of the parameters' log marginals (independent).
    public func logDensity(_ x: [Int]) -> Double {
        guard multivariate else {
            var s = 0.0
            for p in x.indices { s += log(marginals[p][x[p]]) }
            return s
        }
        var terms = [Double](repeating: 0, count: kernelWeights.count)
        for k in kernelWeights.indices {
            var t = log(kernelWeights[k])
            if k < kernelValues.count {
                let kv = kernelValues[k]
                for p in x.indices {
                    if let v = kv[p] { t += v == x[p] ? logHit[p] : logMiss[p] } else { t -= log(Double(choiceCounts[p])) }
                }
            } else {
                for p in x.indices { t -= log(Double(choiceCounts[p])) }
            }
            terms[k] = t
        }
        let m = terms.max() ?? 0
        guard m > -Double.infinity else { return -Double.infinity }
        var s = 0.0
        for t in terms { s += exp(t - m) }
        return log(s) + m
    }

    /// One draw of parameter `p` from its marginal.
    public func sample<G: RandomNumberGenerator>(parameter p: Int, using rng: inout G) -> Int {
        if multivariate { return sample(using: &rng)[p] }
        return Self.draw(marginals[p], rng.uniform())
    }

    /// One draw of a value vector [P]: a kernel by weight, then each parameter from it
    /// (multivariate), or each parameter from its marginal (independent).
    public func sample<G: RandomNumberGenerator>(using rng: inout G) -> [Int] {
        guard multivariate else { return marginals.map { Self.draw($0, rng.uniform()) } }
        let k = Self.draw(kernelWeights, rng.uniform())
        return choiceCounts.indices.map { p in
            let C = choiceCounts[p]
            let u = rng.uniform()
            guard k < kernelValues.count, let v = kernelValues[k][p] else { return min(Int(u * Double(C)), C - 1) }
            let miss = exp(logMiss[p]), hit = exp(logHit[p])
            return Self.draw((0..<C).map { $0 == v ? hit : miss }, u)
        }
    }

    /// The index where the cumulative sum of `probs` first exceeds `u` (u in [0, 1)); the last
    /// index when rounding leaves the total below u (as Optuna sets its last cumulative to 1).
    static func draw(_ probs: [Double], _ u: Double) -> Int {
        var c = 0.0
        for (i, q) in probs.enumerated() {
            c += q
            if u < c { return i }
        }
        return probs.count - 1
    }
}
