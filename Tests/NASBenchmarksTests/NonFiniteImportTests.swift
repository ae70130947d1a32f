import Foundation
import NASBenchmarks
import NASCore
import NASTestSupport
import Testing

/// One rule for non-finite numbers at import (issue 18, finding 7): a metric cell is a finite
/// decimal number or missing (empty / NA); `inf`, `1e400`, `nan`, hexadecimal and cells with a
/// NUL byte are refused with file:line, and nothing is written.
@Suite("Import: non-finite and non-decimal cells")
struct NonFiniteImportTests {
    /// The first three rows of the real NB201 table with one metric cell replaced by `cell`.
    static func file(cell: String, in dir: URL) throws -> URL {
        let source = try String(contentsOf: SharedData.url("nb201/nb201_200ep.csv"), encoding: .utf8)
        var lines = Self.lines(source, 4)
        var fields = lines[3].components(separatedBy: ",")
        fields[fields.count - 1] = cell
        lines[3] = fields.joined(separator: ",")
        let url = dir.appendingPathComponent("bad.csv")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        return url
    }

    /// The first `n` lines without their CR / LF (the file has CRLF ends, and "\r\n" is one
    /// Character, so this splits bytes).
    static func lines(_ text: String, _ n: Int) -> [String] {
        text.utf8.split(separator: UInt8(ascii: "\n"), maxSplits: n, omittingEmptySubsequences: false).prefix(n)
            .map { String(decoding: $0.filter { $0 != UInt8(ascii: "\r") }, as: UTF8.self) }
    }

    @Test func refusedWithFileAndLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-nonfinite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let header = Self.lines(try String(contentsOf: SharedData.url("nb201/nb201_200ep.csv"), encoding: .utf8), 1)[0]
            .components(separatedBy: ",")
        let column = try #require(header.last)
        let cases: [(String, String)] = [
            ("inf", "not a finite number"), ("-Infinity", "not a finite number"), ("nan", "not a finite number"),
            ("NaN", "not a finite number"), ("1e400", "beyond the range of a double"), ("-1e400", "beyond the range"),
            ("0x10", "not a decimal number"), ("0x1p3", "not a decimal number"), ("1\u{0}", "NUL byte"),
            ("\u{0}", "NUL byte"), ("1.5.2", "not a decimal number"), ("e5", "not a decimal number"), ("1e", "not a decimal number"),
            ("+", "not a decimal number"), ("１２", "not a decimal number"),
        ]
        let store = BenchmarkStore(directory: dir)
        for (cell, needle) in cases {
            let url = try Self.file(cell: cell, in: dir)
            let e = #expect(throws: NaswiftError.self, "\(cell.debugDescription)") {
                try store.importCSV(name: "bad", space: "nb201", files: [url])
            }
            #expect(e?.kind == .dataCorrupt)
            #expect(e?.message.hasPrefix("\(url.path):4: column '\(column)'") == true, "\(e?.message ?? "")")
            #expect(e?.message.contains(needle) == true, "\(cell.debugDescription): \(e?.message ?? "")")
            #expect(e?.hint != nil)
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("benchmarks/bad.nasbench").path))
        // What stays accepted: decimals in every form, empty and NA as missing.
        for (cell, value) in [("93.1", 93.1), ("-0.5", -0.5), ("+2", 2.0), (".5", 0.5), ("5.", 5.0), ("1.5e-3", 0.0015),
                              ("1E+2", 100.0), (" 7 ", 7.0), ("1e308", 1e308)] {
            let b = try store.importCSV(name: "good", space: "nb201", files: [try Self.file(cell: cell, in: dir)])
            #expect(try b.column(column)[2] == value, "\(cell)")
        }
        for cell in ["", "NA", "null"] {
            let b = try store.importCSV(name: "good", space: "nb201", files: [try Self.file(cell: cell, in: dir)])
            #expect(try b.column(column)[2].isNaN, "\(cell)")
        }
    }

    /// A cache written before this rule (here: saved directly with an infinity) is reported as
    /// corrupt with its rebuild command, not loaded.
    @Test func cacheHoldingAnInfinityIsCorrupt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-nonfinite-\(UUID().uuidString)")
        let store = BenchmarkStore(directory: dir)
        let arch = "|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|"
        let b = try TabularBenchmark(name: "old", spaceName: "nb201", metrics: ["acc"], keys: [arch], architectures: [arch],
                                     values: [[Double.infinity]], tasks: [])
        try store.save(b, command: "naswift data import old --space nb201 --from old.csv")
        let e = #expect(throws: NaswiftError.self) { try store.load("old") }
        #expect(e?.kind == .dataCorrupt && e?.message.contains("metric 'acc' of row 0 is inf, not a finite number") == true,
                "\(e?.message ?? "")")
        #expect(e?.hint?.contains("naswift data import old") == true)
    }
}
