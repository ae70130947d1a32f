// Over 300 lines on purpose: one algorithm (generalised Cauchy point, subspace minimisation and the
// line search share the limited-memory state); split into files it would scatter that state.
import CBLAS
import Foundation
import NASCore

/// L-BFGS-B: limited-memory BFGS with simple bounds `lower <= x <= upper`
/// (Byrd, Lu, Nocedal & Zhu 1995, with the Morales-Nocedal 2011 projected subspace step).
///
/// Each iteration (1) finds the generalized Cauchy point of the compact limited-memory model
/// `B = theta I - W M W^T` along the projected steepest-descent path, (2) minimises the model over
/// the variables that are free at the Cauchy point (dense solve of the reduced system, which is
/// fine for the small problems naswift has: n up to a few hundred), projecting the result into the
/// box (falling back to the truncated step if the projection is not a descent direction), and
/// (3) runs a strong-Wolfe line search (c1 = 1e-3, c2 = 0.9 as scipy) along the resulting feasible
/// direction. Stopping rules match scipy's `minimize(method="L-BFGS-B")` defaults: projected
/// gradient max-norm <= `pgtol` (1e-5) or relative decrease <= `factr * eps` (factr 1e7).
public enum LBFGSB {
    public struct Options: Sendable {
        /// Number of correction pairs kept (scipy `maxcor`).
        public var memory: Int = 10
        /// Stop when the projected gradient's max-norm is <= pgtol (scipy `gtol`).
        public var pgtol: Double = 1e-5
        /// Stop when `(f_k - f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) <= factr * eps` (scipy `factr`).
        public var factr: Double = 1e7
        public var maxIterations: Int = 15000
        public var maxEvaluations: Int = 15000
        /// Function evaluations allowed per line search.
        public var maxLineSearchEvaluations: Int = 20
        public init(memory: Int = 10, pgtol: Double = 1e-5, factr: Double = 1e7, maxIterations: Int = 15000,
                    maxEvaluations: Int = 15000, maxLineSearchEvaluations: Int = 20) {
            self.memory = memory; self.pgtol = pgtol; self.factr = factr; self.maxIterations = maxIterations
            self.maxEvaluations = maxEvaluations; self.maxLineSearchEvaluations = maxLineSearchEvaluations
        }
    }

    public enum Stop: String, Sendable {
        case projectedGradient = "projected gradient below pgtol"
        case relativeReduction = "relative reduction of f below factr * eps"
        case iterationLimit = "iteration limit reached"
        case evaluationLimit = "evaluation limit reached"
        case lineSearchFailed = "line search could not decrease f"
    }

    public struct Result: Sendable {
        /// Best point (length n, inside the bounds).
        public let x: [Double]
        public let value: Double
        public let gradient: [Double]
        public let iterations: Int
        public let evaluations: Int
        public let stop: Stop
        /// True for the two tolerance-based stops.
        public var converged: Bool { stop == .projectedGradient || stop == .relativeReduction }
    }

    /// Minimises `f` (the closure returns the value and the gradient, length n) from `x0` within
    /// the bounds (nil or +-infinity entries: unbounded). `x0` is clipped into the box first.
    /// Throws on bad bounds, non-finite starting values or a gradient of the wrong length.
    public static func minimize(_ x0: [Double], lower: [Double]? = nil, upper: [Double]? = nil,
                                options: Options = Options(),
                                _ f: ([Double]) throws -> (Double, [Double])) throws -> Result {
        let n = x0.count
        guard n > 0 else { throw NaswiftError.invalidArgument("L-BFGS-B needs at least one variable", hint: "pass a non-empty x0") }
        let lo = lower ?? [Double](repeating: -.infinity, count: n)
        let hi = upper ?? [Double](repeating: .infinity, count: n)
        guard lo.count == n, hi.count == n else {
            throw NaswiftError.invalidArgument("L-BFGS-B bounds have lengths \(lo.count) and \(hi.count) for \(n) variables",
                                               hint: "pass one lower and one upper bound per variable")
        }
        for i in 0..<n where !(lo[i] <= hi[i]) || lo[i].isNaN || hi[i].isNaN {
            throw NaswiftError.invalidArgument("L-BFGS-B bound \(i) is empty: lower \(lo[i]) > upper \(hi[i])",
                                               hint: "each lower bound must be <= its upper bound")
        }
        guard options.memory >= 1 else {
            throw NaswiftError.invalidArgument("L-BFGS-B memory must be >= 1, got \(options.memory)", hint: "use 5-20")
        }
        try requireFinite(x0, "L-BFGS-B starting point")
        return try withoutActuallyEscaping(f) { fe in
            var problem = Problem(n: n, lower: lo, upper: hi, options: options, f: fe)
            return try problem.run(x0)
        }
    }

