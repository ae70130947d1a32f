import Foundation

/// A self-contained HTML report page: inline CSS and inline SVG figures, no scripts, no network.
///
/// Built section by section (`heading`, `facts`, `figure`, `table`, `paragraph`), then `render`ed
/// or `write`n. Every text given is escaped; SVG given to `figure` is inserted as is (it comes from
/// `SVGPlot`, `SVGScatter` or `SVGStripPlot`, which escape their own text).
public struct HTMLPage: Sendable {
    public var title: String
    public var subtitle: String
    private var body = ""
    private var figureCount = 0

    public init(title: String, subtitle: String = "") {
        self.title = title
        self.subtitle = subtitle
    }

    /// `&`, `<`, `>`, `"` and `'` as entities.
    public static func escape(_ s: String) -> String {
        var o = ""
        o.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            case "'": o += "&#39;"
            default: o.append(c)
            }
        }
        return o
    }

    public mutating func heading(_ text: String) {
        body += "<h2>\(Self.escape(text))</h2>\n"
    }

    public mutating func paragraph(_ text: String) {
        body += "<p>\(Self.escape(text))</p>\n"
    }

    /// A definition list of (name, value) pairs, e.g. the protocol of a run.
    public mutating func facts(_ items: [(String, String)]) {
        body += "<dl class=\"facts\">\n"
        for (k, v) in items { body += "<dt>\(Self.escape(k))</dt><dd>\(Self.escape(v))</dd>\n" }
        body += "</dl>\n"
    }

    /// An inline SVG figure with a caption. Ids inside the SVG (`id="x"`, `url(#x)`) are made
    /// unique per figure, so several plots with clip paths can share the page.
    public mutating func figure(svg: String, caption: String) {
        figureCount += 1
        let prefix = "f\(figureCount)-"
        let svgBody = svg.replacingOccurrences(of: "id=\"", with: "id=\"\(prefix)")
            .replacingOccurrences(of: "url(#", with: "url(#\(prefix)")
        body += "<figure>\n\(svgBody)<figcaption>\(Self.escape(caption))</figcaption>\n</figure>\n"
    }

    /// A table; cells of `numeric` columns are right-aligned.
    public mutating func table(header: [String], rows: [[String]], numeric: Set<Int> = []) {
        body += "<table>\n<thead><tr>"
        for (i, h) in header.enumerated() { body += "<th\(numeric.contains(i) ? " class=\"num\"" : "")>\(Self.escape(h))</th>" }
        body += "</tr></thead>\n<tbody>\n"
        for row in rows {
            body += "<tr>"
            for (i, c) in row.enumerated() { body += "<td\(numeric.contains(i) ? " class=\"num\"" : "")>\(Self.escape(c))</td>" }
            body += "</tr>\n"
        }
        body += "</tbody>\n</table>\n"
    }

    static let css = """
        body{font-family:Helvetica,Arial,sans-serif;margin:24px auto;max-width:1000px;color:#222;padding:0 16px}
        h1{font-size:24px;margin-bottom:4px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd}
        .subtitle{color:#555;margin-top:0}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}
        dl.facts dt{font-weight:bold}dl.facts dd{margin:0;font-family:monospace;word-break:break-all}
        figure{margin:16px 0}figure svg{max-width:100%;height:auto;border:1px solid #eee}
        figcaption{color:#555;font-size:13px}
        table{border-collapse:collapse;font-size:14px}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left}
        th{background:#f4f4f4}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        footer{margin-top:32px;color:#777;font-size:12px}
        """

    /// The HTML document.
    public func render() -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Self.escape(title))</title>
        <style>\(Self.css)</style>
        </head>
        <body>
        <h1>\(Self.escape(title))</h1>
        \(subtitle.isEmpty ? "" : "<p class=\"subtitle\">\(Self.escape(subtitle))</p>")
        \(body)<footer>written by naswift; self-contained (no scripts, no network)</footer>
        </body>
        </html>

        """
    }

    /// Writes the document to `url`.
    public func write(to url: URL) throws {
        try Data(render().utf8).write(to: url)
    }
}
