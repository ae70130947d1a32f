import Foundation
import NASCore
import NASReports
import NASTestSupport
import Testing

/// Kendall tau-b against scipy.stats.kendalltau, and the reference's pairwise form against a
/// transcription of its loop, on real NB201 accuracies (with ties) and noisy predictions.
@Suite struct KendallTauTests {
    @Test func tauBAndPairwiseMatchPython() throws {
        let all = try Fixtures.nb201().values
        var rng = SeededGenerator(seed: 9)
        // 300 real accuracies rounded to 0.5 % (many ties), predictions = value + noise, some tied
        let truth = (0..<300).map { (all[$0 * 50] * 2).rounded() / 2 }
        let pred = truth.map { ($0 + 3 * rng.normal()).rounded() }
        let ours = KendallTau.b(pred, truth)
        let pairwise = KendallTau.pairwise(values: truth) { i, j in pred[i] > pred[j] ? 0.9 : (pred[i] == pred[j] ? 0.5 : 0.1) }
        let out = try PythonReference.run("""
            from scipy.stats import kendalltau
            x, y = inp['pred'], inp['truth']
            s = lambda v: 1 if v >= 0 else -1
            n = len(y); c = 0; t = 0
            for i in range(n - 1):
                for j in range(i + 1, n):
                    p = 0.9 if x[i] > x[j] else (0.5 if x[i] == x[j] else 0.1)
                    c += s(p - 0.5) * s(y[i] - y[j]); t += 1
            print(json.dumps([kendalltau(x, y).statistic, c / t]))
            """, input: ["pred": pred, "truth": truth]) as? [Double]
        let ref = try #require(out)
        #expect(abs(ours - ref[0]) < 1e-12, "tau-b \(ours) vs scipy \(ref[0])")
        #expect(abs(pairwise - ref[1]) < 1e-12, "pairwise \(pairwise) vs \(ref[1])")
        #expect(ours > 0.3 && ours < 0.95)
        #expect(KendallTau.b([1, 1, 1], [1, 2, 3]).isNaN)
    }
}
