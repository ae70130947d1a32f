import Foundation
import NASCore
import NASTestSupport
import Testing
@testable import NASStudy

/// The tabular trainer: `naswift worker --benchmark nb201 --task cifar10` answers trials from the
/// real NAS-Bench-201 table, with the recorded training seconds scaled down.
@Suite("Tabular trainer worker")
struct TabularWorkerTests {
    /// cifar10_valid_val_acc and cifar10_valid_train_seconds of `archs`, read from the CSV by
    /// python's csv module (an independent reader).
    static func nb201Rows(_ archs: [String]) throws -> [String: (acc: Double, seconds: Double)] {
        let code = """
            import csv, sys
            rows = {r["arch"]: r for r in csv.DictReader(open(sys.argv[1], newline=""))}
            for a in sys.stdin.read().split():
                r = rows[a]
                print(a, r["cifar10_valid_val_acc"], r["cifar10_valid_train_seconds"])
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", code, SharedData.path("nb201/nb201_200ep.csv")]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try p.run()
        input.fileHandleForWriting.write(Data(archs.joined(separator: "\n").utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        var out: [String: (Double, Double)] = [:]
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let f = line.split(separator: " ")
            if f.count == 3, let acc = Double(f[1]), let sec = Double(f[2]) { out[String(f[0])] = (acc, sec) }
        }
        return out
    }

    @Test func answersFromTheBenchmarkWithScaledDelay() async throws {
        let data = try TestStorages.tempDir()
        let env = ["NASWIFT_DATA": data.path]
        let imp = try NaswiftBinary.run(["data", "import", "nb201", "--space", "nb201",
                                         "--from", SharedData.path("nb201/nb201_200ep.csv")], environment: env)
        try #require(imp.status == 0, "\(imp.stderr)")
        let url = try TestStorages.url(.sqlite)
        let create = try NaswiftBinary.run(["study", "create", "tab", "--space", "nb201", "--strategy", "re",
                                            "--metric", "cifar10_valid_val_acc", "--direction", "max", "--budget", "30",
                                            "--storage", url], environment: env)
        try #require(create.status == 0, "\(create.stderr)")
        let scale = 1e-5
        let run = try NaswiftBinary.run(["worker", "--study", "tab", "--storage", url, "--benchmark", "nb201",
                                         "--task", "cifar10", "--time-scale", "\(scale)"],
                                        environment: env.merging(["NASWIFT_PROGRESS": "lines"]) { $1 })
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("30 complete, 0 failed"))
        // Study progress on stderr, a line per 10% when not a terminal, ending at the budget.
        #expect(run.stderr.contains("study tab: 30/30 trials (100%)"), "\(run.stderr)")
        let storage = try await TestStorages.open(url)
        let trials = try await Study.load("tab", storage: storage).trials()
        await storage.close()
        let table = try Self.nb201Rows(trials.map(\.architecture))
        #expect(trials.count == 30)
        for t in trials {
            let row = try #require(table[t.architecture], "\(t.architecture) not in the CSV")
            #expect(t.value == row.acc, "trial \(t.number): \(String(describing: t.value)) vs \(row.acc)")
            // The simulated training delay was slept (the trial lasted at least the scaled seconds).
            #expect(try #require(t.duration) >= row.seconds * scale * 0.9)
        }

        let badTask = try NaswiftBinary.run(["worker", "--study", "tab", "--storage", url, "--benchmark", "nb201",
                                             "--task", "mnist"], environment: env)
        #expect(badTask.status != 0 && badTask.stderr.contains("mnist"))
        let badBench = try NaswiftBinary.run(["worker", "--study", "tab", "--storage", url, "--benchmark", "nb999",
                                              "--task", "cifar10"], environment: env)
        #expect(badBench.status != 0 && badBench.stderr.contains("nb999"))
        let both = try NaswiftBinary.run(["worker", "--study", "tab", "--storage", url, "--benchmark", "nb201",
                                          "--task", "cifar10", "--", "true"], environment: env)
        #expect(both.status != 0 && both.stderr.contains("not both"))
    }
}
