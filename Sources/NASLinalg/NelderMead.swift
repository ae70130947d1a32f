import NASCore

/// Nelder-Mead downhill simplex, the algorithm of `scipy.optimize.fmin` with its defaults
/// (reflection 1, expansion 2, contraction 0.5, shrink 0.5, non-adaptive; initial simplex
/// `x0` plus, per coordinate, that coordinate scaled by 1.05, or set to 0.00025 when it is 0).
public enum NelderMead {
    public struct Options: Sendable {
        /// Stop when every simplex vertex is within `xtol` (max-norm) of the best vertex...
        public var xtol: Double = 1e-4
        /// ...and every vertex value is within `ftol` of the best value.
        public var ftol: Double = 1e-4
        /// Iteration and function-evaluation limits (nil: `200 * n` like scipy).
        public var maxIterations: Int? = nil
        public var maxEvaluations: Int? = nil
        public init(xtol: Double = 1e-4, ftol: Double = 1e-4, maxIterations: Int? = nil, maxEvaluations: Int? = nil) {
            self.xtol = xtol; self.ftol = ftol; self.maxIterations = maxIterations; self.maxEvaluations = maxEvaluations
        }
    }

    public struct Result: Sendable {
        /// Best point found (length n).
        public let x: [Double]
        /// Objective value at `x`.
        public let value: Double
        public let iterations: Int
        public let evaluations: Int
        /// True when the tolerances were met (false: a limit was hit).
        public let converged: Bool
    }

    /// Minimises `f` from `x0` (length n >= 1). Throws on empty or non-finite `x0`; NaN objective
    /// values are treated as +infinity (the simplex moves away from them).
    public static func minimize(_ x0: [Double], options: Options = Options(),
                                _ f: ([Double]) throws -> Double) throws -> Result {
        let n = x0.count
        guard n > 0 else {
            throw NaswiftError.invalidArgument("Nelder-Mead needs at least one variable", hint: "pass a non-empty x0")
        }
        try requireFinite(x0, "Nelder-Mead starting point")
        let maxIter = options.maxIterations ?? 200 * n
        let maxEval = options.maxEvaluations ?? 200 * n
        var evaluations = 0
        func eval(_ x: [Double]) throws -> Double {
            evaluations += 1
            let v = try f(x)
            return v.isNaN ? .infinity : v
        }
        var sim: [[Double]] = [x0]
        for k in 0..<n {
            var y = x0
            y[k] = y[k] != 0 ? 1.05 * y[k] : 0.00025
            sim.append(y)
        }
        var fsim = try sim.map(eval)
        func sortSimplex() {
            let order = fsim.indices.sorted { fsim[$0] < fsim[$1] || (fsim[$0] == fsim[$1] && $0 < $1) }
            sim = order.map { sim[$0] }
            fsim = order.map { fsim[$0] }
        }
        func combine(_ a: Double, _ p: [Double], _ b: Double, _ q: [Double]) -> [Double] {
            (0..<n).map { a * p[$0] + b * q[$0] }
        }
        sortSimplex()
        var iterations = 1
        var converged = false
        while evaluations < maxEval && iterations < maxIter {
            var xSpread = 0.0, fSpread = 0.0
            for j in 1...n {
                fSpread = max(fSpread, abs(fsim[0] - fsim[j]))
                for i in 0..<n { xSpread = max(xSpread, abs(sim[j][i] - sim[0][i])) }
            }
            if xSpread <= options.xtol && fSpread <= options.ftol { converged = true; break }
            var xbar = [Double](repeating: 0, count: n)
            for j in 0..<n { for i in 0..<n { xbar[i] += sim[j][i] } }
            for i in 0..<n { xbar[i] /= Double(n) }
            let worst = sim[n]
            let xr = combine(2, xbar, -1, worst)
            let fxr = try eval(xr)
            if fxr < fsim[0] {
                let xe = combine(3, xbar, -2, worst)
                let fxe = try eval(xe)
                if fxe < fxr { sim[n] = xe; fsim[n] = fxe } else { sim[n] = xr; fsim[n] = fxr }
            } else if fxr < fsim[n - 1] {
                sim[n] = xr; fsim[n] = fxr
            } else {
                var shrink = false
                if fxr < fsim[n] {
                    let xc = combine(1.5, xbar, -0.5, worst)
                    let fxc = try eval(xc)
                    if fxc <= fxr { sim[n] = xc; fsim[n] = fxc } else { shrink = true }
                } else {
                    let xcc = combine(0.5, xbar, 0.5, worst)
                    let fxcc = try eval(xcc)
                    if fxcc < fsim[n] { sim[n] = xcc; fsim[n] = fxcc } else { shrink = true }
                }
                if shrink {
                    for j in 1...n {
                        sim[j] = (0..<n).map { sim[0][$0] + 0.5 * (sim[j][$0] - sim[0][$0]) }
                        fsim[j] = try eval(sim[j])
                    }
                }
            }
            iterations += 1
            sortSimplex()
        }
        if !converged {
            // Limits hit: report whether the tolerances happen to hold at the end.
            var xSpread = 0.0, fSpread = 0.0
            for j in 1...n {
                fSpread = max(fSpread, abs(fsim[0] - fsim[j]))
                for i in 0..<n { xSpread = max(xSpread, abs(sim[j][i] - sim[0][i])) }
            }
            converged = xSpread <= options.xtol && fSpread <= options.ftol
        }
        return Result(x: sim[0], value: fsim[0], iterations: iterations, evaluations: evaluations, converged: converged)
    }
}
