import Foundation

/// The distribution of one value per seed for several groups (strategies): a box (quartiles,
/// median, whiskers to the extremes) and every value as a dot, jittered sideways by a fixed
/// pattern so the figure is the same on every run.
public struct SVGStripPlot: Sendable {
    public struct Group: Sendable {
        public let label: String
        public let values: [Double]
        public let color: String
        public init(label: String, values: [Double], color: String) {
            self.label = label; self.values = values; self.color = color
        }
    }

    public var title: String
    public var subtitle: String
    public var yLabel: String
    public var groups: [Group] = []
    public var width = 900.0
    public var height = 460.0

    public init(title: String, subtitle: String = "", yLabel: String) {
        self.title = title; self.subtitle = subtitle; self.yLabel = yLabel
    }

    /// The `p`-quantile (0...1) of sorted finite values, linear between order statistics
    /// (numpy's default); NaN for no values.
    public static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    /// The SVG document.
    public func render() -> String {
        let left = 80.0, right = 30.0, top = 70.0, bottom = 70.0
        let pw = width - left - right, ph = height - top - bottom
        let all = groups.flatMap(\.values).filter(\.isFinite)
        var y0 = all.min() ?? 0, y1 = all.max() ?? 1
        if y1 <= y0 { y0 -= 0.5; y1 += 0.5 }
        let pad = (y1 - y0) * 0.05
        y0 -= pad; y1 += pad
        func py(_ y: Double) -> Double { top + (1 - (y - y0) / (y1 - y0)) * ph }
        func f(_ v: Double) -> String { String(format: "%.2f", v) }
        let slot = pw / Double(max(groups.count, 1))
        var o = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(width / 2))" y="26" text-anchor="middle" font-size="17" font-weight="bold">\(SVGPlot.esc(title))</text>
        <text x="\(f(width / 2))" y="48" text-anchor="middle" font-size="12" fill="#444">\(SVGPlot.esc(subtitle))</text>

        """
        for t in SVGPlot.ticks(y0, y1) where t >= y0 && t <= y1 {
            o += "<line x1=\"\(f(left))\" y1=\"\(f(py(t)))\" x2=\"\(f(left + pw))\" y2=\"\(f(py(t)))\" stroke=\"#e5e5e5\"/>\n"
            o += "<text x=\"\(f(left - 8))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\" font-size=\"12\">\(SVGPlot.label(t))</text>\n"
        }
        o += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(pw))\" height=\"\(f(ph))\" fill=\"none\" stroke=\"black\"/>\n"
        o += "<text transform=\"translate(20 \(f(top + ph / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">\(SVGPlot.esc(yLabel))</text>\n"
        for (k, g) in groups.enumerated() {
            let cx = left + slot * (Double(k) + 0.5)
            let v = g.values.filter(\.isFinite).sorted()
            o += "<text x=\"\(f(cx))\" y=\"\(f(top + ph + 20))\" text-anchor=\"middle\" font-size=\"12\">\(SVGPlot.esc(g.label))</text>\n"
            o += "<text x=\"\(f(cx))\" y=\"\(f(top + ph + 36))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#666\">n = \(v.count)</text>\n"
            guard !v.isEmpty else { continue }
            let q1 = Self.quantile(v, 0.25), med = Self.quantile(v, 0.5), q3 = Self.quantile(v, 0.75)
            let bw = min(slot * 0.5, 90)
            o += "<line x1=\"\(f(cx))\" y1=\"\(f(py(v.first!)))\" x2=\"\(f(cx))\" y2=\"\(f(py(v.last!)))\" stroke=\"\(g.color)\"/>\n"
            o += "<rect x=\"\(f(cx - bw / 2))\" y=\"\(f(py(q3)))\" width=\"\(f(bw))\" height=\"\(f(max(py(q1) - py(q3), 0.5)))\" fill=\"\(g.color)\" fill-opacity=\"0.18\" stroke=\"\(g.color)\"/>\n"
            o += "<line x1=\"\(f(cx - bw / 2))\" y1=\"\(f(py(med)))\" x2=\"\(f(cx + bw / 2))\" y2=\"\(f(py(med)))\" stroke=\"\(g.color)\" stroke-width=\"3\"/>\n"
            for (i, value) in g.values.enumerated() where value.isFinite {
                // Fixed low-discrepancy jitter (golden-ratio sequence) across 80% of the box width.
                let u = (Double(i) * 0.6180339887498949).truncatingRemainder(dividingBy: 1) - 0.5
                o += "<circle cx=\"\(f(cx + u * bw * 0.8))\" cy=\"\(f(py(value)))\" r=\"2.5\" fill=\"\(g.color)\" fill-opacity=\"0.7\"/>\n"
            }
        }
        o += "</svg>\n"
        return o
    }
}
