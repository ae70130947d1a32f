import Foundation
import NASCore
import NASLinalg
import NASRepresentations
import NASSpaces
import NASStrategies
import NASSurrogates
import Testing
@testable import NASTWNAS

/// Fidelity of `tw-gp` / `tw-kdpp` to METHODS §3.3 (hyper-parameter fitting) and §3.4 (candidate
/// mutation), found by the 2026-11-23 audit.
@Suite struct TWFidelityTests {
    /// Binomial(6, 1/6) probabilities of k = 0, 1, 2, 3 changed ops and of k >= 4.
    static let binomial: [Double] = {
        func choose(_ n: Int, _ k: Int) -> Double { (0..<k).reduce(1.0) { $0 * Double(n - $1) / Double($1 + 1) } }
        let p = 1.0 / 6
        let pk = (0...6).map { choose(6, $0) * pow(p, Double($0)) * pow(1 - p, Double(6 - $0)) }
        return Array(pk[0...3]) + [pk[4...].reduce(0, +)]
    }()

    static func changed(_ a: NB201Cell, _ b: NB201Cell) -> [Int] {
        (0..<NB201Cell.edgeCount).filter { a.op($0) != b.op($0) }
    }

    /// §3.4: each of the 6 ops is resampled with probability 1/(n - 2) = 1/6 to a uniformly chosen
    /// different op (of 5, `none` included). 60,000 mutations of two parents: the number of
    /// changed ops passes a chi-square test against Binomial(6, 1/6) (5 bins, critical 18.47 at
    /// p = 0.001) and the new op of each changed edge against uniform over the 4 others (24 bins,
    /// critical 49.73).
    @Test(arguments: ["|none~0|+|skip_connect~0|nor_conv_1x1~1|+|nor_conv_3x3~0|avg_pool_3x3~1|none~2|",
                      "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|"])
    func nb201MutationResamplesEachOpWithProbabilityOneSixth(arch: String) throws {
        let parent = try NB201Space().parse(arch)
        var rng = SeededGenerator(seed: 42)
        let draws = 60_000
        var byCount = [Int](repeating: 0, count: 5)
        var byEdgeOp = [Int](repeating: 0, count: NB201Cell.edgeCount * NB201Cell.opCount)
        for _ in 0..<draws {
            let child = TWCandidateMutation.nb201(parent, using: &rng)
            let edges = Self.changed(parent, child)
            byCount[min(edges.count, 4)] += 1
            for e in edges { byEdgeOp[e * NB201Cell.opCount + child.op(e)] += 1 }
        }
        var chi2 = 0.0
        for (k, p) in Self.binomial.enumerated() {
            let expected = p * Double(draws)
            chi2 += (Double(byCount[k]) - expected) * (Double(byCount[k]) - expected) / expected
        }
        #expect(chi2 < 18.47, "changed-op counts \(byCount), chi-square \(chi2)")
        // Each edge changes w.p. 1/6, then to each of the 4 other ops w.p. 1/4.
        let expectedPerOp = Double(draws) / 6 / 4
        var chi2Ops = 0.0
        for e in 0..<NB201Cell.edgeCount {
            #expect(byEdgeOp[e * NB201Cell.opCount + parent.op(e)] == 0, "edge \(e) 'changed' to its own op")
            for op in 0..<NB201Cell.opCount where op != parent.op(e) {
                let o = Double(byEdgeOp[e * NB201Cell.opCount + op])
                chi2Ops += (o - expectedPerOp) * (o - expectedPerOp) / expectedPerOp
            }
        }
        #expect(chi2Ops < 49.73, "new-op counts \(byEdgeOp), chi-square \(chi2Ops)")
    }

    /// The strategy's fixed-mode NB201 candidates use that mutation (about 26% of draws change 2
    /// or more ops; the old single-op mutation, still available as `mutation=single`, always
    /// changes exactly one).
    @Test func fixedModeCandidatesUseThePerOpResampling() throws {
        let domain = SearchDomain(space: NB201Space())
        let parent = try NB201Space().parse(NB201Space.example)
        func hamming(_ options: [String: String]) throws -> [Int] {
            let settings = try TWGPSettings(options: StrategyOptions(options), batch: false, strategy: "tw-gp")
            let mutate = TWBayesOpt.mutation(domain: domain, settings: settings, referenceCells: false)
            var encoding = try TWEncoding(space: NB201Space(), twoGram: false, mode: .fixed, strategy: "tw-gp")
            var rng = SeededGenerator(seed: 5, stream: 11)
            return (0..<20_000).map { _ in Self.changed(parent, mutate(parent, &encoding, &rng, { _ in false })).count }
        }
        let resampled = try hamming([:])
        let unchanged = Double(resampled.filter { $0 == 0 }.count) / 20_000
        let several = Double(resampled.filter { $0 >= 2 }.count) / 20_000
        // Binomial(6, 1/6): P(0) = 0.3349, P(>= 2) = 0.2632; binomial sd of a fraction <= 0.0034.
        #expect(abs(unchanged - Self.binomial[0]) < 0.02, "P(no change) \(unchanged)")
        #expect(abs(several - (1 - Self.binomial[0] - Self.binomial[1])) < 0.02, "P(>= 2 changes) \(several)")
        #expect(try hamming(["mutation": "single"]).allSatisfy { $0 == 1 })
    }

