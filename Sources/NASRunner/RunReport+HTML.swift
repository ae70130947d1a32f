import Foundation
import NASCore
import NASReports

extension RunReport {
    /// The row of the architecture with the best guide value among a seed's queries (ties: the
    /// earlier query): the architecture the search hands the user. Nil when no query has a guide value.
    static func bestGuidedRow(_ s: SeedResult, in t: RunTable) -> Int? {
        var best: Int?
        for r32 in s.rows {
            let r = Int(r32)
            if t.guide[r].isNaN { continue }
            if best == nil || t.guideDirection.better(t.guide[r], than: t.guide[best!]) { best = r }
        }
        return best
    }

    /// The per-seed distribution of the final report-of-best-guided values, one box and strip per
    /// strategy (`SVGStripPlot`).
    public static func distributionPlot(_ results: [RunResult]) -> SVGStripPlot {
        guard let first = results.first else { return SVGStripPlot(title: "no runs", yLabel: "") }
        let t = first.table
        var p = SVGStripPlot(title: "Final \(t.reportMetric) of the best-guided architecture, per seed",
                             subtitle: "one dot per seed; box: quartiles and median; whiskers: min and max",
                             yLabel: t.reportMetric)
        for (k, r) in results.enumerated() {
            p.groups.append(.init(label: r.label, values: r.finalBestGuidedReport,
                                  color: SVGPlot.palette[k % SVGPlot.palette.count]))
        }
        return p
    }

    /// The self-contained HTML report (`index.html`): protocol, best-so-far curves with bands, the
    /// final table with p-values, the per-seed distribution and the queries made.
    public static func html(_ results: [RunResult]) -> String {
        guard let first = results.first, let base = baseline(results) else {
            return HTMLPage(title: "naswift report", subtitle: "no runs").render()
        }
        let t = first.table, s = first.spec
        var page = HTMLPage(title: "\(t.benchmark) / \(t.task): \(results.map(\.strategy).joined(separator: ", "))",
                            subtitle: "naswift \(results.count == 1 ? "search" : "compare") report")
        page.heading("Protocol")
        var budget: [String] = []
        if let b = s.budget { budget.append("\(b) queries per seed") }
        if let tb = s.timeBudget { budget.append("\(SVGPlot.label(tb)) simulated seconds of \(t.costMetric ?? "?")") }
        let seeds = s.seeds == 1 ? "seed \(s.firstSeed)" : "\(s.seeds) seeds (\(s.firstSeed)...\(s.firstSeed &+ UInt64(s.seeds - 1)))"
        var facts: [(String, String)] = [
            ("guide metric", "\(t.guideMetric) (\(t.guideDirection == .maximize ? "larger is better" : "smaller is better"))"),
            ("report metric", "\(t.reportMetric) (\(t.reportDirection == .maximize ? "larger is better" : "smaller is better"))"),
            ("budget", budget.joined(separator: " or ")),
            ("seeds", seeds),
            ("batch size", "\(s.batchSize)"),
            ("benchmark", "\(t.benchmark), task \(t.task), space \(t.spaceName), \(t.architectures.count) architectures"),
            ("data sha256", t.dataSHA256),
        ]
        if let list = t.cells { facts.append(("cells", RunReport.cellsNote(list, distinct: results.first?.domainSize) + ", full sha256 \(list.sha256)")) }
        for r in results where !r.spec.options.values.isEmpty {
            facts.append(("options of \(r.strategy)", r.spec.options.values.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value)" }.joined(separator: " ")))
        }
        page.facts(facts)

        page.heading("Best so far")
        page.figure(svg: plot(results).render(),
                    caption: "Solid: \(t.reportMetric) of the architecture with the best \(t.guideMetric) so far; dashed: best \(t.reportMetric) so far (oracle). Bands: mean ± std over seeds.")

        page.heading("Final values")
        var rows: [[String]] = []
        for r in results {
            let p = r.strategy == base.strategy ? "—" : String(format: "%.2g", pValue(r, vs: base))
            let q = r.seeds.isEmpty ? 0 : Double(r.totalQueries) / Double(r.seeds.count)
            rows.append([r.label, pm(r.finalBestGuidedReport), pm(r.finalOracleBestReport), p,
                         SVGPlot.label((q * 10).rounded() / 10), String(format: "%.2f", r.wallSeconds)])
        }
        page.table(header: ["strategy", "report of best guided", "oracle best report", "p vs \(base.strategy)", "queries/seed", "wall s"],
                   rows: rows, numeric: [1, 2, 3, 4, 5])
        page.paragraph("Mean ± std (population) over seeds after each seed's last query; p: one-sided Mann-Whitney U that the strategy's final report of best guided beats \(base.strategy)'s.")
        page.figure(svg: distributionPlot(results).render(), caption: "Per-seed final values.")

        page.heading("Queries made")
        var qrows: [[String]] = []
        for r in results {
            var distinct = Set<Int32>(), found: [Int: Int] = [:]
            for seed in r.seeds {
                distinct.formUnion(seed.rows)
                if let b = bestGuidedRow(seed, in: r.table) { found[b, default: 0] += 1 }
            }
            let top = found.max { a, b in a.value == b.value ? a.key > b.key : a.value < b.value }
            let topText = top.map { "\(r.table.architectures[$0.key]) (\($0.value) of \(r.seeds.count) seeds, \(t.reportMetric) \(SVGPlot.label(r.table.report[$0.key])))" } ?? "—"
            qrows.append([r.strategy, "\(r.totalQueries)", "\(distinct.count)", topText])
        }
        page.table(header: ["strategy", "queries (all seeds)", "distinct architectures", "most often returned architecture"],
                   rows: qrows, numeric: [1, 2])
        page.paragraph("Every query of every seed is in queries.csv and queries.jsonl beside this page.")
        return page.render()
    }
}
