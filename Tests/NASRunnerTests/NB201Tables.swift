import Foundation
import NASCore
import NASRunner
import NASTestSupport

/// The real NB201 tables as `RunTable`s, read straight from ../shared/data (once per process).
enum NB201Tables {
    struct CSV: Sendable {
        let header: [String]
        let rows: [[Substring]]
        func column(_ name: String) -> [Double] {
            guard let i = header.firstIndex(of: name) else { return [] }
            return rows.map { Double($0[i]) ?? .nan }
        }
        func strings(_ name: String) -> [String] {
            guard let i = header.firstIndex(of: name) else { return [] }
            return rows.map { String($0[i]) }
        }
    }

    static func read(_ relative: String) -> CSV {
        let text = (try? String(contentsOf: SharedData.url(relative), encoding: .utf8)) ?? ""
        var lines = text.split(whereSeparator: \.isNewline)
        let header = lines.isEmpty ? [] : lines.removeFirst().split(separator: ",").map(String.init)
        return CSV(header: header, rows: lines.map { $0.split(separator: ",", omittingEmptySubsequences: false) })
    }

    static let ep200 = read("nb201/nb201_200ep.csv")

    /// cifar10: guide cifar10_valid_val_acc, report cifar10_test_acc, cost cifar10_valid_train_seconds.
    /// `benchmark` names the table as the data store would (`nb201` for `auto`'s task picks).
    static func cifar10(reportAsError: Bool = false, benchmark: String = "nb201-csv") throws -> RunTable {
        let t = ep200
        let report = t.column("cifar10_test_acc")
        return try RunTable(benchmark: benchmark, task: "cifar10", spaceName: "nb201", dataSHA256: "direct-csv",
                            architectures: t.strings("arch"),
                            guideMetric: "cifar10_valid_val_acc", guide: t.column("cifar10_valid_val_acc"),
                            reportMetric: reportAsError ? "cifar10_test_error" : "cifar10_test_acc",
                            report: reportAsError ? report.map { 100 - $0 } : report,
                            costMetric: "cifar10_valid_train_seconds", cost: t.column("cifar10_valid_train_seconds"))
    }

    /// Task `task` (`cifar100` or `imagenet16`) of benchmark `benchmark`, guided and reported by
    /// the 200-epoch test accuracy (this file has no validation accuracy for them).
    static func testAccuracy(_ task: String, benchmark: String = "nb201") throws -> RunTable {
        let t = ep200
        return try RunTable(benchmark: benchmark, task: task, spaceName: "nb201", dataSHA256: "direct-csv",
                            architectures: t.strings("arch"),
                            guideMetric: "\(task)_test_acc", guide: t.column("\(task)_test_acc"),
                            reportMetric: "\(task)_test_acc", report: t.column("\(task)_test_acc"))
    }
}
