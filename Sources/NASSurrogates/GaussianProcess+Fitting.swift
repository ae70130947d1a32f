import Foundation
import NASCore
import NASLinalg

/// Settings of marginal-likelihood fitting (defaults: METHODS §3.3).
public struct GPFitOptions: Sendable, Equatable {
    /// Independent L-BFGS-B runs; the best log marginal likelihood wins.
    public var restarts: Int = 4
    /// Each restart starts from the best of this many uniform draws in the box.
    public var drawsPerRestart: Int = 30
    /// Where the start draws are uniform: in log space (default; covers wide boxes such as
    /// [0.1, 20] evenly) or in the raw box (the TW-NAS reference's `np.random.uniform`).
    public var drawScale: DrawScale = .logUniform

    public enum DrawScale: Sendable, Equatable { case logUniform, rawUniform }
    /// L-BFGS-B iteration limit per restart.
    public var maxIterations: Int = 200
    /// How each restart climbs the likelihood.
    public var optimiser: Optimiser = .logAnalytic
    /// Options of the fitted GP (its posterior).
    public var gp = GPOptions()
    /// Options of the likelihood while fitting, when they differ from `gp` (the TW-NAS reference's
    /// likelihood has no sigma^4 noise term, its posterior has; `GPOptions.referenceNoiseQuirk`).
    public var likelihoodGP: GPOptions?

    public enum Optimiser: Sendable, Equatable {
        /// L-BFGS-B over the log hyper-parameters with the analytic gradient (default).
        case logAnalytic
        /// The TW-NAS reference's `scipy.optimize.minimize(method="L-BFGS-B")` without a gradient:
        /// L-BFGS-B over the raw hyper-parameters in the box, gradients by forward differences with
        /// step 1e-8 (backward at the upper bound), stopping after the first iteration at which more
        /// than `maxEvaluations` likelihood evaluations, finite-difference ones included, were spent
        /// (scipy's `maxfun`).
        case rawFiniteDifference(maxEvaluations: Int)
    }

    public init(restarts: Int = 4, drawsPerRestart: Int = 30, drawScale: DrawScale = .logUniform, maxIterations: Int = 200,
                optimiser: Optimiser = .logAnalytic, gp: GPOptions = GPOptions(), likelihoodGP: GPOptions? = nil) {
        self.restarts = restarts; self.drawsPerRestart = drawsPerRestart; self.drawScale = drawScale
        self.maxIterations = maxIterations; self.optimiser = optimiser; self.gp = gp; self.likelihoodGP = likelihoodGP
    }
}

