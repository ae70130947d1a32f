import Foundation
import NASCore
import NASRunner
import NASSpaces
import NASTestSupport

/// The 12-epoch NB201 table (../shared/data/nb201-12ep) as a `RunTable` for one data set: the
/// data the TW-NAS reference numbers come from (METHODS §3.9).
enum NB201TwelveEpoch {
    static let rows: [[String: String]] = {
        let text = (try? String(contentsOf: SharedData.url("nb201-12ep/nb201_12ep.csv"), encoding: .utf8)) ?? ""
        var lines = text.split(whereSeparator: \.isNewline)
        guard !lines.isEmpty else { return [] }
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        return lines.map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, f))
        }
    }()

    /// Guide `guide`, report `report` (accuracies in %), no cost.
    static func table(guide: String, report: String) throws -> RunTable {
        try RunTable(benchmark: "nb201-12ep", task: "\(guide)->\(report)", spaceName: "nb201", dataSHA256: "test",
                     architectures: rows.map { $0["arch"] ?? "" },
                     guideMetric: guide, guide: rows.map { Double($0[guide] ?? "") ?? .nan },
                     reportMetric: report, report: rows.map { Double($0[report] ?? "") ?? .nan })
    }
}
