import Foundation
import NASCore
import NASReports

/// `naswift study report`: a Markdown summary with the best trials, and an SVG plot of every
/// complete trial's value against its trial number with the best-so-far curve.
///
/// The plot is NASReports' `SVGPlot` (the one the runner's curves use).
public enum StudyReport {
    /// Markdown: summary lines, then the `top` best complete trials as a table.
    public static func markdown(study: StudyRecord, trials: [TrialRecord], top: Int = 10, plotFile: String?) -> String {
        let s = study.spec
        let status = StudyStatus(study: study, trials: trials)
        var md = "# Study \(s.name)\n\n"
        md += status.lines(study: study).map { "- \($0)" }.joined(separator: "\n") + "\n\n"
        if let plotFile { md += "![\(s.metric) per trial](\(plotFile))\n\n" }
        let ranked = trials.filter { $0.state == .complete && $0.value != nil }
            .sorted { a, b in
                let (va, vb) = (a.value!, b.value!)
                return va == vb ? a.number < b.number : s.direction.better(va, than: vb)
            }
        md += "## Best \(Swift.min(top, ranked.count)) of \(ranked.count) complete trials (\(s.direction.rawValue) \(s.metric))\n\n"
        md += "| rank | trial | # | \(s.metric) | attempts | worker | architecture |\n|---:|---:|---:|---:|---:|---|---|\n"
        for (i, t) in ranked.prefix(top).enumerated() {
            md += "| \(i + 1) | \(t.id) | \(t.number) | \(t.value!) | \(t.attempts) | \(t.worker ?? "") | `\(t.architecture.replacingOccurrences(of: "|", with: "\\|"))` |\n"
        }
        let failed = trials.filter { $0.state == .failed }
        if !failed.isEmpty {
            md += "\n## Failed trials (\(failed.count))\n\n| trial | # | reason |\n|---:|---:|---|\n"
            for t in failed.prefix(20) {
                let reason = (t.message ?? "").split(separator: "\n").first.map(String.init) ?? ""
                md += "| \(t.id) | \(t.number) | \(reason.replacingOccurrences(of: "|", with: "\\|")) |\n"
            }
        }
        return md
    }

    /// The plot (`SVGPlot`): every complete trial's value against its trial number
    /// (dashed) and the best value so far in the study's direction (solid).
    public static func plot(study: StudyRecord, trials: [TrialRecord]) -> SVGPlot {
        let s = study.spec
        let done = trials.filter { $0.state == .complete && $0.value != nil }.sorted { $0.number < $1.number }
        var plot = SVGPlot(title: "Study \(s.name)",
                           subtitle: "\(s.space), \(s.strategy), \(s.direction.rawValue) \(s.metric); \(done.count) complete of \(trials.count) trials",
                           xLabel: "trial number", yLabel: s.metric)
        let x = done.map { Double($0.number) }
        let values = done.map { $0.value! }
        var best: [Double] = []
        for v in values { best.append(best.last.map { s.direction.better(v, than: $0) ? v : $0 } ?? v) }
        plot.series = [
            SVGPlot.Series(label: "trial value", x: x, mean: values, std: nil, color: SVGPlot.palette[0], dashed: true),
            SVGPlot.Series(label: "best so far", x: x, mean: best, std: nil, color: SVGPlot.palette[1]),
        ]
        return plot
    }

    /// The plot as an SVG document.
    public static func svg(study: StudyRecord, trials: [TrialRecord]) -> String {
        plot(study: study, trials: trials).render()
    }

}
