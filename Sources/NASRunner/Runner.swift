import Dispatch
import Foundation
import NASBenchmarks
import NASCore
import NASLinalg
import NASSpaces
import NASStrategies

/// The multi-seed runner: K independent searches of one strategy on one benchmark task, in
/// parallel on all cores.
///
/// Each seed `s` builds its strategy with seed `s`, asks `batchSize` architectures at a time,
/// looks their values up in the table (strategies never see the table), and tells the guide value
/// oriented so that larger is better (`nil` when the guide value is missing). Seeds share nothing
/// mutable, so a seed's result does not depend on the number of threads or on the other seeds.
public enum Runner {
    /// Parses the table's architectures with its space: the domain and the row of each member.
    public struct Prepared<S: SearchSpace>: Sendable {
        public let domain: SearchDomain<S>
        public let rowOf: [S.Architecture: Int]
    }

    /// Parses every architecture string of `table` with `space`: the task's domain
    /// (`TaskDomain`: rows without a guide value are left out, as for studies with `--benchmark`).
    /// With `table.cells`, the domain is exactly the listed cells (duplicates once, in list order);
    /// a listed cell the space cannot parse, or that is not in the task's domain, is an error.
    public static func prepare<S: SearchSpace>(_ table: RunTable, space: S) throws -> Prepared<S> {
        let task = try TaskDomain(space: space, architectures: table.architectures, guide: table.guide,
                                  benchmark: table.benchmark, task: table.task, guideMetric: table.guideMetric)
        guard let list = table.cells else { return Prepared(domain: task.domain, rowOf: task.rowOf) }
        let archs = try list.parsed(hint: "the cell list must hold \(space.name) architectures (benchmark \(table.benchmark))") {
            try space.parse($0)
        }
        var members: [S.Architecture] = [], seen = Set<S.Architecture>()
        for ((line, text), a) in zip(list.entries, archs) {
            guard task.rowOf[a] != nil else {
                throw NaswiftError(.invalidArgument,
                                   "\(list.source):\(line): '\(text)' is not among the \(task.rowOf.count) architectures of task '\(table.task)' of '\(table.benchmark)' with a value of \(table.guideMetric)",
                                   hint: "list only architectures the task covers (see `naswift data list`)")
            }
            if seen.insert(a).inserted { members.append(a) }
        }
        return Prepared(domain: SearchDomain(space: space, members: members), rowOf: task.rowOf)
    }

