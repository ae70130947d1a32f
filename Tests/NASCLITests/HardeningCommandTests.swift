import ArgumentParser
import Foundation
import NASBenchmarks
import NASCore
import NASRunner
import NASStrategies
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

    var base: [String] { args("random", budget: 5) }

    func args(_ strategy: String, budget: Int) -> [String] {
        Plugins.registerAll()
        return ["--benchmark", "nb201", "--task", "cifar10", "--strategy", strategy, "--budget", "\(budget)", "--data-dir", data,
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

    /// A directory or an empty path as --json, --from, --model or a cache file: a message naming
    /// the option and the problem, never "NSCocoaErrorDomain error 256 / 512".
    @Test func directoriesAndEmptyPathsAreNamed() async throws {
        let dir = FileManager.default.temporaryDirectory.path
        for (json, needle) in [("", "--json is empty"), (dir, "--json '\(dir)' is a directory, not a file")] {
            let e = try #require(try searchError(base + ["--seeds", "1", "--json", json]))
            #expect(e.message.contains(needle), "\(e.message)")
            #expect(!e.description.contains("NSCocoaErrorDomain"))
        }
        // --json in a directory that does not exist yet: created before the run, like --out.
        let nested = CLIData.tempPath("new") + "/a/b/summary.json"
        try SearchCommand.parse(base + ["--seeds", "1", "--json", nested]).run()
        #expect(FileManager.default.fileExists(atPath: nested))
        // The directory check happens before the search runs: an unwritable parent fails at once.
        let e = try #require(try searchError(base + ["--seeds", "1", "--json", "/proc/naswift-no/x.json"]))
        #expect(e.message.contains("--json '/proc/naswift-no/x.json'"), "\(e.message)")
        // --model: a directory, and an empty path.
        for (model, needle) in [(dir, "arch2vec model file '\(dir)' is a directory"), ("", "model path is empty")] {
            let m = try #require(try searchError(args("arch2vec-bo", budget: 30) + ["--seeds", "1", "--model", model]))
            #expect(m.message.contains(needle), "\(m.message)")
        }
        // --from: a directory, and an empty path.
        let dataDir = CLIData.tempPath("data")
        for (from, needle) in [(dir, "input file (--from) '\(dir)' is a directory, not a file"), ("", "a --from path is empty")] {
            let c = try DataImportCommand.parse(["x", "--space", "nb201", "--from", from, "--data-dir", dataDir])
            let e = await #expect(throws: NaswiftError.self) { try await c.run() }
            #expect(e?.message.contains(needle) == true, "\(e?.message ?? "")")
        }
        // A directory where a cache file belongs.
        try FileManager.default.createDirectory(atPath: dataDir + "/benchmarks/d.nasbench", withIntermediateDirectories: true)
        let cache = #expect(throws: NaswiftError.self) { try BenchmarkStore(directory: URL(fileURLWithPath: dataDir)).load("d") }
        #expect(cache?.message.contains("benchmark cache '\(dataDir)/benchmarks/d.nasbench' is a directory") == true, "\(cache?.message ?? "")")
    }

    /// `data list`: damaged caches are reported, the good ones still listed (issue 18).
    @Test func dataListReportsBadCachesAndListsTheGoodOnes() async throws {
        let dir = URL(fileURLWithPath: CLIData.tempPath("list"))
        let store = BenchmarkStore(directory: dir)
        _ = try store.importCSV(name: "b-good", space: "natsss", files: [SharedData.url("natsss/natsss.csv")])
        let good = try Data(contentsOf: store.cacheURL("b-good"))
        try good.dropLast(7).write(to: store.cacheURL("a-truncated"))
        try good.write(to: store.cacheURL("c-renamed"))  // holds benchmark 'b-good'
        let (summaries, damaged) = store.survey()
        #expect(summaries.map(\.name) == ["b-good"])
        #expect(damaged.map(\.name) == ["a-truncated", "c-renamed"])
        #expect(damaged[0].error.message.contains("truncated") && damaged[1].error.message.contains("holds benchmark 'b-good'"))
        let c = try DataListCommand.parse(["--json", "--data-dir", dir.path])
        let e = await #expect(throws: NaswiftError.self) { try await c.run() }
        #expect(e?.message.contains("2 damaged benchmark cache(s): a-truncated, c-renamed (1 good one(s) listed above") == true,
                "\(e?.message ?? "")")
        #expect(NaswiftCommand.exitCode(for: e!) != .success)
    }

    /// `tw-kdpp --batch-size 100 --budget 60` was random search in disguise; now refused, while a
    /// budget that reaches the model runs.
    @Test func batchThatSpendsTheBudgetOnRandomIsRefused() throws {
        let e = try #require(try searchError(args("tw-kdpp", budget: 60) + ["--batch-size", "100", "--seeds", "1"]))
        #expect(e.message.contains("budget of 60 queries with batches of 100 is spent before strategy 'tw-kdpp' proposes anything"),
                "\(e.message)")
        #expect(e.hint?.contains("--budget above 100") == true)
        let b = try #require(try searchError(args("bananas", budget: 25) + ["--batch-size", "30", "--seeds", "1"]))
        #expect(b.message.contains("its first 30 queries are random"), "\(b.message)")
        // batch 1 keeps the plain initial-design rule; a batch within the budget is accepted.
        #expect(throws: Never.self) {
            try StrategyRegistry.factory("tw-kdpp").validate(budget: 60, batchSize: 5, options: StrategyOptions())
            try StrategyRegistry.factory("tw-kdpp").validate(budget: 100, batchSize: 100, options: StrategyOptions())
        }
    }

    /// Importing under an existing name with other contents needs --replace; the same data again
    /// (e.g. `make run` re-importing analognas) does not.
    @Test func importOverAnotherBenchmarkNeedsReplace() async throws {
        let dir = CLIData.tempPath("replace")
        let natsss = SharedData.url("natsss/natsss.csv").path, nb201 = SharedData.url("nb201/nb201_200ep.csv").path
        try await DataImportCommand.parse(["b", "--space", "natsss", "--from", natsss, "--data-dir", dir]).run()
        try await DataImportCommand.parse(["b", "--space", "natsss", "--from", natsss, "--data-dir", dir]).run()  // same contents
        let c = try DataImportCommand.parse(["b", "--space", "nb201", "--from", nb201, "--data-dir", dir])
        let e = await #expect(throws: NaswiftError.self) { try await c.run() }
        #expect(e?.message.contains("benchmark 'b' already exists with other contents (space natsss, 32768 rows") == true, "\(e?.message ?? "")")
        #expect(e?.hint?.contains("--replace") == true)
        #expect(try BenchmarkStore(directory: URL(fileURLWithPath: dir)).load("b").spaceName == "natsss")
        try await DataImportCommand.parse(["b", "--space", "nb201", "--from", nb201, "--replace", "--data-dir", dir]).run()
        #expect(try BenchmarkStore(directory: URL(fileURLWithPath: dir)).load("b").spaceName == "nb201")
    }

    /// `--budget 1000000000000` ran with no progress until memory ran out; the query logs it
    /// would need are checked first. A never-repeating strategy is bounded by the domain instead.
    @Test func hugeBudgetIsRefusedUpFront() throws {
        let e = try #require(try searchError(args("re", budget: 1_000_000_000_000) + ["--seeds", "2"]))
        #expect(e.message.contains("budget of 1000000000000 queries x 2 seed(s) would log up to 2000000000000 queries"), "\(e.message)")
        #expect(e.message.contains("at most \(Runner.maxLoggedQueries)") && e.hint?.contains("15625") == true, "\(e.hint ?? "")")
        // random never repeats: its run stops at the 15,625 cells whatever the budget.
        let (result, _) = try SearchCommand.execute(strategy: "random",
                                                    arguments: try SearchCommand.parse(args("random", budget: 1_000_000_000_000) + ["--seeds", "1"]).arguments)
        #expect(result.seeds[0].queryCount == 15_625)
    }
}