    /// Projected gradient max-norm (scipy's `projgr`).
    static func projectedGradientNorm(_ x: [Double], _ g: [Double], _ lo: [Double], _ hi: [Double]) -> Double {
        var m = 0.0
        for i in x.indices {
            var gi = g[i]
            if gi < 0 { gi = max(x[i] - hi[i], gi) } else { gi = min(x[i] - lo[i], gi) }
            m = max(m, abs(gi))
        }
        return m
    }

    /// The working state of one minimisation.
    struct Problem {
        let n: Int
        let lower: [Double], upper: [Double]
        let options: Options
        let f: ([Double]) throws -> (Double, [Double])
        var evaluations = 0
        var s: [[Double]] = [], y: [[Double]] = []
        var theta = 1.0
        /// W = [Y, theta S] (n x 2k, row-major) and M (2k x 2k) of the compact form.
        var w = Matrix(rows: 0, cols: 0), m = Matrix(rows: 0, cols: 0)

        init(n: Int, lower: [Double], upper: [Double], options: Options, f: @escaping ([Double]) throws -> (Double, [Double])) {
            self.n = n; self.lower = lower; self.upper = upper; self.options = options; self.f = f
        }

        mutating func evaluate(_ x: [Double]) throws -> (Double, [Double]) {
            evaluations += 1
            let (v, g) = try f(x)
            guard g.count == n else {
                throw NaswiftError.invalidArgument("L-BFGS-B objective returned a gradient of length \(g.count) for \(n) variables",
                                                   hint: "return one partial derivative per variable")
            }
            return (v, g)
        }

        func clip(_ x: [Double]) -> [Double] { (0..<n).map { min(max(x[$0], lower[$0]), upper[$0]) } }

