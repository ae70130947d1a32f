import Foundation
import NASCore
import NASReports
import NASTestSupport
import Testing
@testable import NASRunner

/// The self-contained HTML report of `search` / `compare` (issue 19), checked as text and as a
/// real browser renders it.
@Suite struct HTMLReportTests {
    static func report() throws -> (results: [RunResult], dir: URL) {
        let table = try NB201Tables.cifar10()
        let results = try ["random", "re"].map { try Runner.run(try RunSpec(strategy: $0, budget: 40, seeds: 12), on: table) }
        let dir = ReportTests.tempDir()
        try RunReport.write(results, to: dir)
        return (results, dir)
    }

    @Test func pageHoldsProtocolPlotsAndTables() throws {
        let (results, dir) = try Self.report()
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = try String(contentsOf: dir.appendingPathComponent("index.html"), encoding: .utf8)
        let t = results[0].table
        for needle in [t.guideMetric, t.reportMetric, "40 queries per seed", "12 seeds (0...11)", t.dataSHA256,
                       "p vs random", "Per-seed final values", "distinct architectures"] {
            #expect(html.contains(needle), "missing \(needle)")
        }
        // Three inline figures (curves, distribution), one row per strategy in both tables.
        #expect(html.components(separatedBy: "<svg ").count - 1 == 2)
        #expect(html.components(separatedBy: "<tr><td>re</td>").count - 1 == 2)
        // Self-contained: no scripts, no external resources; figure ids made unique.
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("<link"))
        #expect(html.contains("id=\"f1-plotarea\"") && html.contains("url(#f1-plotarea)"))
        // The mean in the table is the runner's figure.
        let (m, _) = Statistics.meanStd(results[1].finalBestGuidedReport)
        #expect(html.contains(String(format: "%.3f", m)))
        // Escaping: an architecture string with markup characters cannot break the page.
        #expect(HTMLPage.escape("<a href='x'>&\"") == "&lt;a href=&#39;x&#39;&gt;&amp;&quot;")
    }

    /// Renders index.html in headless Chromium: the screenshot is not blank and shows both
    /// strategies' colours (curves, bands, strip plot).
    @Test func chromiumRendersThePlots() throws {
        let (_, dir) = try Self.report()
        defer { try? FileManager.default.removeItem(at: dir) }
        let png = dir.appendingPathComponent("screenshot.png")
        try HeadlessChromium.screenshot(dir.appendingPathComponent("index.html"), to: png, width: 1100, height: 2400)
        let stats = try PythonProcess.text(["-c", """
            import sys, json
            from PIL import Image
            im = Image.open(sys.argv[1]).convert("RGB")
            px = list(im.getdata())
            def near(c, t): return sum(abs(a - b) for a, b in zip(c, t)) <= 30
            out = {"w": im.width, "h": im.height,
                   "nonwhite": sum(1 for c in px if sum(c) < 720) / len(px),
                   "colours": len(set(px)),
                   "blue": sum(1 for c in px if near(c, (0, 114, 178))),
                   "orange": sum(1 for c in px if near(c, (213, 94, 0)))}
            print(json.dumps(out))
            """, png.path])
        let o = try #require(try JSONSerialization.jsonObject(with: Data(stats.utf8)) as? [String: Double])
        #expect(o["w"] == 1100 && o["h"] == 2400)
        #expect((o["nonwhite"] ?? 0) > 0.02, "screenshot nearly blank: \(o)")
        #expect((o["colours"] ?? 0) > 100, "too few colours for plots: \(o)")
        #expect((o["blue"] ?? 0) > 500 && (o["orange"] ?? 0) > 500, "strategy colours missing: \(o)")
    }
}
