import Foundation
import NASCore
import NASLinalg
import NASTestSupport
import Testing
@testable import NASSurrogates

/// The `Surrogate` conformers against independent restatements.
@Suite struct SurrogateTests {
    /// `VectorGP` with CENA's fixed hyper-parameters (Matern-5/2, lengthscale 1, signal 1, noise 0.1)
    /// against numpy: posterior mean and variance of the standardised values, and the incumbent.
    @Test func vectorGPMatchesNumpy() throws {
        var rng = SeededGenerator(seed: 4)
        let train = (0..<20).map { _ in (0..<3).map { _ in Float(rng.uniform() * 2 - 1) } }
        let values = train.map { v in Double(v[0] * v[0]) - 0.5 * Double(v[1]) + 0.1 * rng.normal() }
        let cand = (0..<5).map { _ in (0..<3).map { _ in Float(rng.uniform() * 2 - 1) } }
        var gp = VectorGP(settings: VectorGP.Settings())
        for (x, y) in zip(train, values) { try gp.append(x, value: y) }
        let p = try gp.posterior(at: cand, joint: true)
        let ref = try PythonReference.dictionary("""
            X = np.array(inp["x"]); C = np.array(inp["c"]); y = np.array(inp["y"])
            z = (y - y.mean()) / y.std()
            def k(a, b):
                r = np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(-1))
                return (1 + np.sqrt(5) * r + 5 * r ** 2 / 3) * np.exp(-np.sqrt(5) * r)
            K = k(X, X) + 0.1 * np.eye(len(X)); Ks = k(X, C)
            mean = Ks.T @ np.linalg.solve(K, z)
            cov = k(C, C) - Ks.T @ np.linalg.solve(K, Ks)
            print(json.dumps({"mean": mean.tolist(), "var": np.diag(cov).tolist(), "best": float(z.max())}))
            """, input: ["x": train.map { $0.map(Double.init) }, "c": cand.map { $0.map(Double.init) }, "y": values])
        let mean = try ref.doubles("mean"), variance = try ref.doubles("var")
        #expect(zip(p.mean, mean).allSatisfy { abs($0 - $1) < 1e-9 }, "\(p.mean) vs \(mean)")
        #expect(zip(p.variance, variance).allSatisfy { abs($0 - $1) < 1e-9 }, "\(p.variance) vs \(variance)")
        #expect(abs(p.incumbent - (ref["best"] as? Double ?? .nan)) < 1e-12)
        #expect(p.covariance?.rows == 5)
    }

    /// `DistanceGP` on one distance component equals `GaussianProcess` on the same matrices, and
    /// negating the values negates the posterior mean exactly (the one sign convention).
    @Test func distanceGPIsTheGPAndSignSymmetric() throws {
        var rng = SeededGenerator(seed: 9)
        let points = (0..<12).map { _ in rng.uniform() * 4 }
        let dist: @Sendable (Double, Double) -> [Double] = { [abs($0 - $1)] }
        let block: @Sendable ([Double], [Double]) -> [[Double]] = { a, b in [a.flatMap { x in b.map { abs(x - $0) } }] }
        var settings = DistanceGP<Double>.Settings(components: 1)
        settings.fit = GPFitOptions(restarts: 2, drawsPerRestart: 5, maxIterations: 30)
        func posterior(sign: Double) throws -> Posterior {
            var gp = DistanceGP<Double>(settings: settings, components: 1, distance: dist, distances: block, fitRNG: SeededGenerator(seed: 1))
            for x in points.prefix(9) { try gp.append(x, value: sign * sin(x)) }
            return try gp.posterior(at: Array(points.suffix(3)), joint: false)
        }
        let up = try posterior(sign: 1), down = try posterior(sign: -1)
        #expect(up.mean == down.mean.map { -$0 } && up.variance == down.variance)
        // The incumbents: the best standardised value either way.
        let y = points.prefix(9).map(sin), m = y.reduce(0, +) / 9
        let sd = (y.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 9).squareRoot()
        #expect(abs(up.incumbent - (y.max()! - m) / sd) < 1e-12 && abs(down.incumbent - (m - y.min()!) / sd) < 1e-12)
        // The same GP built directly.
        let train = Array(points.prefix(9)), cand = Array(points.suffix(3))
        var fitRNG = SeededGenerator(seed: 1)
        let direct = try GaussianProcess.fit(kernel: .exponential, inputs: .distances([try Matrix(rows: 9, cols: 9, storage: block(train, train)[0])]),
                                             targets: train.map(sin), options: settings.fit, rng: &fitRNG)
        let q = try direct.predict(.distances(cross: [try Matrix(rows: 9, cols: 3, storage: block(train, cand)[0])], among: nil), fullCovariance: false)
        #expect(q.mean == up.mean && q.variance == up.variance)
    }
}