    /// Runs `spec` on `table`; the space is looked up by the table's space name.
    /// `threads` (default: all cores) only changes speed, never results. `progress` is called with
    /// (seeds finished, seeds) from worker threads.
    public static func run(_ spec: RunSpec, on table: RunTable, threads: Int? = nil,
                           progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> RunResult {
        let space = try SpaceRegistry.make(table.spaceName)
        return try run(spec, on: table, space: space, threads: threads, progress: progress)
    }

    /// Runs `spec` on `table` with an explicit space (opened from the existential).
    public static func run<S: SearchSpace>(_ spec: RunSpec, on table: RunTable, space: S, threads: Int? = nil,
                                           progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> RunResult {
        let prepared = try prepare(table, space: space)
        return try run(spec, on: table, prepared: prepared, threads: threads, progress: progress)
    }

    /// Runs `spec` on an already prepared domain (reuse it across strategies of one comparison).
    public static func run<S: SearchSpace>(_ spec: RunSpec, on table: RunTable, prepared: Prepared<S>, threads: Int? = nil,
                                           progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> RunResult {
        if spec.timeBudget != nil && table.cost == nil {
            throw NaswiftError.invalidArgument("task '\(table.task)' of benchmark '\(table.benchmark)' has no cost metric, so --time-budget cannot be used",
                                               hint: "use --budget QUERIES, or a task with a cost (training seconds) metric")
        }
        // Fail fast (unknown strategy, bad options, a budget the strategy cannot use) before starting threads.
        let factory = try StrategyRegistry.factory(spec.strategy)
        try factory.validate(budget: spec.budget, batchSize: spec.batchSize, options: spec.options)
        try checkLogSize(spec, neverRepeats: factory.neverRepeats, domainSize: prepared.domain.count)
        _ = try StrategyRegistry.make(spec.strategy, domain: prepared.domain, seed: spec.firstSeed, options: table.strategyOptions(spec.options))
        let start = DispatchTime.now().uptimeNanoseconds
        let orientedGuide = table.guide.map { table.guideDirection.oriented($0) }
        let results = try parallelMap(count: spec.seeds, threads: threads, progress: progress) { i in
            try runSeed(spec.firstSeed &+ UInt64(i), spec: spec, table: table, prepared: prepared, orientedGuide: orientedGuide)
        }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return RunResult(table: table, spec: spec, seeds: results, wallSeconds: wall, domainSize: prepared.domain.count)
    }

    /// The most queries one run logs in memory (28 bytes each: row, elapsed, two running bests).
    public static let maxLoggedQueries = 400_000_000

    /// Refuses a query budget whose logs could not be held (`--budget 1000000000000` ran silently
    /// until memory ran out). A strategy that never repeats stops at the domain's size.
    static func checkLogSize(_ spec: RunSpec, neverRepeats: Bool, domainSize: Int?) throws {
        guard let budget = spec.budget else { return }
        let perSeed = neverRepeats ? Swift.min(budget, domainSize ?? budget) : budget
        let (total, overflow) = perSeed.multipliedReportingOverflow(by: spec.seeds)
        guard overflow || total > maxLoggedQueries else { return }
        let gigabytes = Double(perSeed) * Double(spec.seeds) * 28 / 1e9
        throw NaswiftError.invalidArgument(
            "budget of \(budget) queries x \(spec.seeds) seed(s) would log up to \(overflow ? "more than \(Int.max)" : "\(total)") "
            + "queries (about \(String(format: "%.3g", gigabytes)) GB in memory); one run holds at most \(maxLoggedQueries)",
            hint: "lower --budget (a search of a tabular benchmark rarely needs more than its \(domainSize.map(String.init) ?? "N") "
            + "architectures) or --seeds, or use --time-budget")
    }

    /// One seed's search.
    static func runSeed<S: SearchSpace>(_ seed: UInt64, spec: RunSpec, table: RunTable, prepared: Prepared<S>,
                                        orientedGuide: [Double]) throws -> SeedResult {
        var strategy = try StrategyRegistry.make(spec.strategy, domain: prepared.domain, seed: seed, options: table.strategyOptions(spec.options))
        let cap = spec.budget ?? Int.max
        var rows: [Int32] = [], elapsed: [Double] = [], bestGuided: [Double] = [], oracle: [Double] = []
        let reserve = min(cap, 100_000)
        rows.reserveCapacity(reserve); elapsed.reserveCapacity(reserve)
        bestGuided.reserveCapacity(reserve); oracle.reserveCapacity(reserve)
        var spent = 0.0
        var bestGuide = -Double.infinity, bestGuideReport = Double.nan, bestReport = Double.nan
        try AskTellLoop.drive(&strategy, limit: cap, batch: spec.batchSize,
                              canContinue: { spec.timeBudget.map { spent < $0 } ?? true }) { a in
            guard let row = prepared.rowOf[a] else {
                throw NaswiftError(.invalidArgument,
                                   "strategy '\(spec.strategy)' proposed \(prepared.domain.space.format(a)), which is not in benchmark '\(table.benchmark)'",
                                   hint: "strategies must propose members of their domain; this is a bug in the strategy")
            }
            let g = orientedGuide[row], r = table.report[row]
            if let c = table.cost?[row], c.isFinite { spent += c }
            if !g.isNaN && g > bestGuide { bestGuide = g; bestGuideReport = r }
            if table.reportDirection.better(r, than: bestReport) { bestReport = r }
            rows.append(Int32(row)); elapsed.append(spent)
            bestGuided.append(bestGuideReport); oracle.append(bestReport)
            return g.isNaN ? nil : g
        }
        return SeedResult(seed: seed, rows: rows, elapsed: elapsed, bestGuidedReport: bestGuided, oracleBestReport: oracle)
    }

    /// `body(i)` for i in 0..<count on `threads` workers pulling indices from a shared counter;
    /// results in index order. The first error (lowest index) is rethrown.
    static func parallelMap<T: Sendable>(count: Int, threads: Int?, progress: (@Sendable (Int, Int) -> Void)?,
                                         _ body: @Sendable (Int) throws -> T) throws -> [T] {
        let box = ResultBox<T>(count: count)
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, count))
        // BLAS runs single-threaded while the seeds run, whatever `threads` is: seeds already use
        // every core (nested OpenBLAS threads oversubscribe them, 3-5x slower GP fits measured),
        // and OpenBLAS rounds differently with 1 and 2 threads, which changed arch2vec-bo
        // trajectories (489 vs 416 queries for one seed), so a result must not depend on
        // `--threads` or `OPENBLAS_NUM_THREADS`.
        return try BLAS.withThreadCount(1) {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let i = box.nextIndex() {
                    let r = Result { try body(i) }
                    let done = box.store(r, at: i)
                    progress?(done, count)
                }
            }
            return try box.results()
        }
    }
}

/// Lock-protected slots for `parallelMap`.
final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<T, any Error>?]
    private var next = 0
    private var done = 0
    private var failed = false

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func nextIndex() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < slots.count, !failed else { return nil }
        next += 1
        return next - 1
    }

    func store(_ r: Result<T, any Error>, at i: Int) -> Int {
        lock.lock(); defer { lock.unlock() }
        slots[i] = r
        if case .failure = r { failed = true }
        done += 1
        return done
    }

    func results() throws -> [T] {
        lock.lock(); defer { lock.unlock() }
        var out: [T] = []
        out.reserveCapacity(slots.count)
        for s in slots {
            switch s {
            case .success(let v): out.append(v)
            case .failure(let e): throw e
            case nil: continue  // skipped after a failure
            }
        }
        return out
    }
}

extension RunTable {
    /// `options` with this table's context, as every strategy of a run on it is made.
    public func strategyOptions(_ options: StrategyOptions) -> StrategyOptions { options.with(context: context) }
}
