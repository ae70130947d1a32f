import CBLAS
import Foundation

extension BLAS {
    /// OpenBLAS's worker-thread count (process-wide; `OPENBLAS_NUM_THREADS` sets the initial value).
    ///
    /// Small problems (GP fits at n <= a few hundred, k-DPP eigendecompositions) run several times
    /// faster on one thread when the cores are busy (e.g. a multi-seed runner with one seed per
    /// core): see BENCHMARKS.md "Numerical core: linear algebra". Values below 1 are treated as 1.
    /// Set it once, before concurrent work starts: OpenBLAS does not support changing it while
    /// other threads are inside BLAS calls. Code that needs a count only for a while uses
    /// `withThreadCount(_:_:)`, which is safe when such scopes overlap.
    public static var threadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(max(1, newValue))) }
    }

    private static let scopeLock = NSLock()
    nonisolated(unsafe) private static var scopes = BLASThreadScopes()

    /// Runs `body` with OpenBLAS on `count` threads (values below 1 mean 1), then restores the
    /// count that held before. Scopes may overlap across threads (e.g. two runners in one
    /// process); `BLASThreadScopes` says which count applies meanwhile, so a scope asking for one
    /// thread (for bit-reproducible results: OpenBLAS rounds differently with 1 and 2 threads)
    /// is never widened by another scope's exit.
    public static func withThreadCount<R>(_ count: Int, _ body: () throws -> R) rethrows -> R {
        let n = max(1, count)
        scopeLock.withLock { set(scopes.open(n, current: threadCount)) }
        defer { scopeLock.withLock { set(scopes.close(n)) } }
        return try body()
    }

    /// Sets the count only when it changes (each change reconfigures OpenBLAS's thread pool).
    private static func set(_ count: Int) {
        if count != threadCount { threadCount = count }
    }
}

/// The thread-count policy of overlapping `BLAS.withThreadCount` scopes: while scopes are open the
/// smallest requested count applies; the count from before the first one returns only when the
/// last one closes (in any order).
public struct BLASThreadScopes: Sendable {
    /// Requested count -> number of open scopes that asked for it.
    public private(set) var requests: [Int: Int] = [:]
    private var outside = 1

    public init() {}

    /// Opens a scope asking for `count` threads while `current` are set; returns the count to set.
    public mutating func open(_ count: Int, current: Int) -> Int {
        if requests.isEmpty { outside = current }
        requests[count, default: 0] += 1
        return requests.keys.min()!
    }

    /// Closes one scope that asked for `count`; returns the count to set.
    /// Precondition: such a scope is open (`withThreadCount` pairs the calls).
    public mutating func close(_ count: Int) -> Int {
        guard let k = requests[count] else { preconditionFailure("no open BLAS thread scope asked for \(count)") }
        requests[count] = k == 1 ? nil : k - 1
        return requests.keys.min() ?? outside
    }
}
