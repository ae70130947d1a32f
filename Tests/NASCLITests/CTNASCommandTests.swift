import Foundation
import NASBenchmarks
import NASTestSupport
import Testing
@testable import NASCLI

/// `naswift ctnas nac` and `naswift bench ctnas` in process, on real data imported from
/// ../shared/data (NB201 200-epoch table; nb101-20k).
@Suite struct CTNASCommandTests {
    /// nb101-20k imported once per process into a temporary data directory.
    static let nb101Directory: String = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-cli-ctnas-\(UUID().uuidString)")
        _ = try? BenchmarkStore(directory: dir).importCSV(name: "nb101-20k", space: "nb101", files: [SharedData.url("nb101/nb101_20k.csv")])
        return dir.path
    }()

    func json(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test func nacOnNB201RanksHeldOutCells() throws {
        let out = CLIData.tempPath("nac201.json")
        try CTNASNACCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--labels", "200", "--held-out", "500",
                                   "--epochs", "60", "--seed", "2", "--json", out, "--data-dir", CLIData.directory]).run()
        let o = try json(out)
        #expect(o["labels"] as? Int == 200 && o["heldOut"] as? Int == 500 && o["epochs"] as? Int == 60 && o["space"] as? String == "nb201")
        let pairwise = try #require(o["tauPairwise"] as? Double), tauB = try #require(o["tauB"] as? Double)
        #expect(pairwise > 0.3 && tauB > 0.3, "tau pairwise \(pairwise), tau-b \(tauB)")
        #expect(o["steps"] as? Int == 60)   // 200 labels = one batch of 256 per epoch
    }

    /// `--predictors`: the tw-gp and bananas surrogates on the NAC's labelled and held-out cells,
    /// in the JSON beside the NAC's figures.
    @Test func nacWithPredictorsOnNB201() throws {
        let out = CLIData.tempPath("nac201-predictors.json")
        try CTNASNACCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--labels", "100", "--held-out", "300",
                                   "--epochs", "20", "--seed", "1", "--predictors", "tw-gp,bananas", "--json", out,
                                   "--data-dir", CLIData.directory]).run()
        let o = try json(out)
        let predictors = try #require(o["predictors"] as? [[String: Any]])
        #expect(predictors.map { $0["name"] as? String } == ["tw-gp", "bananas"])
        for p in predictors {
            let pairwise = try #require(p["tauPairwise"] as? Double), tauB = try #require(p["tauB"] as? Double)
            #expect(pairwise > 0.3 && tauB > 0.3 && (p["fitSeconds"] as? Double ?? -1) >= 0, "\(p)")   // seed 1: 0.395 and 0.655
        }
        // without --predictors the JSON has no predictors key
        try CTNASNACCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--labels", "100", "--held-out", "300",
                                   "--epochs", "2", "--json", out, "--data-dir", CLIData.directory]).run()
        #expect(try json(out)["predictors"] == nil)
        #expect { try CTNASNACCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--labels", "100", "--predictors", "tw-gp,gp",
                                             "--data-dir", CLIData.directory]).run() }
            throws: { "\($0)".contains("unknown predictor 'gp'") && "\($0)".contains("valid predictors: tw-gp, bananas") }
    }

    @Test func nacOnNB101TwentyK() throws {
        let out = CLIData.tempPath("nac101.json")
        try CTNASNACCommand.parse(["--benchmark", "nb101-20k", "--task", "cifar10", "--labels", "423", "--held-out", "1000",
                                   "--epochs", "40", "--json", out, "--data-dir", Self.nb101Directory]).run()
        let o = try json(out)
        let pairwise = try #require(o["tauPairwise"] as? Double), tauB = try #require(o["tauB"] as? Double)
        print("nb101-20k NAC, 423 labels, 40 epochs: tau pairwise \(pairwise), tau-b \(tauB)")
        #expect(pairwise > 0.2 && tauB > 0.2, "tau pairwise \(pairwise), tau-b \(tauB)")
        #expect(o["steps"] as? Int == 80)
    }

    @Test func badNACArgumentsAreClearErrors() throws {
        let base = ["--benchmark", "nb201", "--task", "cifar10", "--data-dir", CLIData.directory]
        #expect { try CTNASNACCommand.parse(base + ["--labels", "15000", "--held-out", "1000"]).run() }
            throws: { "\($0)".contains("labels + held-out <= 15625") }
        #expect { try CTNASNACCommand.parse(base + ["--labels", "100", "--epochs", "0"]).run() } throws: { "\($0)".contains("epochs") }
        #expect { try CTNASNACCommand.parse(["--benchmark", "nb201", "--task", "mnist", "--labels", "10", "--data-dir", CLIData.directory]).run() }
            throws: { "\($0)".contains("mnist") }
        #expect(throws: (any Error).self) { try CTNASNACCommand.parse(["--benchmark", "nb201", "--task", "cifar10"]) }  // no --labels
    }

    @Test func benchCTNASWritesFigures() throws {
        let out = CLIData.tempPath("benchctnas.json")
        try BenchCTNASCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--labels", "100", "--epochs", "3",
                                     "--controller-iterations", "200",
                                     "--torch-python", "", "--json", out, "--data-dir", CLIData.directory]).run()
        let o = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Double])
        #expect(o["steps"] == 3 && o["labels"] == 100 && (o["nac_step_ms_naswift"] ?? 0) > 0)
        // 200 controller iterations timed alone and with the two pseudo-label rounds (each one more NAC epoch)
        let controller = try #require(o["controller_s_naswift"]), policy = try #require(o["policy_learning_s_naswift"])
        #expect(o["controller_iterations"] == 200 && controller > 0 && policy > controller, "\(o)")
        #expect { try BenchCTNASCommand.parse(["--controller-iterations=-1", "--torch-python", "", "--data-dir", CLIData.directory]).run() }
            throws: { "\($0)".contains("--controller-iterations >= 0") }
    }
}