extension GaussianProcess {
    /// Fits the hyper-parameters by maximising the log marginal likelihood within `bounds`
    /// (type-II maximum likelihood) and returns the GP at the best hyper-parameters.
    ///
    /// Each of `restarts` runs draws `drawsPerRestart` points uniformly in the box (log or raw
    /// scale, `drawScale`), starts from the best, and runs L-BFGS-B with the analytic gradient over the
    /// LOG hyper-parameters (bounds `log lower ... log upper`; better scaled than the raw box, same
    /// feasible set). Fixed parameters (`lower == upper`) are not optimised. All randomness from `rng`.
    /// `bounds` defaults to `GPBounds.defaults(kernel:components:)` (METHODS §3.3 for the
    /// three-distance exponential kernel).
    public static func fit(kernel: GPKernel, inputs: GPInputs, targets: [Double], bounds: GPBounds? = nil,
                           options: GPFitOptions = GPFitOptions(),
                           rng: inout SeededGenerator) throws -> GaussianProcess {
        let components = try trainingComponents(kernel: kernel, inputs: inputs, targets: targets)
        let bounds = bounds ?? GPBounds.defaults(kernel: kernel, components: components.count)
        try bounds.validate(components: components.count)
        guard options.restarts >= 1, options.drawsPerRestart >= 1, options.maxIterations >= 1 else {
            throw NaswiftError.invalidArgument("GP fitting needs restarts, draws per restart and iterations >= 1",
                                               hint: "defaults: 4 restarts, 30 draws, 200 iterations")
        }
        if case .rawFiniteDifference(let m) = options.optimiser, m < 1 {
            throw NaswiftError.invalidArgument("GP fitting by finite differences needs at least 1 evaluation, got \(m)",
                                               hint: "the TW-NAS reference allowed 200")
        }
        let likelihoodOptions = options.likelihoodGP ?? options.gp
        let z = standardise(targets).z
        let ranges = bounds.all
        let free = ranges.indices.filter { ranges[$0].lowerBound < ranges[$0].upperBound }
        let fixedLog = ranges.map { log($0.lowerBound) }
        func full(_ freeLog: [Double]) -> [Double] {
            var t = fixedLog
            for (a, i) in free.enumerated() { t[i] = freeLog[a] }
            return t
        }
        func hyper(_ logs: [Double]) -> GPHyperparameters {
            // exp(log(bound)) can miss the bound by an ulp: clamp back into the raw box.
            let raw = logs.indices.map { min(max(exp(logs[$0]), ranges[$0].lowerBound), ranges[$0].upperBound) }
            let c = components.count
            return GPHyperparameters(lengthscales: Array(raw[0..<c]), signalVariance: raw[c], noiseVariance: raw[c + 1])
        }
        /// The climbed likelihood at free log hyper-parameters (nil where the kernel matrix fails).
        func likelihood(_ freeLog: [Double], gradient: Bool) -> (value: Double, gradient: [Double])? {
            try? logMarginalLikelihood(kernel: kernel, components: components, z: z, hyperparameters: hyper(full(freeLog)),
                                       options: likelihoodOptions, gradient: gradient)
        }
        var best: (lml: Double, logs: [Double])? = nil
        if free.isEmpty {
            best = (0, fixedLog)
        } else {
            let lower = free.map { log(ranges[$0].lowerBound) }, upper = free.map { log(ranges[$0].upperBound) }
            for _ in 0..<options.restarts {
                var start: (Double, [Double])? = nil
                for _ in 0..<options.drawsPerRestart {
                    let logs: [Double]
                    switch options.drawScale {
                    case .logUniform:
                        logs = free.indices.map { a in lower[a] + rng.uniform() * (upper[a] - lower[a]) }
                    case .rawUniform:
                        logs = free.map { i in log(ranges[i].lowerBound + rng.uniform() * (ranges[i].upperBound - ranges[i].lowerBound)) }
                    }
                    guard let v = likelihood(logs, gradient: false)?.value else { continue }
                    if start == nil || v > start!.0 { start = (v, logs) }
                }
                guard let (_, x0) = start else { continue }
                let failed = Double.greatestFiniteMagnitude.squareRoot()
                let result: (lml: Double, logs: [Double])
                switch options.optimiser {
                case .logAnalytic:
                    let r = try LBFGSB.minimize(x0, lower: lower, upper: upper,
                                                options: LBFGSB.Options(maxIterations: options.maxIterations)) { freeLog in
                        guard let r = likelihood(freeLog, gradient: true) else {
                            return (failed, [Double](repeating: 0, count: freeLog.count))
                        }
                        return (-r.value, free.map { -r.gradient[$0] })
                    }
                    result = (-r.value, r.x)
                case .rawFiniteDifference(let maxEvaluations):
                    func negLML(_ raw: [Double]) -> Double {
                        let v = likelihood(raw.map { log($0) }, gradient: false)?.value
                        return v.map { $0.isFinite ? -$0 : failed } ?? failed
                    }
                    let rawLower = free.map { ranges[$0].lowerBound }, rawUpper = free.map { ranges[$0].upperBound }
                    // Each value-and-gradient call spends 1 + (free parameters) evaluations; scipy
                    // stops once more than maxfun were spent, so the call limit is the first count above.
                    let calls = maxEvaluations / (1 + free.count) + 1
                    let r = try LBFGSB.minimize(x0.map { exp($0) }, lower: rawLower, upper: rawUpper,
                                                options: LBFGSB.Options(maxIterations: options.maxIterations, maxEvaluations: calls)) { raw in
                        let f0 = negLML(raw)
                        let g = raw.indices.map { i -> Double in
                            var x = raw
                            let h = x[i] + 1e-8 > rawUpper[i] ? -1e-8 : 1e-8
                            x[i] += h
                            return (negLML(x) - f0) / h
                        }
                        return (f0, g)
                    }
                    result = (-r.value, r.x.map { log($0) })
                }
                if best == nil || result.lml > best!.lml { best = (result.lml, full(result.logs)) }
            }
        }
        guard let best else {
            throw NaswiftError(.numerical, "GP fitting failed: the kernel matrix was not positive definite at any sampled hyper-parameters",
                               hint: "check the inputs (duplicate points need noise > 0) and the bounds")
        }
        return try GaussianProcess(kernel: kernel, inputs: inputs, targets: targets, hyperparameters: hyper(best.logs),
                                   options: options.gp)
    }

