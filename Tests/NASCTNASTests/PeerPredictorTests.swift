import NASCore
import NASSpaces
import NASStrategyTestSupport
import Testing
@testable import NASCTNAS

/// The strategies' surrogates beside the NAC (`PeerPredictor`): fitted on the NAC's labelled cells,
/// ranked on its held-out cells, deterministic per seed, on NB201, NB101 and NAS-Bench-Graph.
@Suite struct PeerPredictorTests {
    /// 100 labelled NB201 cells (cifar10-valid validation accuracy), 300 held-out: both surrogates
    /// rank clearly better than chance (seed 1: tw-gp tau-b 0.395, bananas 0.655; a surrogate fitted
    /// on shuffled or mismatched values, or ranked in the wrong direction, is near 0 or negative).
    @Test func surrogatesRankHeldOutNB201Cells() throws {
        let f = try Fixtures.nb201()
        for p in PeerPredictor.allCases {
            let r = try p.evaluate(space: NB201Space(), cells: f.cells, values: f.values, labels: 100, heldOut: 300, seed: 1)
            print("NB201 \(p.rawValue), 100 labels, 300 held-out: tau pairwise \(r.tauPairwise), tau-b \(r.tauB), \(r.fitSeconds) s")
            #expect(r.name == p.rawValue)
            let bound = p == .twGP ? 0.3 : 0.5
            #expect(r.tauB > bound && r.tauPairwise > bound, "\(r)")
            #expect(abs(r.tauB - r.tauPairwise) < 0.05, "\(r)")   // no ties in 300 means: the two forms nearly agree
        }
    }

    /// The same on the 1,000 real NB101 cells of `NB101World` (108-epoch validation accuracy; seed 2:
    /// tw-gp tau-b 0.479, bananas 0.441).
    @Test func surrogatesRankHeldOutNB101Cells() throws {
        let f = try Fixtures.nb101()
        let space = try NB101World.shared().space
        for p in PeerPredictor.allCases {
            let r = try p.evaluate(space: space, cells: f.cells, values: f.values, labels: 100, heldOut: 300, seed: 2)
            print("NB101 \(p.rawValue), 100 labels, 300 held-out: tau pairwise \(r.tauPairwise), tau-b \(r.tauB), \(r.fitSeconds) s")
            #expect(r.tauB > 0.3 && r.tauPairwise > 0.3, "\(r)")
        }
    }

    /// NAS-Bench-Graph, the NAC's third space: tw-gp on its TW representation and bananas on the
    /// one-hot parameters (the `bananas` strategy's encoding there; the space has no path
    /// encoding). 600 cells of the space (every 40th of `NBGraphSpace.all`), valued by a
    /// function of the operations and the link pattern that both encodings can express: 1 per
    /// graph convolution among the first three of `NBGraphSpace.operations`, plus 0.5 when node 1
    /// reads the cell input directly. Both must rank 300 held-out cells clearly (a surrogate fitted
    /// on misaligned values or ranking backwards is near 0 or negative).
    @Test func surrogatesRankHeldOutNBGraphCells() throws {
        let space = NBGraphSpace()
        let cells = stride(from: 0, to: NBGraphSpace.all.count, by: 40).prefix(600).map { NBGraphSpace.all[$0] }
        let values = cells.map { a in Double(a.ops.filter { $0 < 3 }.count) + (a.links[0] == 0 ? 0.5 : 0) }
        for p in PeerPredictor.allCases {
            try p.check(space: space)
            let r = try p.evaluate(space: space, cells: cells, values: values, labels: 150, heldOut: 300, seed: 5)
            print("NBGraph \(p.rawValue), 150 labels, 300 held-out: tau pairwise \(r.tauPairwise), tau-b \(r.tauB), \(r.fitSeconds) s")
            #expect(r.tauB > 0.5, "\(r)")
        }
    }

    /// `check(space:)` passes on the NAC's three spaces and refuses a space with neither encoding
    /// with the error `evaluate` gives, before anything is fitted.
    @Test func checkRefusesSpacesWithoutTheEncoding() throws {
        for p in PeerPredictor.allCases {
            try p.check(space: NB201Space())
            try p.check(space: try NB101World.shared().space)
            try p.check(space: NBGraphSpace())
            #expect(throws: NaswiftError.self, "\(p.rawValue)") { try p.check(space: BitSpace(bits: 6)) }
        }
    }

    /// Same seed, same figures (bit for bit); another seed (another split), other figures.
    @Test func sameSeedSameFigures() throws {
        let f = try Fixtures.nb201()
        for p in PeerPredictor.allCases {
            func run(_ seed: UInt64) throws -> [Double] {
                let r = try p.evaluate(space: NB201Space(), cells: f.cells, values: f.values, labels: 60, heldOut: 200, seed: seed)
                return [r.tauPairwise, r.tauB]
            }
            let a = try run(3), b = try run(3), c = try run(4)
            #expect(a == b, "\(p.rawValue)")
            #expect(a != c, "\(p.rawValue)")
        }
    }

    /// The pairwise form for value predictors: `mean_i > mean_j` read as "i better than j".
    @Test func pairwiseTauOfMeans() {
        let truth = [1.0, 2, 3, 4]
        #expect(PredictorEvaluation.pairwiseTau(mean: [10, 20, 30, 40], truth: truth) == 1)
        #expect(PredictorEvaluation.pairwiseTau(mean: [40, 30, 20, 10], truth: truth) == -1)
        // one swapped pair of six: (5 - 1) / 6
        #expect(abs(PredictorEvaluation.pairwiseTau(mean: [20, 10, 30, 40], truth: truth) - 4.0 / 6) < 1e-12)
    }

    @Test func badPredictorListsAreClearErrors() throws {
        #expect(try PeerPredictor.parse("tw-gp,bananas") == [.twGP, .bananas])
        #expect(try PeerPredictor.parse(" bananas ") == [.bananas])
        #expect(try PeerPredictor.parse("").isEmpty)
        #expect { try PeerPredictor.parse("tw-gp,gp") } throws: {
            "\($0)".contains("unknown predictor 'gp'") && "\($0)".contains("valid predictors: tw-gp, bananas")
        }
        #expect { try PeerPredictor.parse("bananas,bananas") } throws: { "\($0)".contains("listed twice") }
        let f = try Fixtures.nb101()
        let space = try NB101World.shared().space
        #expect { try PeerPredictor.twGP.evaluate(space: space, cells: f.cells, values: f.values, labels: 900, heldOut: 200, seed: 0) }
            throws: { "\($0)".contains("labels + held-out <= 1000") }
    }
}
