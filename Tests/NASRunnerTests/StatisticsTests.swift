import Foundation
import NASCore
import NASReports
import Testing
@testable import NASRunner

@Suite struct StatisticsTests {
    @Test func meanStdIsPopulationStd() {
        let (m, s) = Statistics.meanStd([1, 2, 3, 4, .nan])
        #expect(m == 2.5)
        #expect(abs(s - 1.118033988749895) < 1e-12)
        #expect(Statistics.meanStd([]).mean.isNaN)
    }

    /// scipy.stats.mannwhitneyu(a, b, alternative="greater", method="asymptotic") on tied,
    /// real-valued samples (NB201 accuracies rounded to 1 decimal, so ties are common).
    @Test func mannWhitneyMatchesScipy() throws {
        var g = SeededGenerator(seed: 5)
        let acc = NB201Tables.ep200.column("cifar10_test_acc")
        var samples: [([Double], [Double])] = []
        for trial in 0..<4 {
            let a = (0..<(30 + trial * 7)).map { _ in (acc[Int(g.next() % UInt64(acc.count))] * 10).rounded() / 10 }
            let b = (0..<(25 + trial * 3)).map { _ in (acc[Int(g.next() % UInt64(acc.count))] * 10).rounded() / 10 + Double(trial) * 0.3 }
            samples.append((a, b))
        }
        // One python process for all trials (scipy's import is the slow part).
        let calls = samples.map { "r = st.mannwhitneyu(\($0.0), \($0.1), alternative=\"greater\", method=\"asymptotic\"); print(repr(float(r.statistic)), repr(float(r.pvalue)))" }
        let lines = try python("import scipy.stats as st\n" + calls.joined(separator: "\n")).split(whereSeparator: \.isNewline)
        try #require(lines.count == samples.count)
        for (k, (a, b)) in samples.enumerated() {
            let mine = Statistics.mannWhitneyGreater(a, b)
            let out = lines[k].split(separator: " ").map { Double($0)! }
            #expect(mine.u == out[0])
            #expect(abs(mine.p - out[1]) < 1e-10 * max(1, out[1]) + 1e-14)
        }
    }

    func python(_ script: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func directionRule() {
        for m in ["cifar10_test_error", "latency", "cifar10_valid_train_seconds", "params", "val_loss", "train-time"] {
            #expect(MetricDirection.infer(m) == .minimize)
        }
        for m in ["cifar10_test_acc", "perf", "valid_perf", "analog_acc_1day", "val_acc_108ep"] {
            #expect(MetricDirection.infer(m) == .maximize)
        }
    }
}
