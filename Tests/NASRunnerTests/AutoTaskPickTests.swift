import Foundation
import NASCore
import NASStrategies
import Testing
@testable import NASRunner

/// `auto` in a run on a benchmark task runs that task's validated pick, exactly (same seed, same
/// queries), and the space's pick on a task or table it has no pick for.
@Suite struct AutoTaskPickTests {
    static func rows(_ strategy: String, on table: RunTable) throws -> [[Int32]] {
        try Runner.run(try RunSpec(strategy: strategy, budget: 40, seeds: 2, firstSeed: 7), on: table, threads: 1).seeds.map(\.rows)
    }

    /// (cifar100's pick, arch2vec-bo, comes from the NASLatentSearch plug-in: NASLatentSearchTests'
    /// Arch2VecDefaultModelTests runs it.)
    @Test func runsTheTaskPickElseTheSpacePick() throws {
        let cifar10 = try NB201Tables.testAccuracy("cifar10")
        #expect(AutoStrategyFactory.pick(space: "nb201", context: cifar10.context) == "tpe-nas")
        let auto10 = try Self.rows("auto", on: cifar10)
        #expect(auto10 == (try Self.rows("tpe-nas", on: cifar10)))
        #expect(auto10 != (try Self.rows("bananas", on: cifar10)))

        let imagenet16 = try NB201Tables.testAccuracy("imagenet16")
        #expect(AutoStrategyFactory.pick(space: "nb201", context: imagenet16.context) == "bananas")
        #expect(try Self.rows("auto", on: imagenet16) == Self.rows("bananas", on: imagenet16))

        // Reports name the strategy auto ran.
        let result = try Runner.run(try RunSpec(strategy: "auto", budget: 12, seeds: 1), on: cifar10, threads: 1)
        #expect(result.label == "auto (tpe-nas)")
        #expect(RunReport.markdown([result]).contains("| auto (tpe-nas) |"))
        let re = try Runner.run(try RunSpec(strategy: "re", budget: 12, seeds: 1), on: cifar10, threads: 1)
        #expect(re.label == "re")

        // The same cifar100 data under a benchmark name without picks: the space's pick.
        let other = try NB201Tables.testAccuracy("cifar100", benchmark: "my-nb201")
        #expect(AutoStrategyFactory.pick(space: "nb201", context: other.context) == "bananas")
        #expect(try Self.rows("auto", on: other) == Self.rows("bananas", on: other))
    }
}
