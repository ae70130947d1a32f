import Foundation
import NASCore
import NASTestSupport
import Testing
@testable import NASLatentSearch

@Suite struct LatentMapTests {
    /// Real points: one-hot encodings of 300 NB201 cells plus their accuracy as a 31st feature.
    static func realPoints(_ n: Int) -> [Double] {
        let w = NB201Latent.shared
        return w.cells.prefix(n).flatMap { c in w.oneHot(c).map(Double.init) + [w.accuracy[c]! / 20] }
    }

    @Test func pcaMatchesNumpy() throws {
        let n = 300, d = 31
        let x = Self.realPoints(n)
        let (points, explained) = try LatentMap.pca(x, n: n, d: d)
        let ref = try PythonReference.dictionary("""
        X = np.array(inp['x']).reshape(inp['n'], inp['d'])
        C = X - X.mean(axis=0)
        w, V = np.linalg.eigh(np.cov(C, rowvar=False))
        P = C @ V[:, ::-1][:, :2]
        print(json.dumps({'p': P.tolist(), 'e': (w[::-1][:2] / w.sum()).tolist()}))
        """, input: ["x": x, "n": n, "d": d])
        let p = try ref.doubles("p"), e = try ref.doubles("e")
        for k in 0..<2 {
            #expect(abs(explained[k] - e[k]) < 1e-10)
            // Component signs are arbitrary in numpy: compare up to one sign per component.
            let sign: Double = (0..<n).reduce(0) { $0 + points[2 * $1 + k] * p[2 * $1 + k] } >= 0 ? 1 : -1
            let err = (0..<n).map { abs(points[2 * $0 + k] - sign * p[2 * $0 + k]) }.max()!
            #expect(err < 1e-9)
        }
    }

    @Test func affinitiesHaveTheRequestedPerplexity() throws {
        let n = 120, d = 31
        let x = Self.realPoints(n)
        let d2 = try LatentMap.squaredDistances(x, n: n, d: d)
        // Against direct differences.
        for (i, j) in [(0, 1), (5, 77), (119, 3)] {
            let direct = (0..<d).reduce(0.0) { $0 + (x[i * d + $1] - x[j * d + $1]) * (x[i * d + $1] - x[j * d + $1]) }
            #expect(abs(d2[i * n + j] - direct) < 1e-9)
        }
        let p = try LatentMap.affinities(squaredDistances: d2, n: n, perplexity: 20)
        #expect(abs(p.reduce(0, +) - 1) < 1e-6)
        for i in 0..<n { for j in 0..<i { #expect(p[i * n + j] == p[j * n + i]) } }
        #expect(throws: NaswiftError.self) { try LatentMap.affinities(squaredDistances: d2, n: n, perplexity: 200) }
    }

    @Test func tsneLowersKLAndKeepsClustersApart() throws {
        // Three well-separated groups of real cells: one-hot codes shifted by 0, 10 and 20 in
        // the accuracy feature. t-SNE must lower KL(P||Q) and keep each group together.
        let per = 60, d = 31, n = 3 * per
        let base = Self.realPoints(per)
        var x: [Double] = []
        for g in 0..<3 { for i in 0..<per { var row = Array(base[(i * d)..<((i + 1) * d)]); row[d - 1] += 10 * Double(g); x += row } }
        let p = try LatentMap.affinities(squaredDistances: try LatentMap.squaredDistances(x, n: n, d: d), n: n, perplexity: 15)
        var short = LatentMap.TSNESettings(); short.perplexity = 15; short.iterations = 1
        var full = LatentMap.TSNESettings(); full.perplexity = 15; full.iterations = 500
        let y0 = try LatentMap.tsne(x, n: n, d: d, settings: short, seed: 1)
        let y = try LatentMap.tsne(x, n: n, d: d, settings: full, seed: 1)
        let kl0 = LatentMap.klDivergence(p: p, y: y0, n: n), kl = LatentMap.klDivergence(p: p, y: y, n: n)
        #expect(kl < 0.5 * kl0)
        // Every point's nearest layout neighbour is in its own group.
        var sameGroup = 0
        for i in 0..<n {
            var best = -1, bd = Double.infinity
            for j in 0..<n where j != i { let v = LatentMap.dist2(y, i, j); if v < bd { bd = v; best = j } }
            if best / per == i / per { sameGroup += 1 }
        }
        #expect(sameGroup == n)
        // Group centroids are further apart than the groups are wide.
        func centroid(_ g: Int) -> (Double, Double) {
            let idx = (g * per)..<((g + 1) * per)
            return (idx.reduce(0) { $0 + y[2 * $1] } / Double(per), idx.reduce(0) { $0 + y[2 * $1 + 1] } / Double(per))
        }
        let cs = (0..<3).map(centroid)
        let spread = (0..<n).map { i -> Double in let c = cs[i / per]; return ((y[2 * i] - c.0) * (y[2 * i] - c.0) + (y[2 * i + 1] - c.1) * (y[2 * i + 1] - c.1)).squareRoot() }.max()!
        for a in 0..<3 { for b in 0..<a {
            let gap = ((cs[a].0 - cs[b].0) * (cs[a].0 - cs[b].0) + (cs[a].1 - cs[b].1) * (cs[a].1 - cs[b].1)).squareRoot()
            #expect(gap > spread)
        } }
        // Deterministic.
        #expect(try LatentMap.tsne(x, n: n, d: d, settings: full, seed: 1) == y)
    }
}
