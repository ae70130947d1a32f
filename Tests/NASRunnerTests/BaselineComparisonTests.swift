import Foundation
import NASCore
import NASReports
import Testing
@testable import NASRunner

/// Regularized evolution and local search against random search on the real NB201 cifar10 table
/// (guide cifar10_valid_val_acc, report cifar10_test_acc), 200 seeds x 100 queries, one-sided
/// Mann-Whitney U on the final report of the best-guided architecture.
@Suite struct BaselineComparisonTests {
    static let seeds = 200

    static func finals(_ strategy: String) throws -> RunResult {
        try Runner.run(try RunSpec(strategy: strategy, budget: 100, seeds: seeds, firstSeed: 1000), on: try NB201Tables.cifar10())
    }

    @Test func evolutionAndLocalSearchBeatRandomSearch() throws {
        let random = try Self.finals("random"), re = try Self.finals("re"), ls = try Self.finals("ls")
        let pRE = RunReport.pValue(re, vs: random), pLS = RunReport.pValue(ls, vs: random)
        let (mr, _) = Statistics.meanStd(random.finalBestGuidedReport)
        let (me, _) = Statistics.meanStd(re.finalBestGuidedReport)
        let (ml, _) = Statistics.meanStd(ls.finalBestGuidedReport)
        print("NB201 cifar10, 200 seeds x 100 queries: random \(mr), re \(me) (p \(pRE)), ls \(ml) (p \(pLS))")
        #expect(pRE < 0.01)
        #expect(me > mr)
        #expect(pLS < 0.01)
        #expect(ml > mr)
    }
}
