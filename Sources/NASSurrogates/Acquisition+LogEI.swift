import Foundation
import NASLinalg

extension Acquisition {
    /// `log EI` for improvement `imp` (e.g. `mean - target` when maximising) and spread `s > 0`,
    /// where `EI = imp Phi(imp/s) + s phi(imp/s) = s h(u)`, `u = imp / s`, `h(u) = phi(u) + u Phi(u)`.
    ///
    /// Stays finite where EI itself underflows to 0 (u below about -38), so candidates far below a
    /// fixed target are still ranked by their EI instead of tying: for `u < -10` it uses the
    /// asymptotic series `h(u) = phi(u) / u^2 (1 - 3/u^2 + 15/u^4 - 105/u^6)` (relative error
    /// below 1e-5 there). `s <= 0` gives `log(max(imp, 0))`.
    public static func logExpectedImprovement(improvement imp: Double, spread s: Double) -> Double {
        guard s > 0 else { return imp > 0 ? log(imp) : -.infinity }
        let u = imp / s
        if u >= -10 {
            return log(s) + log(max(Normal.pdf(u) + u * Normal.cdf(u), .leastNonzeroMagnitude))
        }
        let u2 = u * u
        let series = 1 - 3 / u2 + 15 / (u2 * u2) - 105 / (u2 * u2 * u2)
        return log(s) + Normal.logpdf(u) - 2 * log(-u) + log(series)
    }
}
