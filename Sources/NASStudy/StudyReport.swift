import Foundation

/// `naswift study report`: a Markdown summary with the best trials, and an SVG plot of every
/// complete trial's value against its trial number with the best-so-far curve.
///
/// The SVG is drawn here (a small self-contained writer) because the runner's plotting code had not
/// landed when studies were written.
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
                return va == vb ? a.number < b.number : s.direction.isBetter(va, than: vb)
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

    /// SVG (width x height px): dots = complete trials (x = trial number, y = value), line = best so
    /// far in the study's direction.
    public static func svg(study: StudyRecord, trials: [TrialRecord], width: Int = 640, height: Int = 400) -> String {
        let s = study.spec
        let points = trials.filter { $0.state == .complete }.compactMap { t in t.value.map { (Double(t.number), $0) } }
            .sorted { $0.0 < $1.0 }
        let (left, right, top, bottom) = (70.0, 20.0, 30.0, 50.0)
        let w = Double(width) - left - right, h = Double(height) - top - bottom
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" font-family=\"sans-serif\" font-size=\"12\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        svg += "<text x=\"\(left)\" y=\"18\" font-size=\"14\">\(escape(s.name)): \(escape(s.metric)) per trial (\(s.strategy), \(s.direction.rawValue))</text>\n"
        guard !points.isEmpty else {
            return svg + "<text x=\"\(left)\" y=\"\(top + h / 2)\">no complete trials yet</text>\n</svg>\n"
        }
        let xmax = Swift.max(1, points.map(\.0).max()!)
        var ylo = points.map(\.1).min()!, yhi = points.map(\.1).max()!
        if ylo == yhi { ylo -= 1; yhi += 1 }
        let pad = (yhi - ylo) * 0.05
        ylo -= pad; yhi += pad
        func px(_ x: Double) -> Double { left + x / xmax * w }
        func py(_ y: Double) -> Double { top + (1 - (y - ylo) / (yhi - ylo)) * h }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        svg += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(w))\" height=\"\(f(h))\" fill=\"none\" stroke=\"#444\"/>\n"
        for k in 0...4 {
            let yv = ylo + (yhi - ylo) * Double(k) / 4, xv = xmax * Double(k) / 4
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(py(yv) + 4))\" text-anchor=\"end\">\(String(format: "%.4g", yv))</text>\n"
            svg += "<text x=\"\(f(px(xv)))\" y=\"\(f(top + h + 16))\" text-anchor=\"middle\">\(Int(xv.rounded()))</text>\n"
        }
        svg += "<text x=\"\(f(left + w / 2))\" y=\"\(f(top + h + 36))\" text-anchor=\"middle\">trial number</text>\n"
        svg += "<text transform=\"translate(16 \(f(top + h / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(s.metric))</text>\n"
        for (x, y) in points {
            svg += "<circle cx=\"\(f(px(x)))\" cy=\"\(f(py(y)))\" r=\"2.5\" fill=\"#1f77b4\" fill-opacity=\"0.6\"/>\n"
        }
        var best = points[0].1
        var path = "M\(f(px(points[0].0))),\(f(py(best)))"
        for (x, y) in points.dropFirst() {
            if s.direction.isBetter(y, than: best) {
                path += " H\(f(px(x))) V\(f(py(y)))"
                best = y
            }
        }
        path += " H\(f(px(xmax)))"
        svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\"/>\n"
        svg += "<text x=\"\(f(left + w - 4))\" y=\"\(f(top + 14))\" text-anchor=\"end\" fill=\"#d62728\">best so far: \(String(format: "%.6g", best))</text>\n"
        return svg + "</svg>\n"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
