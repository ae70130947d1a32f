import Foundation
import NASCore
import NASLinalg

/// Stationary kernels of `GaussianProcess`, written as `k = signalVariance * g(s)` where
/// `s = sum_c C_c / l_c^p` combines the kernel's component matrices `C_c` with one lengthscale
/// `l_c` each (see `GPInputs`):
///
/// * `.rbf`:       `g(s) = exp(-s/2)`, components are squared differences (p = 2);
/// * `.matern52`:  `g(s) = (1 + sqrt(5s) + 5s/3) exp(-sqrt(5s))` with `s = r^2`, p = 2;
/// * `.exponential`: `g(s) = exp(-s)`, components are (already negative-definite) distances
///   `d_c`, p = 1: `k = alpha * exp(-sum_c d_c / l_c)` (the tree-Wasserstein kernel of METHODS §3.3).
public enum GPKernel: String, Sendable, CaseIterable {
    case rbf, matern52, exponential

    /// The power `p` of the lengthscale in `s`.
    var lengthscalePower: Double { self == .exponential ? 1 : 2 }

    /// `g(s)`.
    @inline(__always)
    func g(_ s: Double) -> Double {
        switch self {
        case .rbf: return exp(-0.5 * s)
        case .exponential: return exp(-s)
        case .matern52:
            let r5 = (5 * max(s, 0)).squareRoot()
            return (1 + r5 + 5 * s / 3) * exp(-r5)
        }
    }

    /// `dg/ds`.
    @inline(__always)
    func dg(_ s: Double) -> Double {
        switch self {
        case .rbf: return -0.5 * exp(-0.5 * s)
        case .exponential: return -exp(-s)
        case .matern52:
            let r5 = (5 * max(s, 0)).squareRoot()
            return -(5.0 / 6.0) * (1 + r5) * exp(-r5)
        }
    }

    /// The scaled sum `s` (`rows x cols`) of the component matrices.
    func scaledSum(_ components: [Matrix], lengthscales: [Double]) -> Matrix {
        var s = Matrix(rows: components[0].rows, cols: components[0].cols)
        let p = lengthscalePower
        s.storage.withUnsafeMutableBufferPointer { sp in
            for (c, comp) in components.enumerated() {
                let w = 1 / pow(lengthscales[c], p)
                comp.storage.withUnsafeBufferPointer { cp in
                    for i in 0..<sp.count { sp[i] += w * cp[i] }
                }
            }
        }
        return s
    }

    /// Replaces every element `s` of `m` by `signalVariance * g(s)`.
    func applyKernel(_ m: inout Matrix, signalVariance: Double) {
        m.storage.withUnsafeMutableBufferPointer { p in
            switch self {
            case .exponential: for i in 0..<p.count { p[i] = signalVariance * exp(-p[i]) }
            case .rbf: for i in 0..<p.count { p[i] = signalVariance * exp(-0.5 * p[i]) }
            case .matern52: for i in 0..<p.count { p[i] = signalVariance * g(p[i]) }
            }
        }
    }

    /// The kernel matrix `signalVariance * g(s)` over component matrices.
    func matrix(_ components: [Matrix], lengthscales: [Double], signalVariance: Double) -> Matrix {
        var k = scaledSum(components, lengthscales: lengthscales)
        applyKernel(&k, signalVariance: signalVariance)
        return k
    }
}
