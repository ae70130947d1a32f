import Foundation

/// A line plot with mean +- std bands, rendered to SVG by hand (no dependencies).
///
/// Each series is a mean curve over x with an optional std band (mean - std ... mean + std, drawn
/// translucent), a colour and a dash style. Axes get "nice" ticks (1, 2, 2.5, 5 x 10^k); the legend
/// sits to the right of the plotting area. Points with NaN are skipped (a gap starts a new path).
public struct SVGPlot: Sendable {
    public struct Series: Sendable {
        public let label: String
        public let x: [Double]
        public let mean: [Double]
        public let std: [Double]?
        public let color: String
        public let dashed: Bool
        public init(label: String, x: [Double], mean: [Double], std: [Double]?, color: String, dashed: Bool = false) {
            self.label = label; self.x = x; self.mean = mean; self.std = std; self.color = color; self.dashed = dashed
        }
    }

    public var title: String
    public var subtitle: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series] = []
    /// Only points with x >= this value set the y range (early queries of a search are far below
    /// the rest and would flatten the interesting part); the curves are clipped to the plot area.
    public var yRangeFromX: Double = -.infinity
    public var width = 900.0
    public var height = 540.0

    /// Colour-blind-safe palette (Okabe-Ito).
    public static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

    public init(title: String, subtitle: String = "", xLabel: String, yLabel: String) {
        self.title = title; self.subtitle = subtitle; self.xLabel = xLabel; self.yLabel = yLabel
    }

    /// "Nice" tick values covering [lo, hi] with about `target` intervals.
    public static func ticks(_ lo: Double, _ hi: Double, target: Int = 6) -> [Double] {
        guard lo.isFinite, hi.isFinite, hi > lo else { return lo.isFinite ? [lo] : [] }
        let raw = (hi - lo) / Double(max(target, 1))
        let mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        var t = ceil(lo / step - 1e-9) * step
        var out: [Double] = []
        while t <= hi + step * 1e-9 { out.append(abs(t) < step * 1e-9 ? 0 : t); t += step }
        return out
    }

    /// A tick or budget label: integers without a decimal point, else up to 4 significant digits.
    public static func label(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int(v)) }
        var s = String(format: "%.4g", v)
        if s.contains("e") { return s }
        while s.contains(".") && (s.hasSuffix("0") || s.hasSuffix(".")) { s.removeLast() }
        return s
    }

    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// The SVG document.
    public func render() -> String {
        let left = 80.0, right = 290.0, top = 70.0, bottom = 60.0
        let pw = width - left - right, ph = height - top - bottom
        var xs: [Double] = [], ys: [Double] = []
        for s in series {
            for (i, x) in s.x.enumerated() where i < s.mean.count && !s.mean[i].isNaN {
                xs.append(x)
                guard x >= yRangeFromX else { continue }
                let sd = s.std.map { $0[i].isNaN ? 0 : $0[i] } ?? 0
                ys.append(s.mean[i] - sd); ys.append(s.mean[i] + sd)
            }
        }
        var x0 = xs.min() ?? 0, x1 = xs.max() ?? 1
        if x1 <= x0 { x1 = x0 + 1 }
        var y0 = ys.min() ?? 0, y1 = ys.max() ?? 1
        if y1 <= y0 { y0 -= 0.5; y1 += 0.5 }
        let pad = (y1 - y0) * 0.05
        y0 -= pad; y1 += pad
        let xt = SVGPlot.ticks(x0, x1), yt = SVGPlot.ticks(y0, y1)
        x0 = min(x0, xt.first ?? x0); x1 = max(x1, xt.last ?? x1)
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * pw }
        func py(_ y: Double) -> Double { top + (1 - (y - y0) / (y1 - y0)) * ph }
        func f(_ v: Double) -> String { String(format: "%.2f", v) }

        var o = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif">
        <rect width="100%" height="100%" fill="white"/>
        <defs><clipPath id="plotarea"><rect x="\(f(left))" y="\(f(top))" width="\(f(pw))" height="\(f(ph))"/></clipPath></defs>
        <text x="\(f(width / 2))" y="26" text-anchor="middle" font-size="17" font-weight="bold">\(SVGPlot.esc(title))</text>
        <text x="\(f(width / 2))" y="48" text-anchor="middle" font-size="12" fill="#444">\(SVGPlot.esc(subtitle))</text>

        """
        // Grid and ticks.
        for t in yt where t >= y0 && t <= y1 {
            o += "<line x1=\"\(f(left))\" y1=\"\(f(py(t)))\" x2=\"\(f(left + pw))\" y2=\"\(f(py(t)))\" stroke=\"#e5e5e5\"/>\n"
            o += "<text x=\"\(f(left - 8))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\" font-size=\"12\">\(SVGPlot.label(t))</text>\n"
        }
        for t in xt where t >= x0 && t <= x1 {
            o += "<line x1=\"\(f(px(t)))\" y1=\"\(f(top + ph))\" x2=\"\(f(px(t)))\" y2=\"\(f(top + ph + 5))\" stroke=\"black\"/>\n"
            o += "<text x=\"\(f(px(t)))\" y=\"\(f(top + ph + 20))\" text-anchor=\"middle\" font-size=\"12\">\(SVGPlot.label(t))</text>\n"
        }
        o += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(pw))\" height=\"\(f(ph))\" fill=\"none\" stroke=\"black\"/>\n"
        o += "<text x=\"\(f(left + pw / 2))\" y=\"\(f(height - 14))\" text-anchor=\"middle\" font-size=\"13\">\(SVGPlot.esc(xLabel))</text>\n"
        o += "<text transform=\"translate(20 \(f(top + ph / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">\(SVGPlot.esc(yLabel))</text>\n"

        // Bands, then lines on top.
        o += "<g clip-path=\"url(#plotarea)\">\n"
        for s in series {
            guard let sd = s.std else { continue }
            for run in SVGPlot.runs(s) {
                let upper = run.map { "\(f(px(s.x[$0]))),\(f(py(s.mean[$0] + (sd[$0].isNaN ? 0 : sd[$0]))))" }
                let lower = run.reversed().map { "\(f(px(s.x[$0]))),\(f(py(s.mean[$0] - (sd[$0].isNaN ? 0 : sd[$0]))))" }
                o += "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(s.color)\" fill-opacity=\"0.15\" stroke=\"none\"/>\n"
            }
        }
        for s in series {
            for run in SVGPlot.runs(s) {
                let pts = run.map { "\(f(px(s.x[$0]))),\(f(py(s.mean[$0])))" }.joined(separator: " ")
                o += "<polyline points=\"\(pts)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\"\(s.dashed ? " stroke-dasharray=\"6 4\"" : "")/>\n"
            }
        }
        o += "</g>\n"

        // Legend.
        let lx = left + pw + 20
        for (k, s) in series.enumerated() {
            let y = top + 10 + Double(k) * 22
            o += "<line x1=\"\(f(lx))\" y1=\"\(f(y))\" x2=\"\(f(lx + 28))\" y2=\"\(f(y))\" stroke=\"\(s.color)\" stroke-width=\"2\"\(s.dashed ? " stroke-dasharray=\"6 4\"" : "")/>\n"
            if s.std != nil {
                o += "<rect x=\"\(f(lx))\" y=\"\(f(y - 6))\" width=\"28\" height=\"12\" fill=\"\(s.color)\" fill-opacity=\"0.15\"/>\n"
            }
            o += "<text x=\"\(f(lx + 36))\" y=\"\(f(y + 4))\" font-size=\"12\">\(SVGPlot.esc(s.label))</text>\n"
        }
        let noteY = top + 10 + Double(series.count) * 22 + 8
        o += "<text x=\"\(f(lx))\" y=\"\(f(noteY))\" font-size=\"11\" fill=\"#666\">bands: mean ± std over seeds</text>\n"
        o += "</svg>\n"
        return o
    }

    /// Index runs of consecutive non-NaN points.
    static func runs(_ s: Series) -> [[Int]] {
        var out: [[Int]] = [], cur: [Int] = []
        for i in 0..<min(s.x.count, s.mean.count) {
            if s.mean[i].isNaN || s.x[i].isNaN { if !cur.isEmpty { out.append(cur); cur = [] } } else { cur.append(i) }
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }

    /// Writes the SVG to `url`, and a PNG beside it when `rsvg-convert` is on the PATH.
    /// Returns the PNG's URL when one was written.
    @discardableResult
    public func write(to url: URL) throws -> URL? {
        try Data(render().utf8).write(to: url)
        guard let tool = SVGPlot.findExecutable("rsvg-convert") else { return nil }
        let png = url.deletingPathExtension().appendingPathExtension("png")
        let p = Process()
        p.executableURL = tool
        p.arguments = ["-o", png.path, url.path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus == 0 ? png : nil
    }

    static func findExecutable(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let u = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: u.path) { return u }
        }
        return nil
    }
}
