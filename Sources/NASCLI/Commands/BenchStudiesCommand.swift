import ArgumentParser
import Foundation
import NASCore
import NASStudy

/// `naswift bench studies`: ask/tell round trips per second on SQLite and PostgreSQL with 1 and 8
/// workers (figures in BENCHMARKS.md "Studies").
///
/// Each worker is an ask -> tell loop with its own storage connections (as separate processes
/// would have), telling a value at once (no training), on a fresh `nb201`/`random` study of
/// `--trials` trials. Rate = trials / wall seconds from the first ask to the last tell.
struct BenchStudiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "studies", abstract: "Ask/tell round trips per second on SQLite and PostgreSQL.")

    @Option(help: "Trials per measurement.") var trials: Int = 500
    @Option(help: "Comma-separated worker counts.") var workers: String = "1,8"
    @Option(help: "Comma-separated batch sizes (architectures proposed per strategy round).") var batchSizes: String = "1"
    @Option(help: "PostgreSQL URL (default: $NASWIFT_TEST_POSTGRES_URL; PostgreSQL is skipped when neither is set).")
    var postgres: String?
    @OptionGroup var output: BenchOutput

    struct Figure: Codable {
        var storage: String
        var workers: Int
        var batchSize: Int
        var trials: Int
        var seconds: Double
        var roundTripsPerSecond: Double
    }

    func run() async throws {
        let counts = try parseList(workers, what: "--workers")
        let batches = try parseList(batchSizes, what: "--batch-sizes")
        if trials < 1 { throw ValidationError("--trials must be at least 1") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-bench-studies-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var storages: [(String, String)] = [("sqlite", "sqlite://" + dir.appendingPathComponent("bench.db").path)]
        if let pg = postgres ?? ProcessInfo.processInfo.environment["NASWIFT_TEST_POSTGRES_URL"], !pg.isEmpty {
            storages.append(("postgresql", pg))
        } else {
            Out.line("(PostgreSQL skipped: pass --postgres URL or set NASWIFT_TEST_POSTGRES_URL)")
        }
        var figures: [Figure] = []
        Out.line("| storage | workers | batch size | trials | seconds | ask/tell round trips/s |")
        Out.line("|---|---:|---:|---:|---:|---:|")
        for (label, url) in storages {
            for w in counts {
                for b in batches {
                    let f = try await measure(label: label, url: url, workers: w, batchSize: b)
                    figures.append(f)
                    Out.line("| \(label) | \(w) | \(b) | \(trials) | \(String(format: "%.2f", f.seconds)) | "
                             + "\(String(format: "%.0f", f.roundTripsPerSecond)) |")
                }
            }
        }
        try output.write(encodable: figures)
    }

    private func parseList(_ text: String, what: String) throws -> [Int] {
        let v = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !v.isEmpty, v.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("\(what) must be positive integers separated by commas, e.g. 1,8")
        }
        return v.compactMap { $0 }
    }

    private func measure(label: String, url: String, workers: Int, batchSize: Int) async throws -> Figure {
        let storageURL = try StorageURL(parsing: url)
        let admin = try await storageURL.open()
        let name = "bench-\(label)-\(workers)w-\(batchSize)b-\(UUID().uuidString.prefix(8))"
        let spec = StudySpec(name: name, space: "nb201", strategy: "random", metric: "value", direction: .maximize,
                             budget: trials, batchSize: batchSize, seed: 1)
        _ = try await Study.create(spec, storage: admin)
        let started = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<workers {
                group.addTask {
                    let s = try await storageURL.open()
                    let study = try await Study.load(name, storage: s)
                    let claim = ClaimRequest(worker: "bench-\(w)", heartbeat: true)
                    loop: while true {
                        switch try await study.ask(claim) {
                        case .trial(let t): try await study.tell(t.id, worker: claim.worker, .complete(value: Double(t.number)))
                        case .wait: try await Task.sleep(for: .milliseconds(1))
                        case .finished: break loop
                        }
                    }
                    await s.close()
                }
            }
            try await group.waitForAll()
        }
        let seconds = Date().timeIntervalSince(started)
        let done = try await admin.trials(studyID: try await admin.study(named: name).id).count { $0.state == .complete }
        try await admin.deleteStudy(named: name)
        await admin.close()
        guard done == trials else {
            throw NaswiftError(.storage, "benchmark study finished with \(done) complete trials instead of \(trials)")
        }
        return Figure(storage: label, workers: workers, batchSize: batchSize, trials: trials, seconds: seconds,
                      roundTripsPerSecond: Double(trials) / seconds)
    }
}
