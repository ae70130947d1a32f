import Foundation
import NASCore
import NASLinalg

/// Bayesian linear regression on fixed basis features (the output layer of DNGO, Snoek et al.
/// 2015; METHODS §2.5): `y = w^T phi(x) + noise`, prior `w ~ N(0, alpha^-1 I)`, noise precision
/// `beta`.
///
/// Shapes: `features` is `N x D` (one row per observation), `targets` has length N. The posterior
/// precision is `A = alpha I + beta Phi^T Phi` (`D x D`), the posterior mean
/// `m = beta A^-1 Phi^T y`. The prediction for a feature row `phi` has mean `m^T phi` and variance
/// `phi^T A^-1 phi + 1 / beta` (noise included, as pybnn returns it).
public struct BayesianLinearRegression: Sendable {
    /// Prior precision of the weights.
    public let alpha: Double
    /// Noise precision.
    public let beta: Double
    /// Posterior mean of the weights (length D).
    public let weights: [Double]
    /// `A^-1` (`D x D`), the posterior covariance of the weights.
    public let covariance: Matrix

    /// The posterior for given `alpha`, `beta` (both > 0).
    public init(features: Matrix, targets: [Double], alpha: Double, beta: Double) throws {
        let post = try Self.posterior(features: features, targets: targets, alpha: alpha, beta: beta)
        self.alpha = alpha
        self.beta = beta
        weights = post.mean
        covariance = try post.factor.inverse()
    }

    /// The posterior with `alpha`, `beta` maximising the log marginal likelihood: Nelder-Mead (as
    /// `scipy.optimize.fmin`) over `(ln alpha, ln beta)`, each kept in `logBounds` (outside it the
    /// objective is +infinity), started at `(0, ln(1 / var(y)))` unless `start` is given.
    public static func fitted(features: Matrix, targets: [Double], logBounds: ClosedRange<Double> = -10...10,
                              start: [Double]? = nil) throws -> BayesianLinearRegression {
        let x0 = start ?? [0, -log(max(variance(targets), 1e-8))].map { min(max($0, logBounds.lowerBound), logBounds.upperBound) }
        let evidence = try Evidence(features: features, targets: targets)
        let result = try NelderMead.minimize(x0) { t in
            guard logBounds.contains(t[0]), logBounds.contains(t[1]) else { return .infinity }
            return -evidence.logMarginalLikelihood(alpha: exp(t[0]), beta: exp(t[1]))
        }
        guard result.value.isFinite else {
            throw NaswiftError(.numerical, "Bayesian linear regression: no finite marginal likelihood in the hyper-parameter box",
                               hint: "check the features for non-finite values")
        }
        return try BayesianLinearRegression(features: features, targets: targets, alpha: exp(result.x[0]), beta: exp(result.x[1]))
    }

    /// The log marginal likelihood as a function of `(alpha, beta)` in O(D) per evaluation: with
    /// `Phi^T Phi = V diag(lambda) V^T` (one eigendecomposition) and `b = V^T Phi^T y`, the posterior
    /// mean in the eigenbasis is `beta b_i / (alpha + beta lambda_i)`, `ln det A = sum ln(alpha +
    /// beta lambda_i)` and `|y - Phi m|^2 = y^T y - 2 m^T Phi^T y + m^T Phi^T Phi m`.
    struct Evidence {
        let lambda: [Double], b: [Double], yy: Double, n: Double

        init(features: Matrix, targets: [Double]) throws {
            guard features.rows == targets.count, features.rows > 0, features.cols > 0 else {
                throw NaswiftError.invalidArgument("Bayesian linear regression: \(features.rows) feature rows but \(targets.count) targets",
                                                   hint: "pass one non-empty feature row per target")
            }
            var gram = try features.multiplied(by: features, transposeSelf: true)
            let d = gram.rows
            for i in 0..<d { for j in 0..<i { let v = (gram[i, j] + gram[j, i]) / 2; gram[i, j] = v; gram[j, i] = v } }
            let eig = try SymmetricEigen(gram)
            lambda = eig.values.map { max($0, 0) }
            b = try eig.vectors.multiplied(by: try features.multiplied(by: targets, transposeSelf: true), transposeSelf: true)
            yy = targets.reduce(0) { $0 + $1 * $1 }
            n = Double(targets.count)
        }

