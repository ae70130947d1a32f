import ArgumentParser
import Foundation
import NASBenchmarks
import NASCore

/// `naswift bench data`: the data layer's speed and memory: NB201 CSV import, cold and warm cache
/// loads, the resident-memory growth of one loaded benchmark, and key/metric query rates.
///
/// It imports NB201 (`nb201_200ep.csv` + `nb201_12ep.csv`) into a temporary data directory, so it
/// never touches the user's data directory.
public struct BenchDataCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Time NB201 import, cold/warm cache loads (target < 50 ms), memory and query rates.")

    @Option(help: "Directory holding nb201/nb201_200ep.csv and nb201-12ep/nb201_12ep.csv (default: $NASWIFT_SHARED/data, else ../shared/data).")
    var shared: String?
    @Option(help: "Warm loads to time (the median is reported).")
    var repeats = 20
    @OptionGroup var output: BenchOutput

    public init() {}

    public func run() throws {
        guard repeats >= 1 else { throw NaswiftError.invalidArgument("--repeats must be at least 1, got \(repeats)") }
        let dataRoot: URL
        if let shared {
            dataRoot = URL(fileURLWithPath: shared)
        } else if let env = ProcessInfo.processInfo.environment["NASWIFT_SHARED"], !env.isEmpty {
            dataRoot = URL(fileURLWithPath: env).appendingPathComponent("data")
        } else {
            dataRoot = URL(fileURLWithPath: "../shared/data")
        }
        let files = [dataRoot.appendingPathComponent("nb201/nb201_200ep.csv"),
                     dataRoot.appendingPathComponent("nb201-12ep/nb201_12ep.csv")]
        for f in files where !FileManager.default.fileExists(atPath: f.path) {
            throw NaswiftError(.dataMissing, "NB201 table not found: \(f.path)",
                               hint: "pass --shared DIR (the directory holding nb201/ and nb201-12ep/)")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-bench-data-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = BenchmarkStore(directory: dir)

        var figures: [String: Double] = [:]
        var lines: [(String, String)] = []
        func record(_ key: String, _ value: Double, _ label: String, _ format: String) {
            figures[key] = value
            lines.append((label, String(format: format, value)))
        }

        // The import runs in a child `naswift data import` so that this process has never held the
        // data when it measures the first load and its memory.
        var t = Self.now()
        let child = Process()
        child.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).standardizedFileURL
        child.arguments = ["data", "import", "nb201", "--space", "nb201", "--from", files[0].path, "--from", files[1].path,
                           "--data-dir", dir.path]
        child.standardOutput = FileHandle.nullDevice
        do { try child.run() } catch {
            throw NaswiftError(.io, "cannot run \(child.executableURL?.path ?? "naswift") for the import: \(error.localizedDescription)")
        }
        child.waitUntilExit()
        guard child.terminationStatus == 0 else {
            throw NaswiftError(.dataCorrupt, "the nb201 import failed (exit \(child.terminationStatus))",
                               hint: "run the import by hand: naswift data import nb201 --space nb201 --from \(files[0].path) --from \(files[1].path)")
        }
        record("nb201_import_ms", (Self.now() - t) * 1000,
               "nb201 CSV import, child process (2 files, parse + merge + write) (ms)", "%.1f")
        let size = (try? FileManager.default.attributesOfItem(atPath: store.cacheURL("nb201").path)[.size] as? Int) ?? 0
        record("nb201_cache_bytes", Double(size), "nb201 cache file size (bytes)", "%.0f")

        // Cold: the first load in this process (the file may be in the OS page cache).
        let rssBefore = Self.residentBytes()
        t = Self.now()
        let first = try store.load("nb201")
        record("nb201_load_cold_ms", (Self.now() - t) * 1000, "nb201 load, first in process (ms)", "%.2f")
        let rssAfter = Self.residentBytes()
        record("nb201_load_rss_delta_mib", Double(rssAfter - rssBefore) / 1_048_576,
               "resident memory growth for one loaded nb201 (MiB)", "%.1f")

        var times: [Double] = []
        for _ in 0..<repeats {
            t = Self.now()
            _ = try store.load("nb201")
            times.append((Self.now() - t) * 1000)
        }
        times.sort()
        record("nb201_load_warm_median_ms", times[times.count / 2], "nb201 load, warm, median of \(repeats) (ms)", "%.2f")
        record("nb201_load_warm_min_ms", times[0], "nb201 load, warm, fastest (ms)", "%.2f")

        // Queries: key -> row, then a metric value.
        let keys = first.keys
        let queries = 1_000_000
        var sum = 0.0
        t = Self.now()
        for i in 0..<queries {
            if let r = first.row(forKey: keys[(i &* 7919) % keys.count]) { sum += try first.value("cifar10_test_acc", row: r) }
        }
        let seconds = Self.now() - t
        record("nb201_queries_per_s", Double(queries) / seconds, "nb201 queries (key -> row -> metric) per second", "%.0f")
        if sum.isNaN { print("(NaN in sum)") }

        let width = lines.map(\.0.count).max() ?? 0
        for (label, value) in lines { print(label.padding(toLength: width + 2, withPad: " ", startingAt: 0) + value) }
        print("sha256 \(first.sha256)")
        try output.write(figures)
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Resident set size of this process in bytes (Linux `/proc/self/status` VmRSS; 0 elsewhere).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kb * 1024
        }
        return 0
    }
}
