import Foundation
import NASBenchmarks
import NASCore
import NASSpaces

/// The search domains of studies: the whole space, or for a study created with `--benchmark B
/// --task T` the architectures the benchmark task covers (`TaskDomain`, the rows `naswift search`
/// searches), so a tabular worker never gets an architecture without a row.
///
/// Proposal rounds are frequent (one per `ask` that finds the queue empty) and a benchmark domain
/// is large (nb101-20k: 20,001 cells), so each restricted domain is built once per process and
/// cached, keyed by benchmark, task, data directory, space and the cache file's size and
/// modification time (a re-import builds it anew).
public enum StudyDomains {
    /// Concurrent rounds wait for one build instead of each building.
    private static let domains = BuildOnceCache()

    /// The data directory a study with `dataDirectory` reads benchmarks from.
    public static func store(_ dataDirectory: String?) -> BenchmarkStore {
        BenchmarkStore(directory: dataDirectory.map { URL(fileURLWithPath: $0) })
    }

    /// The domain of `spec` in `space` (`space` must be the spec's space).
    /// - Throws: the benchmark store's errors (unknown benchmark, damaged cache), `unknownName` for
    ///   an unknown task, `invalidArgument` when the benchmark covers another space than the study.
    public static func domain<S: SearchSpace>(for spec: StudySpec, space: S) throws -> SearchDomain<S> {
        guard let benchmark = spec.benchmark else { return SearchDomain(space: space) }
        guard let task = spec.task else {
            throw NaswiftError(.invalidArgument, "study '\(spec.name)' has benchmark \(benchmark) but no task",
                               hint: "create the study with --benchmark B --task T")
        }
        let store = store(spec.dataDirectory)
        let key = [benchmark, task, store.directory.standardizedFileURL.path, space.name, stamp(store.cacheURL(benchmark))]
            .joined(separator: "\u{1}")
        return try domains.value(key) {
            // TaskDomain refuses a benchmark of another space than the study's.
            try TaskDomain(benchmark: try store.load(benchmark), task: task, space: space).domain
        }
    }

    /// Size and modification time of a benchmark cache file ("-" when it cannot be read).
    private static func stamp(_ file: URL) -> String {
        guard let a = try? FileManager.default.attributesOfItem(atPath: file.path) else { return "-" }
        let size = (a[.size] as? NSNumber)?.int64Value ?? -1
        let modified = (a[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(size)@\(modified)"
    }
}
