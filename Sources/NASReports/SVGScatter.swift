import Foundation

/// A 2-D scatter plot with points coloured by a value and a colour bar, as SVG (the layout, ticks
/// and escaping of `SVGPlot`). Used for embedding maps (`naswift embed map`).
public struct SVGScatter: Sendable {
    public var title: String
    public var subtitle: String
    public var xLabel: String
    public var yLabel: String
    /// What the colour encodes (colour-bar caption), e.g. "cifar10_valid_val_acc".
    public var colorLabel: String
    /// Point coordinates and values (same length). NaN values are drawn grey.
    public var x: [Double] = [], y: [Double] = [], value: [Double] = []
    public var width = 900.0
    public var height = 700.0
    public var radius = 2.2

    public init(title: String, subtitle: String = "", xLabel: String, yLabel: String, colorLabel: String) {
        self.title = title; self.subtitle = subtitle; self.xLabel = xLabel; self.yLabel = yLabel; self.colorLabel = colorLabel
    }

    /// Viridis-like colour ramp at `t` in [0, 1] (5 anchors, linear between them), as `#rrggbb`.
    public static func color(_ t: Double) -> String {
        let anchors: [(Double, Double, Double)] = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)]
        let s = min(max(t.isNaN ? 0 : t, 0), 1) * Double(anchors.count - 1)
        let k = min(Int(s), anchors.count - 2), f = s - Double(k)
        let (a, b) = (anchors[k], anchors[k + 1])
        func mix(_ u: Double, _ v: Double) -> Int { Int((u + (v - u) * f).rounded()) }
        return String(format: "#%02x%02x%02x", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    /// The SVG document. Colours span the 10th..99th percentile of the finite values (values
    /// outside are clamped, so the few 10%-accuracy cells of NB201 do not wash out the ramp); the
    /// bar shows that range.
    public func render() -> String {
        let left = 80.0, right = 140.0, top = 70.0, bottom = 60.0
        let pw = width - left - right, ph = height - top - bottom
        var x0 = x.min() ?? 0, x1 = x.max() ?? 1, y0 = y.min() ?? 0, y1 = y.max() ?? 1
        if x1 <= x0 { x1 = x0 + 1 }
        if y1 <= y0 { y1 = y0 + 1 }
        let padX = (x1 - x0) * 0.03, padY = (y1 - y0) * 0.03
        x0 -= padX; x1 += padX; y0 -= padY; y1 += padY
        let finite = value.filter(\.isFinite).sorted()
        let v0 = finite.isEmpty ? 0 : finite[Int(Double(finite.count - 1) * 0.10)]
        var v1 = finite.isEmpty ? 1 : finite[Int(Double(finite.count - 1) * 0.99)]
        if v1 <= v0 { v1 = v0 + 1 }
        func px(_ v: Double) -> Double { left + (v - x0) / (x1 - x0) * pw }
        func py(_ v: Double) -> Double { top + (1 - (v - y0) / (y1 - y0)) * ph }
        func f(_ v: Double) -> String { String(format: "%.2f", v) }
        var o = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(width / 2))" y="26" text-anchor="middle" font-size="17" font-weight="bold">\(SVGPlot.esc(title))</text>
        <text x="\(f(width / 2))" y="48" text-anchor="middle" font-size="12" fill="#444">\(SVGPlot.esc(subtitle))</text>

        """
        for t in SVGPlot.ticks(y0, y1) where t >= y0 && t <= y1 {
            o += "<text x=\"\(f(left - 8))\" y=\"\(f(py(t) + 4))\" text-anchor=\"end\" font-size=\"12\">\(SVGPlot.label(t))</text>\n"
        }
        for t in SVGPlot.ticks(x0, x1) where t >= x0 && t <= x1 {
            o += "<text x=\"\(f(px(t)))\" y=\"\(f(top + ph + 20))\" text-anchor=\"middle\" font-size=\"12\">\(SVGPlot.label(t))</text>\n"
        }
        o += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(pw))\" height=\"\(f(ph))\" fill=\"none\" stroke=\"black\"/>\n"
        o += "<text x=\"\(f(left + pw / 2))\" y=\"\(f(height - 14))\" text-anchor=\"middle\" font-size=\"13\">\(SVGPlot.esc(xLabel))</text>\n"
        o += "<text transform=\"translate(20 \(f(top + ph / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">\(SVGPlot.esc(yLabel))</text>\n"
        // Points in increasing value, so the best are drawn on top.
        let order = value.indices.sorted { (value[$0].isFinite ? value[$0] : -.infinity) < (value[$1].isFinite ? value[$1] : -.infinity) }
        o += "<g stroke=\"none\">\n"
        for i in order where i < x.count && i < y.count {
            let c = value[i].isFinite ? SVGScatter.color((value[i] - v0) / (v1 - v0)) : "#bbbbbb"
            o += "<circle cx=\"\(f(px(x[i])))\" cy=\"\(f(py(y[i])))\" r=\"\(f(radius))\" fill=\"\(c)\" fill-opacity=\"0.85\"/>\n"
        }
        o += "</g>\n"
        // Colour bar.
        let bx = left + pw + 30, bw = 18.0, steps = 50
        for k in 0..<steps {
            let t0 = Double(k) / Double(steps)
            let yTop = top + (1 - t0 - 1 / Double(steps)) * ph
            o += "<rect x=\"\(f(bx))\" y=\"\(f(yTop))\" width=\"\(f(bw))\" height=\"\(f(ph / Double(steps) + 0.5))\" fill=\"\(SVGScatter.color(t0 + 0.5 / Double(steps)))\"/>\n"
        }
        o += "<rect x=\"\(f(bx))\" y=\"\(f(top))\" width=\"\(f(bw))\" height=\"\(f(ph))\" fill=\"none\" stroke=\"black\"/>\n"
        for t in SVGPlot.ticks(v0, v1) where t >= v0 && t <= v1 {
            let yy = top + (1 - (t - v0) / (v1 - v0)) * ph
            o += "<text x=\"\(f(bx + bw + 6))\" y=\"\(f(yy + 4))\" font-size=\"11\">\(SVGPlot.label(t))</text>\n"
        }
        o += "<text transform=\"translate(\(f(bx + bw + 60)) \(f(top + ph / 2))) rotate(-90)\" text-anchor=\"middle\" font-size=\"12\">\(SVGPlot.esc(colorLabel))</text>\n"
        o += "</svg>\n"
        return o
    }

    /// Writes the SVG to `url`.
    public func write(to url: URL) throws {
        try Data(render().utf8).write(to: url)
    }
}
