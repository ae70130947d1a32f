import Foundation
import NASBenchmarks
import NASCore
import NASTestSupport
import Testing

/// Every error path of the data layer: a `NaswiftError` with a message naming the problem and a
/// hint naming the fix.
@Suite("Benchmark errors")
struct BenchmarkErrorTests {
    func error(_ body: () throws -> Void) -> NaswiftError? {
        do { try body() } catch let e as NaswiftError { return e } catch { return nil }
        return nil
    }

    /// The first `lines` lines of a shared CSV, with `edit` applied, written to `dir/name`.
    func excerpt(_ relative: String, lines: Int, to dir: URL, name: String,
                 edit: (inout [String]) -> Void = { _ in }) throws -> URL {
        // The shared CSVs have CRLF line ends: split on LF, keeping each CR.
        var all = try String(contentsOf: SharedData.url(relative), encoding: .utf8).unicodeScalars
            .split(separator: "\n", omittingEmptySubsequences: false).prefix(lines)
            .map { String(String.UnicodeScalarView($0)) }
        edit(&all)
        let url = dir.appendingPathComponent(name)
        try (all.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func unknownBenchmarkListsImportedOnes() throws {
        let store = try BenchmarkTestSupport.temporaryStore()
        let dir = try BenchmarkTestSupport.temporaryDirectory()
        _ = try store.importCSV(name: "tiny", space: "nb201",
                                files: [try excerpt("nb201/nb201_200ep.csv", lines: 20, to: dir, name: "a.csv")])
        let e = error { _ = try store.load("nb999") }
        #expect(e?.kind == .unknownName)
        #expect(e?.message.contains("nb999") == true && e?.message.contains("tiny") == true)
        #expect(e?.hint?.contains("naswift data import") == true)
    }

    @Test func unknownTaskAndMetricListValidNames() throws {
        let store = try BenchmarkTestSupport.temporaryStore()
        let b = try store.importCSV(name: "nb201", space: "nb201", files: BenchmarkTestSupport.nb201Files)
        let t = error { _ = try b.task(named: "mnist") }
        #expect(t?.kind == .unknownName)
        #expect(t?.hint?.contains("cifar10-12ep") == true && t?.hint?.contains("imagenet16") == true)
        let m = error { _ = try b.column("cifar10_acc") }
        #expect(m?.kind == .unknownName)
        #expect(m?.hint?.contains("cifar10_valid_val_acc") == true)
        #expect(error { _ = try b.value("nope", row: 0) }?.kind == .unknownName)
        #expect(error { _ = try b.value("cifar10_test_acc", row: 15_625) }?.kind == .invalidArgument)
        let s = error { _ = try store.importCSV(name: "x", space: "nb301", files: BenchmarkTestSupport.nb201Files) }
        #expect(s?.kind == .unknownName && s?.hint?.contains("nb201") == true)
    }

    @Test func malformedArchitectureNamesFileAndLine() throws {
        let store = try BenchmarkTestSupport.temporaryStore()
        let dir = try BenchmarkTestSupport.temporaryDirectory()
        let url = try excerpt("nb201/nb201_200ep.csv", lines: 10, to: dir, name: "bad.csv") { lines in
            lines[6] = lines[6].replacingOccurrences(of: "~0|+", with: "~7|+")
        }
        let e = error { _ = try store.importCSV(name: "bad", space: "nb201", files: [url]) }
        #expect(e?.kind == .malformedArchitecture)
        #expect(e?.message.contains("\(url.path):7:") == true)
        #expect(!FileManager.default.fileExists(atPath: store.cacheURL("bad").path))
    }

    @Test func nonNumericCellNamesLineAndColumn() throws {
        let store = try BenchmarkTestSupport.temporaryStore()
        let dir = try BenchmarkTestSupport.temporaryDirectory()
        let url = try excerpt("nb201/nb201_200ep.csv", lines: 10, to: dir, name: "text.csv") { lines in
            var cells = lines[4].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[5] = "ninety"
            lines[4] = cells.joined(separator: ",")
        }
        let e = error { _ = try store.importCSV(name: "t", space: "nb201", files: [url]) }
        #expect(e?.kind == .dataCorrupt)
        #expect(e?.message.contains("\(url.path):5: column 'cifar10_test_acc' holds 'ninety'") == true)
    }

    @Test func missingFileAndMissingArchColumn() throws {
        let store = try BenchmarkTestSupport.temporaryStore()
        let missing = URL(fileURLWithPath: "/nonexistent/nb201.csv")
        let e = error { _ = try store.importCSV(name: "m", space: "nb201", files: [missing]) }
        #expect(e?.kind == .dataMissing && e?.message.contains("/nonexistent/nb201.csv") == true)
        // natsss.csv has no `arch` column for nb201.
        let c = error { _ = try store.importCSV(name: "m", space: "nb201", files: [SharedData.url("natsss/natsss.csv")]) }
        #expect(c?.kind == .dataCorrupt && c?.hint?.contains("arch") == true)
    }

    /// A third file that disagrees even after its `_12ep` suffix is a clear error naming both files.
    @Test func conflictingMergeIsAnError() throws {
        let store = try BenchmarkTestSupport.temporaryStore()
        let dir = try BenchmarkTestSupport.temporaryDirectory()
        let first = try excerpt("nb201/nb201_200ep.csv", lines: 30, to: dir, name: "main.csv")
        let twelve = try excerpt("nb201-12ep/nb201_12ep.csv", lines: 30, to: dir, name: "a_12ep.csv")
        let clash = try excerpt("nb201-12ep/nb201_12ep.csv", lines: 30, to: dir, name: "b_12ep.csv") { lines in
            var cells = lines[3].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[3] = "1.5"
            lines[3] = cells.joined(separator: ",")
        }
        let merged = try store.importCSV(name: "ok", space: "nb201", files: [first, twelve])
        #expect(merged.hasMetric("cifar10_test_acc_12ep") && merged.count == 29)
        let e = error { _ = try store.importCSV(name: "bad", space: "nb201", files: [first, twelve, clash]) }
        #expect(e?.kind == .dataCorrupt)
        #expect(e?.message.contains("cifar10_test_acc_12ep") == true && e?.message.contains("a_12ep.csv") == true
                && e?.message.contains("b_12ep.csv") == true)
    }

    /// Flipping one byte anywhere is caught by the checksum; the error names the file and the exact
    /// import command that rebuilds it.
    @Test func corruptCacheNamesFileAndRebuildCommand() throws {
        let store = try BenchmarkTestSupport.temporaryStore()
        _ = try store.importCSV(name: "nb201", space: "nb201", files: BenchmarkTestSupport.nb201Files)
        let url = store.cacheURL("nb201")
        let original = try Data(contentsOf: url)
        let expectedCommand = "naswift data import nb201 --space nb201 --from "
            + BenchmarkTestSupport.nb201Files.map(\.standardizedFileURL.path).joined(separator: " --from ")
        for offset in [100, original.count / 2, original.count - 40, original.count - 1] {
            var bytes = original
            bytes[offset] ^= 0x01
            try bytes.write(to: url)
            let e = error { _ = try store.load("nb201") }
            #expect(e?.kind == .dataCorrupt)
            #expect(e?.message.contains(url.path) == true)
            #expect(e?.message.contains("checksum") == true)
            #expect(e?.hint == "rebuild it with: \(expectedCommand)")
        }
        var header = original
        header[0] = UInt8(ascii: "X")
        try header.write(to: url)
        #expect(error { _ = try store.load("nb201") }?.message.contains("magic") == true)
        #expect(error { _ = try store.list() }?.kind == .dataCorrupt)
        try original.write(to: url)
        #expect(try store.load("nb201").count == 15_625)
    }

    @Test func truncatedCacheIsReported() throws {
        let store = try BenchmarkTestSupport.temporaryStore()
        _ = try store.importCSV(name: "nb201", space: "nb201", files: BenchmarkTestSupport.nb201Files)
        let url = store.cacheURL("nb201")
        let original = try Data(contentsOf: url)
        for length in [0, 50, 4096, original.count - 1] {
            try original.prefix(length).write(to: url)
            let e = error { _ = try store.load("nb201") }
            #expect(e?.kind == .dataCorrupt)
            #expect(e?.message.contains("truncated") == true && e?.message.contains(url.path) == true)
            #expect(e?.hint?.contains("naswift data import nb201 --space nb201") == true)
        }
    }
}
