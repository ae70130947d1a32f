import ArgumentParser
import Foundation
import NASBenchmarks
import NASCore
import NASTestSupport
import Testing
@testable import NASCLI

/// A temporary data directory with `nb201` imported from ../shared/data through BenchmarkStore
/// (the 200-epoch and 12-epoch CSVs merged), built once per test process.
enum CLIData {
    static let directory: String = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-cli-data-\(UUID().uuidString)")
        let store = BenchmarkStore(directory: dir)
        _ = try? store.importCSV(name: "nb201", space: "nb201",
                                 files: [SharedData.url("nb201/nb201_200ep.csv"), SharedData.url("nb201-12ep/nb201_12ep.csv")])
        return dir.path
    }()

    static func tempPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("naswift-cli-\(UUID().uuidString)-\(name)").path
    }
}

@Suite struct SearchCommandTests {
    let data = CLIData.directory

    @Test func parsesEveryOption() throws {
        let c = try SearchCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--strategy", "re", "--budget", "100",
                                         "--seeds", "7", "--guide", "cifar10_valid_val_acc", "--report", "cifar10_test_acc",
                                         "--time-budget", "12000", "--batch-size", "5", "--json", "s.json", "--out", "o",
                                         "--option", "population=20", "--first-seed", "3", "--threads", "2"])
        #expect(c.strategy == "re")
        let a = c.arguments
        #expect(a.benchmark == "nb201" && a.task == "cifar10" && a.budget == 100 && a.seeds == 7 && a.batchSize == 5)
        #expect(a.timeBudget == 12000 && a.json == "s.json" && a.out == "o" && a.options == ["population=20"])
        #expect(a.firstSeed == 3 && a.threads == 2)
        #expect(throws: (any Error).self) { try SearchCommand.parse(["--benchmark", "nb201"]) }  // no --strategy
        #expect(throws: (any Error).self) { try SearchCommand.parse(["--benchmark", "nb201", "--strategy", "re", "--budget", "ten"]) }
    }

    @Test func searchWritesTheSummaryAndLogs() throws {
        let json = CLIData.tempPath("search.json"), out = CLIData.tempPath("out")
        let c = try SearchCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--strategy", "re", "--budget", "40",
                                         "--seeds", "6", "--json", json, "--out", out, "--data-dir", data])
        try c.run()
        let o = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        #expect(o["benchmark"] as? String == "nb201" && o["task"] as? String == "cifar10" && o["strategy"] as? String == "re")
        #expect(o["budget"] as? Int == 40 && o["seeds"] as? Int == 6)
        #expect(o["guide_metric"] as? String == "cifar10_valid_val_acc" && o["report_metric"] as? String == "cifar10_test_acc")
        #expect((o["data_sha256"] as? String)?.count == 64)
        #expect((o["wall_seconds"] as? Double).map { $0 > 0 } == true)
        let final = try #require(o["final"] as? [String: [String: Double]])
        let g = try #require(final["report_of_best_guided"]?["mean"]), oracle = try #require(final["oracle_best_report"]?["mean"])
        #expect(g > 90 && g <= 94.37 && oracle >= g)
        let csv = try String(contentsOfFile: out + "/queries.csv", encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 1 + 6 * 40)
        #expect(FileManager.default.fileExists(atPath: out + "/curves.svg"))
        #expect(FileManager.default.fileExists(atPath: out + "/queries.jsonl"))
    }

    @Test func compareWritesOneTableAndOnePlot() throws {
        let json = CLIData.tempPath("compare.json"), out = CLIData.tempPath("cmp")
        let c = try CompareCommand.parse(["--benchmark", "nb201", "--task", "cifar10-12ep", "--strategies", "random,re,ls",
                                          "--budget", "30", "--seeds", "8", "--json", json, "--out", out, "--data-dir", data])
        try c.run()
        let md = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        for s in ["| random |", "| re |", "| ls |", "p vs random"] { #expect(md.contains(s)) }
        let o = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        #expect((o["strategies"] as? [[String: Any]])?.count == 3)
        #expect((o["p_value_vs_baseline"] as? [String: Double])?.keys.sorted() == ["ls", "re"])
        let csv = try String(contentsOfFile: out + "/report.csv", encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 4)
    }

    /// In a comparison an option goes to the strategies that declare it; NAME.key to one of them.
    @Test func compareRoutesOptionsToTheStrategiesThatHaveThem() throws {
        let names = ["random", "re", "tpe"], pairs = ["initial=5", "tpe.candidates=64", "prior=2"]
        #expect(try SearchArguments.route(pairs, to: "re", among: names) == ["initial=5"])
        #expect(try SearchArguments.route(pairs, to: "tpe", among: names) == ["candidates=64", "prior=2"])
        #expect(try SearchArguments.route(pairs, to: "random", among: names).isEmpty)
        for (bad, needle) in [("embeddings=x.npy", "no compared strategy (random, re, tpe) has an option 'embeddings'"),
                              ("re.prior=2", "no compared strategy (re) has an option 'prior'"),
                              ("bananas.epochs=3", "'bananas' is not one of the compared strategies (random, re, tpe)")] {
            #expect { try SearchArguments.route([bad], to: "re", among: names) } throws: { "\($0)".contains(needle) }
        }
        // end to end: re gets its population, random nothing; a key nobody has fails before any run
        let json = CLIData.tempPath("route.json")
        try CompareCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--strategies", "random,re", "--option", "population=7",
                                  "--budget", "20", "--seeds", "2", "--json", json, "--out", CLIData.tempPath("route"), "--data-dir", data]).run()
        let o = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let options = (o["strategies"] as? [[String: Any]])?.map { $0["strategy_options"] as? [String: String] ?? ["?": "?"] }
        #expect(options == [[:], ["population": "7"]])
        #expect { try CompareCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--strategies", "random,re", "--option", "labels=3",
                                            "--budget", "20", "--data-dir", data]).run() } throws: { "\($0)".contains("has an option 'labels'") }
    }

    @Test func timeBudgetSearch() throws {
        let json = CLIData.tempPath("t.json")
        try SearchCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--strategy", "random", "--time-budget", "12000",
                                 "--seeds", "4", "--json", json, "--out", CLIData.tempPath("t"), "--data-dir", data]).run()
        let o = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        #expect(o["budget_unit"] as? String == "seconds" && o["budget"] as? Int == 12000)
        #expect((o["mean_queries"] as? Double).map { $0 > 3 && $0 < 20 } == true)
    }

    /// Every bad input is a NaswiftError with a message and a hint, and the CLI maps it to a
    /// non-zero exit code with that message (ArgumentParser's exit path; no crash).
    @Test func badInputIsAClearErrorWithNonZeroExit() throws {
        let base = ["--benchmark", "nb201", "--task", "cifar10", "--budget", "10", "--seeds", "2", "--data-dir", data,
                    "--out", CLIData.tempPath("bad")]
        func replacing(_ key: String, _ value: String, in args: [String]) -> [String] {
            var a = args
            if let i = a.firstIndex(of: key) { a[i + 1] = value } else { a += [key, value] }
            return a
        }
        let cases: [(args: [String], needle: String)] = [
            (replacing("--benchmark", "nb999", in: base) + ["--strategy", "re"], "nb999"),
            (replacing("--task", "cifar11", in: base) + ["--strategy", "re"], "cifar10-12ep"),
            (base + ["--strategy", "evolution"], "ls, random, re"),
            (base + ["--strategy", "re", "--guide", "val_acc"], "cifar10_valid_val_acc"),
            (base + ["--strategy", "re", "--report", "test_acc"], "cifar10_test_acc"),
            (replacing("--budget", "0", in: base) + ["--strategy", "re"], "budget"),
            (replacing("--seeds", "0", in: base) + ["--strategy", "re"], "seeds"),
            (base + ["--strategy", "re", "--time-budget=-5"], "time budget"),
            (base + ["--strategy", "re", "--batch-size", "0"], "batch size"),
            (base + ["--strategy", "re", "--option", "popsize=3"], "population"),
            (base + ["--strategy", "re", "--guide-direction", "up"], "auto, max, min"),
            (base + ["--strategy", "re", "--threads", "0"], "threads"),
        ]
        for (args, needle) in cases {
            let c = try SearchCommand.parse(args)
            do {
                try c.run()
                Issue.record("no error for \(args)")
            } catch let e as NaswiftError {
                #expect(e.description.contains(needle), "\(e.description) should mention \(needle)")
                #expect(e.hint != nil)
                #expect(NaswiftCommand.exitCode(for: e) != .success)
                #expect(NaswiftCommand.message(for: e).contains(e.message))
            }
        }
        // compare: empty, unknown and repeated strategy lists.
        for (list, needle) in [(",", "empty"), ("random,bogus", "bogus"), ("re,re", "twice")] {
            let c = try CompareCommand.parse(base + ["--strategies", list])
            #expect(throws: NaswiftError.self) { try c.run() }
            do { try c.run() } catch { #expect("\(error)".contains(needle)) }
        }
    }

    @Test func benchRunnerMeasuresThroughput() throws {
        let json = CLIData.tempPath("bench.json")
        try BenchRunnerCommand.parse(["--seeds", "20", "--budget", "50", "--json", json, "--data-dir", data]).run()
        let o = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        #expect(o["total_queries"] as? Int == 3 * 20 * 50)
        #expect((o["queries_per_second"] as? Double).map { $0 > 0 } == true)
        #expect((o["strategies"] as? [[String: Any]])?.map { $0["strategy"] as? String } == ["random", "re", "ls"])
    }
}