        mutating func run(_ x0: [Double]) throws -> Result {
            var x = clip(x0)
            var (fx, g) = try evaluate(x)
            guard fx.isFinite, g.allSatisfy(\.isFinite) else {
                throw NaswiftError(.numerical, "L-BFGS-B objective is not finite at the starting point (f = \(fx))",
                                   hint: "start from a point where the objective and its gradient are finite")
            }
            var iterations = 0
            let eps = Double.ulpOfOne
            while true {
                if LBFGSB.projectedGradientNorm(x, g, lower, upper) <= options.pgtol {
                    return Result(x: x, value: fx, gradient: g, iterations: iterations, evaluations: evaluations, stop: .projectedGradient)
                }
                if iterations >= options.maxIterations {
                    return Result(x: x, value: fx, gradient: g, iterations: iterations, evaluations: evaluations, stop: .iterationLimit)
                }
                if evaluations >= options.maxEvaluations {
                    return Result(x: x, value: fx, gradient: g, iterations: iterations, evaluations: evaluations, stop: .evaluationLimit)
                }
                var step = try searchPoint(x, g)
                var d = (0..<n).map { step[$0] - x[$0] }
                var gd = zip(g, d).reduce(0) { $0 + $1.0 * $1.1 }
                if !(gd < 0), !s.isEmpty {
                    resetMemory()
                    step = try searchPoint(x, g)
                    d = (0..<n).map { step[$0] - x[$0] }
                    gd = zip(g, d).reduce(0) { $0 + $1.0 * $1.1 }
                }
                guard gd < 0 else {
                    return Result(x: x, value: fx, gradient: g, iterations: iterations, evaluations: evaluations, stop: .projectedGradient)
                }
                // Largest feasible step along d (>= 1 because x + d is feasible).
                var stpmax = 1e10
                for i in 0..<n where d[i] != 0 {
                    let t = d[i] > 0 ? (upper[i] - x[i]) / d[i] : (lower[i] - x[i]) / d[i]
                    stpmax = min(stpmax, t)
                }
                stpmax = max(stpmax, 1)
                let boxed = (0..<n).allSatisfy { lower[$0].isFinite && upper[$0].isFinite }
                let dnorm = d.reduce(0) { $0 + $1 * $1 }.squareRoot()
                let initial = (iterations == 0 && !boxed) ? min(1 / dnorm, stpmax) : 1
                guard let (xn, fn, gn) = try lineSearch(x, fx, g, d, gd, initial: initial, stpmax: stpmax) else {
                    if !s.isEmpty { resetMemory(); continue }
                    return Result(x: x, value: fx, gradient: g, iterations: iterations, evaluations: evaluations, stop: .lineSearchFailed)
                }
                iterations += 1
                let sk = (0..<n).map { xn[$0] - x[$0] }
                let yk = (0..<n).map { gn[$0] - g[$0] }
                let fOld = fx
                x = xn; fx = fn; g = gn
                if (fOld - fx) <= options.factr * eps * max(abs(fOld), abs(fx), 1) {
                    return Result(x: x, value: fx, gradient: g, iterations: iterations, evaluations: evaluations, stop: .relativeReduction)
                }
                let sy = zip(sk, yk).reduce(0) { $0 + $1.0 * $1.1 }
                let yy = yk.reduce(0) { $0 + $1 * $1 }
                if sy > eps * yy {
                    s.append(sk); y.append(yk)
                    if s.count > options.memory { s.removeFirst(); y.removeFirst() }
                    theta = yy / sy
                    try buildCompactForm()
                }
            }
        }

        mutating func resetMemory() {
            s = []; y = []; theta = 1
            w = Matrix(rows: 0, cols: 0); m = Matrix(rows: 0, cols: 0)
        }

        /// W = [Y, theta S] and M = [[-D, L^T], [L, theta S^T S]]^-1.
        mutating func buildCompactForm() throws {
            let k = s.count
            var wm = Matrix(rows: n, cols: 2 * k)
            for j in 0..<k { for i in 0..<n { wm[i, j] = y[j][i]; wm[i, k + j] = theta * s[j][i] } }
            var inner = Matrix(rows: 2 * k, cols: 2 * k)
            for i in 0..<k {
                for j in 0..<k {
                    let sTy = zip(s[i], y[j]).reduce(0) { $0 + $1.0 * $1.1 }
                    if i == j { inner[i, i] = -sTy }
                    if i > j { inner[k + i, j] = sTy; inner[j, k + i] = sTy }   // L and L^T
                    inner[k + i, k + j] = theta * zip(s[i], s[j]).reduce(0) { $0 + $1.0 * $1.1 }
                }
            }
            // Invert the (symmetric indefinite) middle matrix by solving against the identity.
            var rhs = Matrix.identity(2 * k)
            var ipiv = [Int32](repeating: 0, count: 2 * k)
            let info = inner.storage.withUnsafeMutableBufferPointer { a in
                rhs.storage.withUnsafeMutableBufferPointer { b in
                    ipiv.withUnsafeMutableBufferPointer { p in
                        LAPACKE_dgesv(LAPACK_ROW_MAJOR, Int32(2 * k), Int32(2 * k), a.baseAddress, Int32(2 * k),
                                      p.baseAddress, b.baseAddress, Int32(2 * k))
                    }
                }
            }
            if info != 0 { resetMemory(); return }
            w = wm; m = rhs
        }

        /// B v = theta v - W M W^T v.
        func applyB(_ v: [Double]) throws -> [Double] {
            guard !s.isEmpty else { return v.map { theta * $0 } }
            let wtv = try w.multiplied(by: v, transposeSelf: true)
            let mwtv = try m.multiplied(by: wtv)
            let wmwtv = try w.multiplied(by: mwtv)
            return (0..<n).map { theta * v[$0] - wmwtv[$0] }
        }

