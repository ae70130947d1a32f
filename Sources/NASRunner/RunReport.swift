import Foundation
import NASCore
import NASReports

/// Reports of one or more runs on the same task: query logs (CSV, JSONL), the curve plot, a
/// Markdown table and its CSV. Every report names the guide and report metrics, the budget, the
/// seeds and the data checksum.
public enum RunReport {
    /// The statistical comparison baseline: `random` when present, else the first strategy.
    public static func baseline(_ results: [RunResult]) -> RunResult? {
        results.first { $0.strategy == "random" } ?? results.first
    }

    /// One-sided Mann-Whitney U p-value that `r`'s final report-of-best-guided values are better
    /// than `base`'s (in the report metric's direction).
    public static func pValue(_ r: RunResult, vs base: RunResult) -> Double {
        let sign = r.table.reportDirection == .maximize ? 1.0 : -1.0
        return Statistics.mannWhitneyGreater(r.finalBestGuidedReport.map { sign * $0 },
                                             base.finalBestGuidedReport.map { sign * $0 }).p
    }

    static func num(_ v: Double) -> String { v.isNaN ? "" : "\(v)" }
    static func jnum(_ v: Double) -> String { JSONText.number(v) }
    static func jstr(_ s: String) -> String { TextEscaping.jsonString(s) }
    static func csvField(_ s: String) -> String { TextEscaping.csvField(s) }

    /// Every query of every seed: `strategy,seed,query,row,arch,guide,report,cost,elapsed_seconds,
    /// best_guided_report,oracle_best_report` (query counts from 1; empty = missing value).
    public static func queryCSV(_ results: [RunResult]) -> String {
        "strategy,seed,query,row,arch,guide,report,cost,elapsed_seconds,best_guided_report,oracle_best_report\n"
            + perSeed(results) { r, s in
                let t = r.table
                let strategy = csvField(r.strategy)
                var o = ""
                o.reserveCapacity(s.queryCount * 200)
                for q in 0..<s.queryCount {
                    let row = Int(s.rows[q])
                    o += "\(strategy),\(s.seed),\(q + 1),\(row),\(csvField(t.architectures[row])),"
                    o += "\(num(t.guide[row])),\(num(t.report[row])),\(num(t.cost?[row] ?? .nan)),\(s.elapsed[q]),"
                    o += "\(num(s.bestGuidedReport[q])),\(num(s.oracleBestReport[q]))\n"
                }
                return o
            }
    }

    /// `body` for every (run, seed) on all cores, concatenated in run then seed order.
    static func perSeed(_ results: [RunResult], _ body: @Sendable (RunResult, SeedResult) -> String) -> String {
        let pairs = results.flatMap { r in r.seeds.map { (r, $0) } }
        let parts = (try? Runner.parallelMap(count: pairs.count, threads: nil, progress: nil) { body(pairs[$0].0, pairs[$0].1) }) ?? []
        return parts.joined()
    }

    /// The same rows as JSON Lines (missing values are `null`).
    public static func queryJSONL(_ results: [RunResult]) -> String {
        perSeed(results) { r, s in
            let t = r.table
            let strategy = jstr(r.strategy)
            var o = ""
            o.reserveCapacity(s.queryCount * 320)
            for q in 0..<s.queryCount {
                let row = Int(s.rows[q])
                o += "{\"strategy\":\(strategy),\"seed\":\(s.seed),\"query\":\(q + 1),\"row\":\(row),"
                o += "\"arch\":\(jstr(t.architectures[row])),\"guide\":\(jnum(t.guide[row])),\"report\":\(jnum(t.report[row])),"
                o += "\"cost\":\(jnum(t.cost?[row] ?? .nan)),\"elapsed_seconds\":\(jnum(s.elapsed[q])),"
                o += "\"best_guided_report\":\(jnum(s.bestGuidedReport[q])),\"oracle_best_report\":\(jnum(s.oracleBestReport[q]))}\n"
            }
            return o
        }
    }