    /// §3.3: 4 restarts, each from the best of 30 draws UNIFORM in the box (raw scale, the
    /// reference's `np.random.uniform`), L-BFGS-B with at most 200 iterations, in both modes and
    /// both strategies; `draws=log` keeps the log-uniform alternative.
    @Test func hyperparameterFitFollowsMethods33() throws {
        for batch in [false, true] {
            for mode in ["fixed", "faithful"] {
                let s = try TWGPSettings(options: StrategyOptions(["mode": mode]), batch: batch, strategy: "tw-gp")
                let f = s.fitOptions(gp: GPOptions())
                #expect(f.restarts == 4 && f.drawsPerRestart == 30 && f.maxIterations == 200)
                #expect(f.drawScale == .rawUniform, "\(mode) batch \(batch)")
            }
        }
        // The reference fits 2-gram GPs with `optimise_gp_hyperparameter_v2`: 3 restarts of 20 draws.
        let faithful2 = try TWGPSettings(options: StrategyOptions(["mode": "faithful", "twogram": "1"]), batch: false, strategy: "tw-gp")
        let f2 = faithful2.fitOptions(gp: GPOptions())
        #expect(f2.restarts == 3 && f2.drawsPerRestart == 20 && f2.maxIterations == 200)
        let log = try TWGPSettings(options: StrategyOptions(["draws": "log"]), batch: false, strategy: "tw-gp")
        #expect(log.fitOptions(gp: GPOptions()).drawScale == .logUniform)
        // The climb: fixed mode's analytic log-space L-BFGS-B; faithful mode's scipy call (raw box,
        // finite differences, maxfun 200, of which a 1-gram fit spends 1 in 5 on the ignored l3, so
        // 160 here) on a likelihood without the posterior's sigma^4 term.
        let quirk = GPOptions(referenceNoiseQuirk: true)
        let fixed = try TWGPSettings(options: StrategyOptions([:]), batch: false, strategy: "tw-gp").fitOptions(gp: GPOptions())
        #expect(fixed.optimiser == .logAnalytic && fixed.likelihoodGP == nil)
        let faithful1 = try TWGPSettings(options: StrategyOptions(["mode": "faithful"]), batch: true, strategy: "tw-kdpp").fitOptions(gp: quirk)
        #expect(faithful1.optimiser == .rawFiniteDifference(maxEvaluations: 160))
        #expect(faithful1.gp.referenceNoiseQuirk && faithful1.likelihoodGP?.referenceNoiseQuirk == false)
        #expect(faithful2.fitOptions(gp: quirk).optimiser == .rawFiniteDifference(maxEvaluations: 200))
        let analytic = try TWGPSettings(options: StrategyOptions(["mode": "faithful", "fit": "analytic"]), batch: false, strategy: "tw-gp")
        #expect(analytic.fitOptions(gp: quirk).optimiser == .logAnalytic && analytic.fitOptions(gp: quirk).likelihoodGP == nil)
        for bad in [["draws": "normal"], ["mutation": "double"], ["degree": "tied"], ["fit": "scipy"]] {
            #expect(throws: NaswiftError.self, "\(bad)") {
                _ = try TWGPSettings(options: StrategyOptions(bad), batch: false, strategy: "tw-gp")
            }
        }
    }
}

/// `tw-kdpp` batch selection when the quality kernel has rank below the batch size.
@Suite struct TWBatchSelectionTests {
    /// L over 6 candidates built from 3 feature vectors, each shared by two candidates (identical
    /// TW features give identical covariance rows), so rank 3.
    static func rankThree() throws -> (l: Matrix, mean: [Double]) {
        let basis: [[Double]] = [[1, 0.2, 0], [0.2, 1, 0.3], [0, 0.3, 1]]
        let of = [0, 1, 2, 0, 1, 2]
        let mean = [0.3, -0.1, 0.5, 0.2, -0.4, 0.0]
        var l = Matrix(rows: 6, cols: 6)
        for i in 0..<6 {
            for j in 0..<6 {
                let s = zip(basis[of[i]], basis[of[j]]).reduce(0) { $0 + $1.0 * $1.1 }
                l[i, j] = s * exp(-mean[i]) * exp(-mean[j])
            }
        }
        return (l, mean)
    }

    @Test func rankBelowBatchSizeStillGivesADistinctBatch() throws {
        let (l, mean) = try Self.rankThree()
        #expect(throws: NaswiftError.self) { var r = SeededGenerator(seed: 1); _ = try KDPP.sample(l, k: 5, rng: &r) }
        for seed in 0..<50 as Range<UInt64> {
            var rng = SeededGenerator(seed: seed)
            let picked = try KDPPSelection.sample(l, values: mean.map { -$0 }, k: 5, rng: &rng)
            #expect(picked.count == 5 && Set(picked).count == 5 && picked.allSatisfy { (0..<6).contains($0) })
            // The 3-DPP part has one candidate of each feature vector (a pair is never both drawn
            // by it); the 2 fill-ins are the best remaining means.
            let dpp = Array(picked.prefix(3)), fill = Array(picked.suffix(2))
            #expect(Set(dpp.map { $0 % 3 }).count == 3, "\(picked)")
            let rest = (0..<6).filter { !dpp.contains($0) }.sorted { mean[$0] < mean[$1] }
            #expect(fill == Array(rest.prefix(2)), "\(picked)")
        }
    }

    @Test func fullRankIsExactlyTheKDPPSample() throws {
        let (l3, mean) = try Self.rankThree()
        var l = l3
        for i in 0..<6 { l[i, i] += 0.05 }       // full rank
        for seed in 0..<20 as Range<UInt64> {
            var a = SeededGenerator(seed: seed), b = SeededGenerator(seed: seed)
            #expect(try KDPPSelection.sample(l, values: mean.map { -$0 }, k: 5, rng: &a) == KDPP.sample(l, k: 5, rng: &b))
        }
    }
}
