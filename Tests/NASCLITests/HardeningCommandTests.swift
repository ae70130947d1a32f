import ArgumentParser
import Foundation
import NASBenchmarks
import NASCore
import NASRunner
import NASTestSupport
import Testing
@testable import NASCLI

/// The careless / hostile inputs of issue 18 that reach `search`, `compare` and `data`: each ends
/// with a `NaswiftError` saying what is wrong (never a trap, never a Foundation error code).
@Suite struct HardeningCommandTests {
    let data = CLIData.directory

    /// Runs `search` with `args` and returns the NaswiftError it throws (records an issue if none).
    func searchError(_ args: [String]) throws -> NaswiftError? {
        let c = try SearchCommand.parse(args)
        do {
            try c.run()
            Issue.record("no error for \(args)")
        } catch let e as NaswiftError {
            #expect(NaswiftCommand.exitCode(for: e) != .success)
            return e
        }
        return nil
    }

    var base: [String] {
        ["--benchmark", "nb201", "--task", "cifar10", "--strategy", "random", "--budget", "5", "--data-dir", data,
         "--out", CLIData.tempPath("h")]
    }

    /// Finding 1: `--first-seed 18446744073709551615 --seeds 2` overflowed after the search had run.
    @Test func seedRangeMustFitIn64Bits() throws {
        let e = try #require(try searchError(base + ["--seeds", "2", "--first-seed", "18446744073709551615"]))
        #expect(e.kind == .invalidArgument && e.message.contains("do not fit in 64 bits"), "\(e.message)")
        #expect(e.hint?.contains("--first-seed may be at most 18446744073709551614") == true, "\(e.hint ?? "")")
        // The last two seeds that fit run, and the report names them.
        let out = CLIData.tempPath("edge")
        let args = base.dropLast(2) + ["--out", out, "--seeds", "2", "--first-seed", "18446744073709551614"]
        let (result, _) = try SearchCommand.execute(strategy: "random", arguments: try SearchCommand.parse(Array(args)).arguments)
        #expect(result.seeds.map(\.seed) == [UInt64.max - 1, UInt64.max])
        let md = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        #expect(md.contains("2 seeds (18446744073709551614...18446744073709551615)"))
    }

    /// Finding 2: `--seeds 1000000000` tried to allocate 48 GB; the count is checked first.
    @Test func seedCountHasAMaximum() throws {
        let e = try #require(try searchError(base + ["--seeds", "1000000000"]))
        #expect(e.message.contains("1000000000 seeds") && e.message.contains("\(RunSpec.maxSeeds)"), "\(e.message)")
        #expect(throws: NaswiftError.self) { try RunSpec(strategy: "re", budget: 1, seeds: RunSpec.maxSeeds + 1) }
        #expect(try RunSpec(strategy: "re", budget: 1, seeds: RunSpec.maxSeeds).seeds == RunSpec.maxSeeds)
        let c = try CompareCommand.parse(Array(base.filter { $0 != "--strategy" && $0 != "random" }) + ["--strategies", "random,re",
                                                                                                          "--seeds", "1000000000"])
        #expect(throws: NaswiftError.self) { try c.run() }
    }
}
