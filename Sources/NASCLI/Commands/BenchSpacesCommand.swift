import ArgumentParser
import Foundation
import NASCore
import NASSpaces

/// `naswift bench spaces`: speed of the search spaces: NB101 enumeration + hashing of the whole
/// space (seconds, per phase), NB101 hashes per second on one thread, and parse / format / mutate /
/// neighbourhood rates for NB201, NB101 and the NATS size space.
public struct BenchSpacesCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "spaces",
        abstract: "Time NB101 enumeration + hashing and NB201 / NB101 / NATS string and mutation rates.")

    @Option(help: "Threads for the NB101 enumeration (default: all cores).")
    var threads: Int?
    @OptionGroup var output: BenchOutput

    public init() {}

    public func run() throws {
        if let threads, threads < 1 {
            throw NaswiftError.invalidArgument("--threads must be at least 1, got \(threads)", hint: "e.g. --threads 2")
        }
        var figures: [String: Double] = [:]
        var lines: [(String, String)] = []
        func record(_ key: String, _ value: Double, _ label: String, _ format: String) {
            figures[key] = value
            lines.append((label, String(format: format, value)))
        }

        // NB101: the whole space.
        let report = NB101Space.enumerateReporting(threads: threads)
        figures["nb101_unique_cells"] = Double(report.cells.count)
        figures["nb101_hashed_candidates"] = Double(report.candidates)
        figures["nb101_threads"] = Double(report.threads)
        lines.append(("nb101 unique cells (hashed candidates)", "\(report.cells.count) (\(report.candidates))"))
        record("nb101_enumerate_classes_s", report.classSeconds, "nb101 isomorphism classes + labellings (s)", "%.2f")
        record("nb101_enumerate_hash_s", report.hashSeconds, "nb101 hashing on \(report.threads) threads (s)", "%.2f")
        record("nb101_enumerate_dedup_s", report.dedupSeconds, "nb101 sort + dedupe by hash (s)", "%.2f")
        record("nb101_enumerate_total_s", report.totalSeconds, "nb101 enumeration + hashing total (s)", "%.2f")

        let nb101 = NB101Space()
        let sample = Array(report.cells.prefix(20_000))
        let strings = sample.map(nb101.format)
        record("nb101_parse_hash_per_s", Self.rate(strings.count) { for s in strings { _ = try? nb101.parse(s) } },
               "nb101 parse + prune + hash per second (1 thread)", "%.0f")
        record("nb101_format_per_s", Self.rate(sample.count) { for c in sample { _ = nb101.format(c) } },
               "nb101 format per second", "%.0f")
        var rng = SeededGenerator(seed: 0)
        record("nb101_mutate_per_s", Self.rate(5_000) { for c in sample.prefix(5_000) { _ = nb101.mutate(c, using: &rng) } },
               "nb101 mutations per second", "%.0f")
        var sampled = [Int](repeating: 0, count: 8)
        let draws = 20_000
        record("nb101_sample_per_s", Self.rate(draws) { for _ in 0..<draws { sampled[nb101.sample(using: &rng).vertexCount] += 1 } },
               "nb101 samples (random_spec) per second", "%.0f")
        for v in 2...7 { figures["nb101_sample_fraction_\(v)_vertices"] = Double(sampled[v]) / Double(draws) }
        lines.append(("nb101 sampled vertex counts 2..7 (fractions)",
                      (2...7).map { String(format: "%.3f", Double(sampled[$0]) / Double(draws)) }.joined(separator: " ")))
        record("nb101_neighbourhoods_per_s", Self.rate(2_000) { for c in sample.prefix(2_000) { _ = nb101.neighbours(of: c) } },
               "nb101 neighbourhoods per second", "%.0f")

        // NB201.
        let nb201 = NB201Space()
        let cells = nb201.allCells
        let s201 = cells.map(nb201.format)
        record("nb201_parse_per_s", Self.rate(s201.count * 4) { for _ in 0..<4 { for s in s201 { _ = try? nb201.parse(s) } } },
               "nb201 parse per second", "%.0f")
        record("nb201_format_per_s", Self.rate(cells.count * 4) { for _ in 0..<4 { for c in cells { _ = nb201.format(c) } } },
               "nb201 format per second", "%.0f")
        record("nb201_neighbourhoods_per_s", Self.rate(cells.count) { for c in cells { _ = nb201.neighbours(of: c) } },
               "nb201 neighbourhoods (24 cells) per second", "%.0f")

        // NATS size space.
        let nats = NATSSizeSpace()
        let archs = nats.allArchitectures
        let sNats = archs.map(nats.format)
        record("natsss_parse_per_s", Self.rate(sNats.count) { for s in sNats { _ = try? nats.parse(s) } },
               "natsss parse per second", "%.0f")
        record("natsss_format_per_s", Self.rate(archs.count) { for a in archs { _ = nats.format(a) } },
               "natsss format per second", "%.0f")

        let width = lines.map(\.0.count).max() ?? 0
        for (label, value) in lines { print(label.padding(toLength: width + 2, withPad: " ", startingAt: 0) + value) }
        try output.write(figures)
    }

    /// Operations per second of `body`, which performs `count` operations.
    static func rate(_ count: Int, _ body: () -> Void) -> Double {
        let t = DispatchTime.now().uptimeNanoseconds
        body()
        let s = Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9
        return Double(count) / max(s, 1e-9)
    }
}
