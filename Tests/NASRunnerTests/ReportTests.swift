import Foundation
import FoundationXML
import NASCore
import NASReports
import Testing
@testable import NASRunner

@Suite struct ReportTests {
    static func tempDir() -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-report-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    @Test func filesHoldEveryQueryAndTheProtocol() throws {
        let table = try NB201Tables.cifar10()
        let results = try ["random", "re"].map { try Runner.run(try RunSpec(strategy: $0, budget: 25, seeds: 4), on: table) }
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try RunReport.write(results, to: dir).map(\.lastPathComponent)
        #expect(Set(["queries.csv", "queries.jsonl", "report.md", "report.csv", "curves.svg"]).isSubset(of: files))

        let csv = try String(contentsOf: dir.appendingPathComponent("queries.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 1 + 2 * 4 * 25)
        let jsonl = try String(contentsOf: dir.appendingPathComponent("queries.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(jsonl.count == 2 * 4 * 25)
        // Every JSONL row parses and agrees with the table.
        for line in jsonl {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let row = try #require(o["row"] as? Int)
            #expect(o["arch"] as? String == table.architectures[row])
            #expect(o["report"] as? Double == table.report[row])
        }
        let md = try String(contentsOf: dir.appendingPathComponent("report.md"), encoding: .utf8)
        for needle in ["cifar10_valid_val_acc", "cifar10_test_acc", "25 queries", "4 seeds", "sha256 direct-csv", "| re |", "| random |", "p vs random"] {
            #expect(md.contains(needle))
        }
        let svg = try Data(contentsOf: dir.appendingPathComponent("curves.svg"))
        let delegate = SVGCounter()
        let parser = XMLParser(data: svg)
        parser.delegate = delegate
        #expect(parser.parse())
        #expect(delegate.counts["polyline"] == 4)  // 2 strategies x 2 curves
        #expect(delegate.counts["polygon"] == 4)   // their std bands
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/rsvg-convert") {
            #expect(files.contains("curves.png"))
        }
    }

    @Test func summaryJSONHasTheIssueKeys() throws {
        let r = try Runner.run(try RunSpec(strategy: "ls", budget: 30, seeds: 5), on: try NB201Tables.cifar10())
        let o = try #require(try JSONSerialization.jsonObject(with: r.summary.json()) as? [String: Any])
        for key in ["benchmark", "task", "strategy", "budget", "seeds", "guide_metric", "report_metric", "final", "data_sha256", "wall_seconds"] {
            #expect(o[key] != nil, "missing \(key)")
        }
        #expect(o["budget"] as? Int == 30 && o["seeds"] as? Int == 5)
        let final = try #require(o["final"] as? [String: Any])
        let g = try #require(final["report_of_best_guided"] as? [String: Double])
        let oracle = try #require(final["oracle_best_report"] as? [String: Double])
        let (m, s) = Statistics.meanStd(r.finalBestGuidedReport)
        #expect(g["mean"] == m && g["std"] == s)
        #expect(oracle["mean"]! >= g["mean"]!)
    }

    @Test func niceTicks() {
        #expect(SVGPlot.ticks(0, 100) == [0, 20, 40, 60, 80, 100])
        #expect(SVGPlot.ticks(93.1, 94.4) == [93.25, 93.5, 93.75, 94, 94.25])
        #expect(SVGPlot.ticks(1, 1).isEmpty == false)
        #expect(SVGPlot.label(94.25) == "94.25" && SVGPlot.label(100) == "100")
    }
}

final class SVGCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        counts[name, default: 0] += 1
    }
}
