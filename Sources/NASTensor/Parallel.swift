import Dispatch
import Foundation

/// Splits loops over large tensors across the cores (2 on the reference machine), like PyTorch's
/// intra-op threads. Small workloads run inline; the body must only write disjoint ranges.
enum Parallel {
    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Runs `body(range)` over `0..<count` split into at most `cores` contiguous ranges, in
    /// parallel when `work` (elements touched) is at least `minimumWork`.
    @inline(__always)
    static func forRanges(_ count: Int, work: Int, minimumWork: Int = 1 << 16, _ body: (Range<Int>) -> Void) {
        let parts = min(cores, count)
        if parts <= 1 || work < minimumWork { body(0..<count); return }
        withoutActuallyEscaping(body) { f in
            let box = UncheckedBody(f: f)
            DispatchQueue.concurrentPerform(iterations: parts) { p in
                let lo = count * p / parts, hi = count * (p + 1) / parts
                if lo < hi { box.f(lo..<hi) }
            }
        }
    }
}

/// The loop body, shared by the worker threads (it writes disjoint ranges; the call returns only
/// after every worker finished).
struct UncheckedBody: @unchecked Sendable { let f: (Range<Int>) -> Void }