        func logMarginalLikelihood(alpha: Double, beta: Double) -> Double {
            var logDet = 0.0, mm = 0.0, mPhiY = 0.0, mGm = 0.0
            for i in lambda.indices {
                let a = alpha + beta * lambda[i]
                let m = beta * b[i] / a
                logDet += log(a); mm += m * m; mPhiY += m * b[i]; mGm += lambda[i] * m * m
            }
            let sse = max(yy - 2 * mPhiY + mGm, 0)
            let d = Double(lambda.count)
            return d / 2 * log(alpha) + n / 2 * log(beta) - n / 2 * log(2 * Double.pi) - beta / 2 * sse - alpha / 2 * mm - logDet / 2
        }
    }

    /// `ln p(y | alpha, beta) = D/2 ln alpha + N/2 ln beta - N/2 ln 2 pi - beta/2 |y - Phi m|^2
    /// - alpha/2 m^T m - 1/2 ln det A` (Bishop, PRML eq. 3.86).
    public static func logMarginalLikelihood(features: Matrix, targets: [Double], alpha: Double, beta: Double) throws -> Double {
        let post = try posterior(features: features, targets: targets, alpha: alpha, beta: beta)
        let n = Double(features.rows), d = Double(features.cols)
        let fitted = try features.multiplied(by: post.mean)
        var sse = 0.0
        for i in 0..<targets.count { let r = targets[i] - fitted[i]; sse += r * r }
        let mm = post.mean.reduce(0) { $0 + $1 * $1 }
        return d / 2 * log(alpha) + n / 2 * log(beta) - n / 2 * log(2 * Double.pi)
            - beta / 2 * sse - alpha / 2 * mm - post.factor.logDeterminant / 2
    }

    /// Predictive mean and variance for each row of `features` (`M x D`).
    public func predict(_ features: Matrix) throws -> (mean: [Double], variance: [Double]) {
        guard features.cols == weights.count else {
            throw NaswiftError.invalidArgument("Bayesian linear regression: \(features.cols) features per row, the model has \(weights.count)",
                                               hint: "pass the same basis features the model was fitted on")
        }
        let mean = try features.multiplied(by: weights)
        let projected = try features.multiplied(by: covariance)  // M x D
        let d = features.cols
        var variance = [Double](repeating: 1 / beta, count: features.rows)
        projected.storage.withUnsafeBufferPointer { p in
            features.storage.withUnsafeBufferPointer { f in
                for i in 0..<features.rows {
                    var s = 0.0
                    for j in 0..<d { s += p[i * d + j] * f[i * d + j] }
                    variance[i] += max(s, 0)
                }
            }
        }
        return (mean, variance)
    }

    static func posterior(features: Matrix, targets: [Double], alpha: Double, beta: Double) throws -> (mean: [Double], factor: Cholesky) {
        guard features.rows == targets.count, features.rows > 0, features.cols > 0 else {
            throw NaswiftError.invalidArgument("Bayesian linear regression: \(features.rows) feature rows but \(targets.count) targets",
                                               hint: "pass one non-empty feature row per target")
        }
        guard alpha > 0, beta > 0, alpha.isFinite, beta.isFinite else {
            throw NaswiftError.invalidArgument("Bayesian linear regression: alpha \(alpha) and beta \(beta) must be positive and finite",
                                               hint: "use precisions > 0")
        }
        var a = try features.multiplied(by: features, transposeSelf: true)  // D x D
        for k in 0..<a.storage.count { a.storage[k] *= beta }
        for i in 0..<a.rows { a.storage[i * a.cols + i] += alpha }
        let factor = try Cholesky(a, jitter: .standard)
        let phiTy = try features.multiplied(by: targets, transposeSelf: true)
        let mean = try factor.solve(phiTy).map { $0 * beta }
        return (mean, factor)
    }

    static func variance(_ y: [Double]) -> Double {
        guard y.count > 1 else { return 1 }
        let mu = y.reduce(0, +) / Double(y.count)
        return y.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(y.count)
    }
}