        /// Generalized Cauchy point followed by subspace minimisation: returns the target point
        /// x-bar (feasible); the search direction is x-bar - x.
        func searchPoint(_ x: [Double], _ g: [Double]) throws -> [Double] {
            // Breakpoints along the projected steepest-descent path x - t g.
            var t = [Double](repeating: .infinity, count: n)
            var d = [Double](repeating: 0, count: n)
            for i in 0..<n {
                if g[i] < 0 { t[i] = upper[i].isFinite ? (x[i] - upper[i]) / g[i] : .infinity }
                else if g[i] > 0 { t[i] = lower[i].isFinite ? (x[i] - lower[i]) / g[i] : .infinity }
                else { t[i] = 0 }
                if t[i] > 0 { d[i] = -g[i] }
            }
            let order = (0..<n).filter { t[$0] > 0 && t[$0].isFinite }.sorted { t[$0] < t[$1] }
            var xcp = x
            var tOld = 0.0
            var next = 0
            while true {
                if d.allSatisfy({ $0 == 0 }) { break }
                let z = (0..<n).map { xcp[$0] - x[$0] }
                let bd = try applyB(d)
                let bz = try applyB(z)
                var f1 = 0.0, f2 = 0.0
                for i in 0..<n { f1 += g[i] * d[i] + d[i] * bz[i]; f2 += d[i] * bd[i] }
                if f1 >= 0 { break }                                  // minimum at the current point
                let tNext = next < order.count ? t[order[next]] : .infinity
                let dt = tNext - tOld
                let dtMin = f2 > 0 ? -f1 / f2 : .infinity
                if dtMin < dt {
                    for i in 0..<n where d[i] != 0 { xcp[i] += dtMin * d[i] }
                    break
                }
                if !tNext.isFinite { break }                          // unbounded model direction: stay
                for i in 0..<n where d[i] != 0 { xcp[i] += dt * d[i] }
                let b = order[next]
                xcp[b] = d[b] > 0 ? upper[b] : lower[b]
                d[b] = 0
                tOld = tNext
                next += 1
            }
            xcp = clip(xcp)
            // Subspace minimisation over the variables free at the Cauchy point.
            let free = (0..<n).filter { xcp[$0] > lower[$0] && xcp[$0] < upper[$0] }
            if free.isEmpty { return xcp }
            let z = (0..<n).map { xcp[$0] - x[$0] }
            let bz = try applyB(z)
            let r = free.map { g[$0] + bz[$0] }
            var bff = Matrix(rows: free.count, cols: free.count)
            for a in free.indices { bff[a, a] = theta }
            if !s.isEmpty {
                var wf = Matrix(rows: free.count, cols: w.cols)
                for (a, i) in free.enumerated() { for j in 0..<w.cols { wf[a, j] = w[i, j] } }
                let mwt = try m.multiplied(by: wf, transposeOther: true)
                let wmw = try wf.multiplied(by: mwt)
                for a in free.indices { for b in free.indices { bff[a, b] -= 0.5 * (wmw[a, b] + wmw[b, a]) } }
            }
            guard let chol = try? Cholesky(bff), let du0 = try? chol.solve(r) else { return xcp }
            let du = du0.map { -$0 }
            // Projected step (Morales-Nocedal); if not a descent direction, truncate instead.
            var xbar = xcp
            for (a, i) in free.enumerated() { xbar[i] = min(max(xcp[i] + du[a], lower[i]), upper[i]) }
            var gd = 0.0
            for i in 0..<n { gd += g[i] * (xbar[i] - x[i]) }
            if gd < 0 { return xbar }
            var alpha = 1.0
            for (a, i) in free.enumerated() where du[a] != 0 {
                let limit = du[a] > 0 ? (upper[i] - xcp[i]) / du[a] : (lower[i] - xcp[i]) / du[a]
                alpha = min(alpha, max(limit, 0))
            }
            xbar = xcp
            for (a, i) in free.enumerated() { xbar[i] = min(max(xcp[i] + alpha * du[a], lower[i]), upper[i]) }
            return xbar
        }

