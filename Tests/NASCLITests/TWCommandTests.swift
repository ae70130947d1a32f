import Foundation
import NASTestSupport
import Testing
@testable import NASCLI

/// `naswift search --strategy tw-gp` and `naswift bench tw` end to end, in process.
@Suite struct TWCommandTests {
    init() { Plugins.registerAll() }

    @Test func searchWithTWGPWritesSummary() throws {
        let json = CLIData.tempPath("tw.json")
        let c = try SearchCommand.parse(["--benchmark", "nb201", "--task", "cifar10-12ep", "--strategy", "tw-gp", "--budget", "40",
                                         "--seeds", "2", "--option", "initial=10", "--json", json, "--data-dir", CLIData.directory])
        try c.run()
        let o = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        #expect(o["strategy"] as? String == "tw-gp" && o["budget"] as? Int == 40 && o["seeds"] as? Int == 2)
        let final = try #require(o["final"] as? [String: Any])
        let oracle = try #require(final["oracle_best_report"] as? [String: Any])
        let mean = try #require(oracle["mean"] as? Double)
        #expect(mean > 80 && mean <= 89.16)   // 12-epoch CIFAR-10 test accuracy; the optimum is 89.16
    }

    @Test func badTWOptionsAreClearErrors() throws {
        for opts in [["--option", "mode=exact"], ["--option", "initial=0"]] {
            let c = try SearchCommand.parse(["--benchmark", "nb201", "--task", "cifar10-12ep", "--strategy", "tw-gp", "--budget", "30",
                                             "--seeds", "1", "--data-dir", CLIData.directory] + opts)
            #expect(throws: (any Error).self) { try c.run() }
        }
        let b = try BenchTWCommand.parse(["--strategy", "tw-ucb", "--data-dir", CLIData.directory])
        #expect(throws: (any Error).self) { try b.run() }
    }

    @Test func benchTWRuns() throws {
        let json = CLIData.tempPath("benchtw.json")
        try BenchTWCommand.parse(["--runs", "1", "--budget", "30", "--option", "initial=10", "--json", json, "--data-dir", CLIData.directory]).run()
        let o = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Double])
        #expect((o["seconds_per_run"] ?? 0) > 0)
        #expect(o["profile_fits"] == 1)   // one refit per 50 model iterations
    }

    @Test func benchBananasRuns() throws {
        let json = CLIData.tempPath("benchbananas.json")
        try BenchTWCommand.parse(["--strategy", "bananas", "--runs", "1", "--budget", "30", "--option", "initial=10",
                                  "--option", "epochs=10", "--json", json, "--data-dir", CLIData.directory]).run()
        let o = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Double])
        #expect((o["seconds_per_run"] ?? 0) > 0 && (o["profile_ensemble_training_s"] ?? 0) > 0)
        #expect(o["profile_iterations"] == 2)   // 20 model proposals, 10 per iteration
    }

    @Test func budgetBelowTheInitialDesignIsAClearCLIError() throws {
        let c = try SearchCommand.parse(["--benchmark", "nb201", "--task", "cifar10-12ep", "--strategy", "bananas", "--budget", "10",
                                         "--seeds", "1", "--data-dir", CLIData.directory])
        #expect { try c.run() } throws: { e in
            "\(e)".contains("below the initial design of 20 random architectures")
        }
    }
}
