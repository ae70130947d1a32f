import NASCore
import NASSurrogates
import NASTensor
import Testing
@testable import NASCTNAS

/// The NAC trained on real labelled cells ranks held-out cells, deterministically per seed.
@Suite struct NACEvaluationTests {
    /// 423 labelled NB201 cells (cifar10-valid validation accuracy), 300 epochs, 1,000 held-out
    /// cells: the comparator ranks clearly better than chance, and both tau forms agree in sign.
    @Test func nacRanksHeldOutNB201Cells() throws {
        let (graphs, values, _) = try Fixtures.nb201()
        var settings = NACSettings.reference
        settings.epochs = 300
        let r = try NACEvaluation.run(graphs: graphs, values: values, vocabulary: try NACVocabulary.named("nb201"),
                                      labels: 423, heldOut: 1000, settings: settings, seed: 1)
        print("NB201 NAC, 423 labels, 300 epochs: tau pairwise \(r.tauPairwise), tau-b \(r.tauB), \(r.trainSeconds) s, \(r.steps) steps")
        #expect(r.steps == 300 * 2)
        #expect(r.tauPairwise > 0.4 && r.tauB > 0.4)
    }

    /// Training reports each epoch once, in order, and reporting does not change the comparator.
    @Test func fitReportsEveryEpoch() throws {
        let f = try Fixtures.nb101()
        var settings = NACSettings.reference
        settings.epochs = 4
        settings.dimension = 16
        func nac() throws -> NACComparator {
            var n = try NACComparator(vocabulary: try NACVocabulary.named("nb101"), settings: settings, seed: 2)
            for i in 0..<100 { try n.append(f.graphs[i], value: f.values[i]) }
            return n
        }
        var seen: [[Int]] = []
        var a = try nac(), b = try nac()
        try a.fit { seen.append([$0, $1]) }
        try b.fit()
        #expect(seen == [[1, 4], [2, 4], [3, 4], [4, 4]])
        let probe = Array(f.graphs[200..<230])
        #expect(try a.comparisonMatrix(probe) == b.comparisonMatrix(probe))
    }

    /// Same seed, same comparator (bit for bit); another seed, another one.
    @Test func sameSeedSameComparator() throws {
        let f = try Fixtures.nb101()
        var settings = NACSettings.reference
        settings.epochs = 5
        settings.dimension = 32
        func fitted(_ seed: UInt64) throws -> NACComparator {
            var nac = try NACComparator(vocabulary: try NACVocabulary.named("nb101"), settings: settings, seed: seed)
            for i in 0..<300 { try nac.append(f.graphs[i], value: f.values[i]) }
            try nac.fit()
            return nac
        }
        let probe = Array(f.graphs[600..<700])
        let a = try fitted(4).comparisonMatrix(probe), b = try fitted(4).comparisonMatrix(probe), c = try fitted(5).comparisonMatrix(probe)
        #expect(a == b)
        #expect(a != c)
        // the comparison matrix agrees with pairwise probabilities and with the full forward pass
        let nac = try fitted(4)
        let p = try nac.probabilities(Array(probe[0..<10]), Array(probe[10..<20]))
        // Float features from blocks of 100 vs 10 graphs (the gemm may round differently)
        for k in 0..<10 { #expect(abs(p[k] - a[k * 100 + 10 + k]) < 1e-6) }
        let s = try nac.fitted()
        let tape = Tape<Float>()
        let full = s.network.probabilities(s.network.features(NACBatch(Array(probe[0..<10]), nodes: 7), on: tape),
                                           s.network.features(NACBatch(Array(probe[10..<20]), nodes: 7), on: tape))
        for k in 0..<10 { #expect(abs(Double(full.value.scalars[k]) - p[k]) < 1e-5) }
        let scores = try nac.tournamentScores(Array(probe[0..<5]))
        #expect(scores.count == 5 && scores.allSatisfy { $0 > 0 && $0 < 4 })
    }

    @Test func badSplitsAreClearErrors() throws {
        let f = try Fixtures.nb101()
        let v = try NACVocabulary.named("nb101")
        #expect { try NACEvaluation.run(graphs: f.graphs, values: f.values, vocabulary: v, labels: 900, heldOut: 200, seed: 0) }
            throws: { "\($0)".contains("labels + held-out <= \(f.graphs.count)") }
        var s = NACSettings.reference
        s.batchSize = 1
        #expect(throws: NaswiftError.self) { try NACComparator(vocabulary: v, settings: s, seed: 0) }
    }
}