        /// Strong-Wolfe line search on phi(t) = f(x + t d), t in (0, stpmax] (Nocedal & Wright
        /// Alg. 3.5/3.6 with safeguarded cubic interpolation). Returns nil when no point with a
        /// sufficient decrease was found.
        mutating func lineSearch(_ x: [Double], _ f0: Double, _ g0: [Double], _ d: [Double], _ dphi0: Double,
                                 initial: Double, stpmax: Double) throws -> ([Double], Double, [Double])? {
            let c1 = 1e-3, c2 = 0.9
            var budget = min(options.maxLineSearchEvaluations, options.maxEvaluations - evaluations)
            func point(_ t: Double) -> [Double] {
                (0..<n).map { min(max(x[$0] + t * d[$0], lower[$0]), upper[$0]) }
            }
            func phi(_ t: Double) throws -> (Double, Double, [Double], [Double])? {
                guard budget > 0 else { return nil }
                budget -= 1
                let xt = point(t)
                let (v, g) = try evaluate(xt)
                let dv = zip(g, d).reduce(0) { $0 + $1.0 * $1.1 }
                return (v.isNaN ? .infinity : v, dv, xt, g)
            }
            typealias Sample = (t: Double, f: Double, df: Double, x: [Double], g: [Double])
            var prev: Sample = (0, f0, dphi0, x, g0)
            var best: Sample? = nil
            var t = min(initial, stpmax)
            var firstStep = true
            func zoom(_ loIn: Sample, _ hiIn: Sample) throws -> Sample? {
                var lo = loIn, hi = hiIn
                while true {
                    var tj = cubicMinimizer(lo, hi)
                    let width = abs(hi.t - lo.t)
                    let a = min(lo.t, hi.t), b = max(lo.t, hi.t)
                    if !(tj.isFinite) || tj < a + 0.1 * width || tj > b - 0.1 * width { tj = 0.5 * (lo.t + hi.t) }
                    guard width > 1e-14 * max(1, b), let (fj, dfj, xj, gj) = try phi(tj) else {
                        return lo.t > 0 ? lo : nil
                    }
                    let sj: Sample = (tj, fj, dfj, xj, gj)
                    if fj > f0 + c1 * tj * dphi0 || fj >= lo.f {
                        hi = sj
                    } else {
                        if abs(dfj) <= -c2 * dphi0 { return sj }
                        if dfj * (hi.t - lo.t) >= 0 { hi = lo }
                        lo = sj
                    }
                }
            }
            while true {
                guard let (ft, dft, xt, gt) = try phi(t) else { return best.map { ($0.x, $0.f, $0.g) } }
                let cur: Sample = (t, ft, dft, xt, gt)
                if ft > f0 + c1 * t * dphi0 || (!firstStep && ft >= prev.f) {
                    return try zoom(prev, cur).map { ($0.x, $0.f, $0.g) }
                }
                best = cur
                if abs(dft) <= -c2 * dphi0 { return (xt, ft, gt) }
                if dft >= 0 { return try zoom(cur, prev).map { ($0.x, $0.f, $0.g) } }
                if t >= stpmax { return (xt, ft, gt) }
                prev = cur
                firstStep = false
                t = min(4 * t, stpmax)
            }
        }

        /// Minimiser of the cubic interpolating phi and phi' at two samples (NaN if none).
        func cubicMinimizer(_ a: (t: Double, f: Double, df: Double, x: [Double], g: [Double]),
                            _ b: (t: Double, f: Double, df: Double, x: [Double], g: [Double])) -> Double {
            let d1 = a.df + b.df - 3 * (a.f - b.f) / (a.t - b.t)
            let disc = d1 * d1 - a.df * b.df
            guard disc >= 0, a.f.isFinite, b.f.isFinite else { return .nan }
            let d2 = (b.t > a.t ? 1.0 : -1.0) * disc.squareRoot()
            return b.t - (b.t - a.t) * (b.df + d2 - d1) / (b.df - a.df + 2 * d2)
        }
    }
}
