import Foundation

/// The standard normal distribution N(0, 1): density, log-density, CDF and survival function.
///
/// Tails use `erfc`, so `cdf(-30)` is accurate to full relative precision instead of rounding to 0.
public enum Normal {
    /// `log(sqrt(2 * pi))`.
    public static let logSqrt2Pi = 0.5 * log(2 * Double.pi)

    /// Density `exp(-x^2 / 2) / sqrt(2 pi)`.
    @inlinable public static func pdf(_ x: Double) -> Double { exp(-0.5 * x * x - logSqrt2Pi) }

    /// Log-density `-x^2 / 2 - log(sqrt(2 pi))`.
    @inlinable public static func logpdf(_ x: Double) -> Double { -0.5 * x * x - logSqrt2Pi }

    /// `P(X <= x) = erfc(-x / sqrt 2) / 2` (accurate in the lower tail).
    public static func cdf(_ x: Double) -> Double { halfErfcScaled(-x) }

    /// `P(X > x) = erfc(x / sqrt 2) / 2` (accurate in the upper tail).
    public static func sf(_ x: Double) -> Double { halfErfcScaled(x) }

    /// `erfc(v / sqrt 2) / 2` with the rounding error of `v / sqrt 2` corrected to first order.
    ///
    /// `erfc(z)` decays like `exp(-z^2)`, so a relative error `delta` in `z` becomes a relative
    /// error `2 z^2 delta` in the result (1e-13 at z = 21 without the correction).
    static func halfErfcScaled(_ v: Double) -> Double {
        let c = 0.7071067811865476, cLow = -4.833646656726457e-17   // 1/sqrt 2 = c + cLow
        let z = v * c
        let dz = fmaResidual(v, c, z) + v * cLow                     // exact z = z + dz
        // erfc(z + dz) = erfc(z) - dz * 2/sqrt(pi) * exp(-z^2) + O(dz^2)
        return 0.5 * (erfc(z) - dz * (2 / Double.pi.squareRoot()) * exp(-z * z))
    }

    /// The exact residual `a * b - p` of the rounded product `p = a * b` (fused multiply-add).
    @inline(__always) static func fmaResidual(_ a: Double, _ b: Double, _ p: Double) -> Double {
        (-p).addingProduct(a, b)
    }

    /// `log P(X <= x)`, finite far into the lower tail (asymptotic series once `erfc` underflows).
    public static func logcdf(_ x: Double) -> Double {
        if x > -35 { return x > 5 ? log1p(-sf(x)) : log(cdf(x)) }
        // Mills ratio: Phi(x) = phi(x)/|x| * (1 - 1/x^2 + 3/x^4 - 15/x^6 + 105/x^8 - 945/x^10 ...);
        // at x <= -35 the first omitted term is below 2e-15.
        let z2 = 1 / (x * x)
        let series = 1 - z2 * (1 - 3 * z2 * (1 - 5 * z2 * (1 - 7 * z2 * (1 - 9 * z2))))
        return logpdf(x) - log(-x) + log(series)
    }
}