/// The `ctnas` strategy through `naswift search` (the runner): labelled cells, then the derived one.
@Suite struct CTNASSearchCommandTests {
    init() { Plugins.registerAll() }

    @Test func ctnasSearchRunsThroughTheRunner() throws {
        let out = CLIData.tempPath("ctnas-search.json")
        try SearchCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--strategy", "ctnas", "--budget", "31", "--seeds", "2",
                                 "--option", "labels=30", "--option", "epochs=30", "--option", "iterations=300", "--option", "every=100",
                                 "--json", out, "--data-dir", CLIData.directory]).run()
        let o = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        #expect(o["strategy"] as? String == "ctnas" && o["budget"] as? Int == 31 && o["seeds"] as? Int == 2)
        let final = try #require(o["final"] as? [String: Any])
        let best = try #require(final["report_of_best_guided"] as? [String: Any])
        let mean = try #require(best["mean"] as? Double)
        #expect(mean > 80 && mean <= 94.38)   // CIFAR-10 test accuracy; the optimum is 94.37
    }

    /// The reference's NB101 protocol, shortened, on the nb101-20k table: labelled cells then the
    /// derived cell, a member of the table (108-epoch validation accuracy as guide and report).
    @Test func ctnasSearchesNB101TwentyK() throws {
        let out = CLIData.tempPath("ctnas-nb101.json")
        try SearchCommand.parse(["--benchmark", "nb101-20k", "--task", "cifar10", "--strategy", "ctnas", "--budget", "41", "--seeds", "1",
                                 "--option", "labels=40", "--option", "epochs=30", "--option", "iterations=300", "--option", "every=150",
                                 "--option", "pseudo=100", "--json", out, "--data-dir", CTNASCommandTests.nb101Directory]).run()
        let o = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        #expect(o["strategy"] as? String == "ctnas" && o["budget"] as? Int == 41)
        let final = try #require(o["final"] as? [String: Any])
        let best = try #require(final["report_of_best_guided"] as? [String: Any])
        let mean = try #require(best["mean"] as? Double)
        #expect(mean > 0.8 && mean < 0.96)   // validation accuracy (fraction); the table's best is 0.9505
    }

    /// `ctnas nac --save` writes a comparator that `--option nac=FILE` reuses: no labels are asked,
    /// so a budget of 2 is the derived cell and the next of the history.
    @Test func savedComparatorDrivesASearch() throws {
        let model = CLIData.tempPath("nac201.model")
        try CTNASNACCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--labels", "150", "--held-out", "100",
                                   "--epochs", "40", "--save", model, "--data-dir", CLIData.directory]).run()
        let out = CLIData.tempPath("ctnas-saved.json")
        try SearchCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--strategy", "ctnas", "--budget", "2", "--seeds", "2",
                                 "--option", "nac=\(model)", "--option", "iterations=300", "--option", "every=100",
                                 "--json", out, "--data-dir", CLIData.directory]).run()
        let o = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        let final = try #require(o["final"] as? [String: Any])
        let best = try #require(final["report_of_best_guided"] as? [String: Any])
        let mean = try #require(best["mean"] as? Double)
        #expect(mean > 80 && mean <= 94.38)
        // a damaged file is refused with its name
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: model)))
        bytes[100] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: model))
        let c = try SearchCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--strategy", "ctnas", "--budget", "2", "--seeds", "1",
                                         "--option", "nac=\(model)", "--data-dir", CLIData.directory])
        #expect { try c.run() } throws: { "\($0)".contains(model) && "\($0)".contains("SHA-256") }
    }

    @Test func budgetWithoutRoomForTheDerivedCellIsAClearError() throws {
        let c = try SearchCommand.parse(["--benchmark", "nb201", "--task", "cifar10", "--strategy", "ctnas", "--budget", "100",
                                         "--seeds", "1", "--data-dir", CLIData.directory])
        #expect { try c.run() } throws: { "\($0)".contains("--budget >= 101") }
    }
}
