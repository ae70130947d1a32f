import Foundation
import Testing
@testable import NASCENA
import NASCore
import NASRepresentations
import NASSpaces
import NASStrategies
import NASStrategyTestSupport
import NASSurrogates
import NASTestSupport

/// `cena-bo`: its GP against a numpy restatement of GPy's raw-target regression, and the shared
/// strategy conformance checks on real embeddings of 128 real NB201 cells with their real CIFAR-10
/// test accuracies.
struct CENABOTests {
    init() { CENAPlugin.register() }

    /// Embeddings exported from a small model trained on the world's EPDJMs (once per process).
    static let embeddings: URL = {
        do {
            let sets = try CENAWorld.shared.sets()
            let model = try ContrastiveTrainer(config: CENAWorld.smallConfig(epochs: 3)).train(sets: sets)
            let npy = PythonScript.tempURL("cena-bo.npy")
            _ = try ContrastiveExport.write(model: model, sets: sets, to: npy)
            return npy
        } catch { fatalError("cena-bo test embeddings: \(error)") }
    }()

    static var options: StrategyOptions { StrategyOptions(["embeddings": embeddings.path]) }

    /// Posterior mean and variance (averaged over each candidate's 4 embeddings) of a GP on raw
    /// targets with Matern-5/2 (lengthscale 1, variance 1) and noise 0.1, 4 training points per
    /// cell, against numpy; and the EI with offset 0.15 on it.
    @Test func gpMatchesNumpyRestatement() throws {
        let e = try CENAEmbeddings.load(npy: Self.embeddings)
        let d = e.inits * e.embedding
        let train = [0, 4, 9, 17, 30], cand = [1, 2, 35, 39]
        let y = [91.2, 85.0, 70.5, 93.1, 88.8]
        var gp = CENAGaussianProcess(settings: .init(views: e.inits, dimension: e.embedding))
        for (i, v) in zip(train, y) { try gp.append(Array(e.vectors[(i * d)..<((i + 1) * d)]), value: v) }
        let post = try gp.posterior(at: cand.map { Array(e.vectors[($0 * d)..<(($0 + 1) * d)]) }, joint: false)
        var rng = SeededGenerator(seed: 0)
        let ei = try Acquisition.expectedImprovement(xi: 0.15).scores(post, rng: &rng)
        let ref = try PythonReference.dictionary("""
            from math import erf, sqrt, pi
            V = np.array(inp['v'], dtype=np.float64).reshape(-1, inp['k'], inp['e'])
            X = V[inp['train']].reshape(-1, inp['e']); Y = np.repeat(np.array(inp['y']), inp['k'])
            C = V[inp['cand']].reshape(-1, inp['e'])
            def k(a, b):
                r = np.sqrt(np.maximum(((a[:, None, :] - b[None, :, :]) ** 2).sum(-1), 0))
                return (1 + sqrt(5) * r + 5 / 3 * r ** 2) * np.exp(-sqrt(5) * r)
            K = k(X, X) + 0.1 * np.eye(len(X))
            ks = k(X, C)
            mu = ks.T @ np.linalg.solve(K, Y)
            var = 1 - (ks * np.linalg.solve(K, ks)).sum(0)
            mu = mu.reshape(-1, inp['k']).mean(1); var = var.reshape(-1, inp['k']).mean(1)
            best = max(inp['y']) + 0.15
            s = np.sqrt(var); z = (mu - best) / s
            Phi = np.array([0.5 * (1 + erf(t / sqrt(2))) for t in z]); phi = np.exp(-z ** 2 / 2) / sqrt(2 * pi)
            print(json.dumps({'mu': mu.tolist(), 'var': var.tolist(), 'ei': ((mu - best) * Phi + s * phi).tolist()}))
            """, input: ["v": e.vectors.map(Double.init), "k": e.inits, "e": e.embedding, "train": train, "y": y, "cand": cand])
        #expect(Fixtures.relativeError(post.mean, try ref.doubles("mu")) < 1e-9)
        #expect(Fixtures.relativeError(post.variance, try ref.doubles("var")) < 1e-9)
        #expect(Fixtures.relativeError(ei, try ref.doubles("ei")) < 1e-7)
        #expect(post.incumbent == 93.1)
    }

    /// The shared conformance checks, on the 128 embedded cells (evaluations within the domain).
    @Test(arguments: StrategyConformance<NB201Space>.checks)
    func conformance(check: String) throws {
        let w = CENAWorld.shared
        try StrategyConformance(strategy: "cena-bo", domain: SearchDomain(space: NB201Space(), members: w.cells), options: Self.options,
                                evaluations: 30, value: { w.accuracy[$0] }).run(check: check)
    }

    /// On a benchmark-sized domain, cena-bo proposes only cells with embeddings, runs its GP steps,
    /// and finds a better cell than the median of the embedded ones; bad options are clear errors.
    @Test func searchesOnlyEmbeddedCells() throws {
        let w = CENAWorld.shared
        let domain = SearchDomain(space: NB201Space(), members: NB201Space().allCells)
        var s = try StrategyRegistry.make("cena-bo", domain: domain, seed: 3, options: Self.options)
        var proposed: [NB201Cell] = []
        for _ in 0..<20 {
            let a = try s.ask(1)
            proposed += a
            try s.tell(a.map { Observation($0, value: w.accuracy[$0]) })
        }
        let embedded = Set(w.cells)
        #expect(proposed.count == 20 && Set(proposed).count == 20 && proposed.allSatisfy(embedded.contains))
        let accs = w.cells.compactMap { w.accuracy[$0] }.sorted()
        let best = proposed.compactMap { w.accuracy[$0] }.max()!
        #expect(best > accs[accs.count / 2], "best found \(best), median \(accs[accs.count / 2])")
        #expect(throws: NaswiftError.self) { _ = try StrategyRegistry.make("cena-bo", domain: domain, seed: 0, options: StrategyOptions()) }
        #expect(throws: NaswiftError.self) {
            _ = try StrategyRegistry.make("cena-bo", domain: domain, seed: 0, options: StrategyOptions(["embeddings": Self.embeddings.path, "candidates": "0"]))
        }
        #expect(throws: NaswiftError.self) {
            _ = try StrategyRegistry.make("cena-bo", domain: SearchDomain(space: NATSSizeSpace()), seed: 0, options: Self.options)
        }
    }
}