    /// The line "guide ..., report ..., budget ..., seeds ..., data sha256 ..." shared by all reports.
    public static func protocolLine(_ r: RunResult) -> String {
        let t = r.table, s = r.spec
        var budget: [String] = []
        if let b = s.budget { budget.append("\(b) queries") }
        if let tb = s.timeBudget { budget.append("\(SVGPlot.label(tb)) simulated seconds of \(t.costMetric ?? "?")") }
        let seeds = s.seeds == 1 ? "seed \(s.firstSeed)" : "\(s.seeds) seeds (\(s.firstSeed)...\(s.firstSeed + (UInt64(s.seeds) - 1)))"
        return "guide \(t.guideMetric) (\(t.guideDirection.rawValue)), report \(t.reportMetric) (\(t.reportDirection.rawValue)), "
            + "budget \(budget.joined(separator: " or ")), \(seeds), batch \(s.batchSize), data \(t.benchmark) sha256 \(t.dataSHA256)"
            + (t.cells.map { ", \(cellsNote($0, distinct: r.domainSize))" } ?? "")
    }

    /// "searching only the N cells listed in FILE (sha256 ...)" for runs restricted by `--cells`;
    /// N counts distinct cells (`distinct`), and a list with repeated entries says how many it has.
    public static func cellsNote(_ list: CellList, distinct: Int?) -> String {
        let n = distinct ?? list.entries.count
        let repeats = n == list.entries.count ? "" : ", \(list.entries.count) entries"
        return "searching only the \(n) cells listed in \(list.source) (sha256 \(list.sha256.prefix(12))\(repeats))"
    }

    /// Mean +- std curves of every run: solid = report of the best-guided architecture, dashed =
    /// oracle best report.
    public static func plot(_ results: [RunResult]) -> SVGPlot {
        guard let first = results.first else { return SVGPlot(title: "no runs", xLabel: "queries", yLabel: "") }
        let t = first.table
        var p = SVGPlot(title: "\(t.benchmark) / \(t.task): \(t.reportMetric)", xLabel: "queries", yLabel: t.reportMetric)
        var budget = first.spec.budget.map { "\($0) queries" } ?? ""
        if let tb = first.spec.timeBudget { budget += (budget.isEmpty ? "" : " or ") + "\(SVGPlot.label(tb)) s" }
        p.subtitle = "guide \(t.guideMetric), report \(t.reportMetric), budget \(budget), \(first.spec.seeds) seeds, data sha256 \(t.dataSHA256.prefix(12))"
            + (t.cells.map { ", \(first.domainSize ?? $0.entries.count) listed cells" } ?? "")
        let maxQ = results.map(\.maxQueries).max() ?? 0
        p.yRangeFromX = max(1, Double(maxQ) / 4)
        for (k, r) in results.enumerated() {
            let color = SVGPlot.palette[k % SVGPlot.palette.count]
            let x = (1...max(r.maxQueries, 1)).map(Double.init)
            let g = r.curveStats(\.bestGuidedReport), o = r.curveStats(\.oracleBestReport)
            p.series.append(.init(label: "\(r.label): report of best guided", x: x, mean: g.mean, std: g.std, color: color))
            p.series.append(.init(label: "\(r.label): oracle best report", x: x, mean: o.mean, std: o.std, color: color, dashed: true))
        }
        return p
    }

    static func pm(_ v: [Double]) -> String {
        let (m, s) = Statistics.meanStd(v)
        return m.isNaN ? "n/a" : String(format: "%.3f ± %.3f", m, s)
    }

