import Foundation
import NASCore

/// Progress of a study (what `naswift study status` prints).
public struct StudyStatus: Sendable, Equatable {
    public var counts: [TrialState: Int]
    public var total: Int
    public var budget: Int?
    public var best: TrialRecord?
    /// Workers holding running trials.
    public var activeWorkers: [String]
    /// Completed trials per second between the first start and the last finish (nil with < 2).
    public var throughput: Double?

    public init(study: StudyRecord, trials: [TrialRecord]) {
        var counts: [TrialState: Int] = [:]
        for s in TrialState.allCases { counts[s] = 0 }
        for t in trials { counts[t.state, default: 0] += 1 }
        self.counts = counts
        self.total = trials.count
        self.budget = study.spec.budget
        self.best = Study.best(of: trials, direction: study.spec.direction)
        self.activeWorkers = Array(Set(trials.filter { $0.state == .running }.compactMap(\.worker))).sorted()
        let done = trials.filter { $0.state == .complete }
        if done.count >= 2, let first = trials.compactMap(\.startedAt).min(), let last = done.compactMap(\.finishedAt).max(),
           last > first {
            throughput = Double(done.count) / (last - first)
        } else {
            throughput = nil
        }
    }

    /// Finished trials (complete + failed).
    public var finished: Int { (counts[.complete] ?? 0) + (counts[.failed] ?? 0) }

    /// Human-readable lines.
    public func lines(study: StudyRecord) -> [String] {
        let s = study.spec
        var out = ["study \(s.name): space \(s.space), strategy \(s.strategy), \(s.direction.rawValue)imise \(s.metric), "
                   + "batch size \(s.batchSize), seed \(s.seed)"]
        if !s.options.isEmpty { out.append("strategy options: " + s.optionPairs.joined(separator: " ")) }
        if let b = s.benchmark, let t = s.task {
            out.append("domain: architectures of benchmark \(b) task \(t)" + (s.dataDirectory.map { " (data directory \($0))" } ?? ""))
        }
        let budgetText = budget.map { "\(finished)/\($0) finished (\(String(format: "%.0f", 100 * Double(finished) / Double($0)))%)" }
            ?? "\(finished) finished (no budget)"
        out.append("progress: \(budgetText); \(total) trials: " + TrialState.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }
            .joined(separator: ", "))
        if let best, let v = best.value {
            out.append("best: \(s.metric) = \(v) (trial \(best.id), #\(best.number)) \(best.architecture)")
        } else {
            out.append("best: none yet")
        }
        out.append("workers: " + (activeWorkers.isEmpty ? "none running" : activeWorkers.joined(separator: ", ")))
        if let throughput { out.append(String(format: "throughput: %.2f complete trials/s", throughput)) }
        out.append("heartbeat timeout \(s.heartbeatTimeout) s, max attempts \(s.maxAttempts)")
        return out
    }
}