    /// Log marginal likelihood of this GP's standardised targets and its gradient with respect to
    /// the log hyper-parameters, ordered (log l_1, ..., log l_c, log signalVariance, log noiseVariance).
    public func logMarginalLikelihoodGradient() throws -> [Double] {
        try Self.logMarginalLikelihood(kernel: kernel, components: components, z: standardisedTargets,
                                       hyperparameters: hyperparameters, options: options, gradient: true).gradient
    }

    /// The log marginal likelihood of standardised targets `z` (and, if asked, its gradient by the
    /// log hyper-parameters): with `W = alpha alpha^T - Ky^-1`, `dLML/dtheta = tr(W dKy/dtheta) / 2`.
    static func logMarginalLikelihood(kernel: GPKernel, components: [Matrix], z: [Double],
                                      hyperparameters hp: GPHyperparameters, options: GPOptions,
                                      gradient: Bool) throws -> (value: Double, gradient: [Double]) {
        let n = z.count
        let s = kernel.scaledSum(components, lengthscales: hp.lengthscales)
        var ky = s
        kernel.applyKernel(&ky, signalVariance: hp.signalVariance)
        let kNoNoise = ky
        let noise = options.noise(hp.noiseVariance)
        for i in 0..<n { ky[i, i] += noise.value }
        let chol = try Cholesky(ky, jitter: options.jitter)
        let alpha = try chol.solve(z)
        let value = -0.5 * zip(z, alpha).reduce(0) { $0 + $1.0 * $1.1 } - 0.5 * chol.logDeterminant
            - 0.5 * Double(n) * log(2 * Double.pi)
        guard gradient else { return (value, []) }
        // W = alpha alpha^T - Ky^-1, then each gradient entry is a trace tr(W dKy) / 2 = sum(W .* dKy) / 2.
        var w = try chol.inverse()
        w.storage.withUnsafeMutableBufferPointer { wp in
            for i in 0..<n { let ai = alpha[i]; for j in 0..<n { wp[i * n + j] = ai * alpha[j] - wp[i * n + j] } }
        }
        var grad: [Double] = []
        // d k / d log l_c = sigma^2 g'(s) * (-p C_c / l_c^p); first W .* sigma^2 g'(s).
        let p = kernel.lengthscalePower
        var wdg = s
        wdg.storage.withUnsafeMutableBufferPointer { dp in
            w.storage.withUnsafeBufferPointer { wp in
                for i in 0..<dp.count { dp[i] = wp[i] * hp.signalVariance * kernel.dg(dp[i]) }
            }
        }
        for (c, comp) in components.enumerated() {
            let scale = -p / pow(hp.lengthscales[c], p)
            let t = wdg.storage.withUnsafeBufferPointer { dp in
                comp.storage.withUnsafeBufferPointer { cp in
                    var t = 0.0
                    for i in 0..<dp.count { t += dp[i] * cp[i] }
                    return t
                }
            }
            grad.append(0.5 * scale * t)
        }
        let tk = w.storage.withUnsafeBufferPointer { wp in
            kNoNoise.storage.withUnsafeBufferPointer { kp in
                var t = 0.0
                for i in 0..<wp.count { t += wp[i] * kp[i] }
                return t
            }
        }
        grad.append(0.5 * tk)                                   // d/d log signalVariance
        var tr = 0.0
        for i in 0..<n { tr += w[i, i] }
        grad.append(0.5 * noise.dLog * tr)                      // d/d log noiseVariance
        return (value, grad)
    }
}