    /// The Markdown report: the protocol, then one row per strategy with both final figures and
    /// the one-sided Mann-Whitney p-value against the baseline (`random` when present).
    public static func markdown(_ results: [RunResult]) -> String {
        guard let first = results.first, let base = baseline(results) else { return "(no runs)\n" }
        let t = first.table
        var o = "## \(t.benchmark) / \(t.task)\n\n"
        o += "- guide metric: `\(t.guideMetric)` (\(t.guideDirection == .maximize ? "larger is better" : "smaller is better"))\n"
        o += "- report metric: `\(t.reportMetric)` (\(t.reportDirection == .maximize ? "larger is better" : "smaller is better"))\n"
        o += "- protocol: \(protocolLine(first))\n"
        o += "- final values after the last query of each seed, mean ± std (population std) over seeds; "
        o += "p: one-sided Mann-Whitney U that the strategy's report of best guided beats `\(base.strategy)`'s\n\n"
        o += "| strategy | report of best guided | oracle best report | p vs \(base.strategy) | queries/seed | wall s |\n"
        o += "|---|---|---|---|---|---|\n"
        for r in results {
            let p = r.strategy == base.strategy ? "—" : String(format: "%.2g", pValue(r, vs: base))
            let q = r.seeds.isEmpty ? 0 : Double(r.totalQueries) / Double(r.seeds.count)
            o += "| \(r.label) | \(pm(r.finalBestGuidedReport)) | \(pm(r.finalOracleBestReport)) | \(p) | \(SVGPlot.label((q * 10).rounded() / 10)) | \(String(format: "%.2f", r.wallSeconds)) |\n"
        }
        return o
    }

    /// The table as CSV (one row per strategy), with the protocol in every row.
    public static func comparisonCSV(_ results: [RunResult]) -> String {
        var o = "benchmark,task,strategy,guide_metric,report_metric,budget,time_budget_seconds,seeds,batch_size,"
        o += "report_of_best_guided_mean,report_of_best_guided_std,oracle_best_report_mean,oracle_best_report_std,"
        o += "p_vs_baseline,baseline,mean_queries,wall_seconds,data_sha256\n"
        guard let base = baseline(results) else { return o }
        for r in results {
            let t = r.table, s = r.summary
            let p = r.strategy == base.strategy ? "" : "\(pValue(r, vs: base))"
            let f = s.final
            func opt(_ v: Double?) -> String { v.map { "\($0)" } ?? "" }
            var fields: [String] = [t.benchmark, t.task, r.strategy, t.guideMetric, t.reportMetric]
            fields.append(r.spec.budget.map { "\($0)" } ?? "")
            fields.append(opt(r.spec.timeBudget))
            fields += ["\(r.spec.seeds)", "\(r.spec.batchSize)"]
            fields += [opt(f.report_of_best_guided.mean), opt(f.report_of_best_guided.std)]
            fields += [opt(f.oracle_best_report.mean), opt(f.oracle_best_report.std)]
            fields += [p, base.strategy, "\(s.mean_queries)", "\(r.wallSeconds)", t.dataSHA256]
            o += fields.map(csvField).joined(separator: ",") + "\n"
        }
        return o
    }

    /// Writes `index.html` (the self-contained report), `queries.csv`, `queries.jsonl`, `curves.svg`
    /// (+ `curves.png` with rsvg-convert), `report.md` and `report.csv` into `directory` (created if
    /// missing). Returns the files written.
    @discardableResult
    public static func write(_ results: [RunResult], to directory: URL) throws -> [URL] {
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: directory, withIntermediateDirectories: true)
            var files: [URL] = []
            func put(_ name: String, _ text: String) throws {
                let u = directory.appendingPathComponent(name)
                try Data(text.utf8).write(to: u)
                files.append(u)
            }
            try put("queries.csv", queryCSV(results))
            try put("queries.jsonl", queryJSONL(results))
            try put("report.md", markdown(results))
            try put("report.csv", comparisonCSV(results))
            try put("index.html", html(results))
            let svg = directory.appendingPathComponent("curves.svg")
            let png = try plot(results).write(to: svg)
            files.append(svg)
            if let png { files.append(png) }
            return files
        } catch let e as NaswiftError {
            throw e
        } catch {
            throw NaswiftError(.io, "cannot write reports to \(directory.path): \(error.localizedDescription)",
                               hint: "choose a writable directory with --out DIR")
        }
    }
}
