import Foundation
import NASCore
import NASLinalg
import NASTensor

extension EPDJMStore {
    /// Progress after each finished row.
    public struct Progress: Sendable {
        public let done: Int, total: Int
        /// Seconds since this call started and the estimated seconds left.
        public let elapsed: Double, remaining: Double
        public let row: Int, failure: String?
    }

    /// Computes every pending row (in `workOrder`) with `images [batch, 3, 32, 32]`; a row whose
    /// EPDJM cannot be computed (a non-finite Jacobian) is stored as failed (zeros) and the run
    /// goes on. Rows are computed with `meta.blasThreads` BLAS threads (`BLAS.withThreadCount`),
    /// so a store's bytes do not depend on the caller's thread count. Returns the failed rows.
    @discardableResult
    public func computePending(space: CENASpace, images: Tensor<Float>,
                               progress: (Progress) -> Void = { _ in }) throws -> [Finished] {
        precondition(images.shape == [meta.batch, 3, 32, 32], "computePending: images \(images.shape) for batch \(meta.batch)")
        // the store's bytes depend on the BLAS thread count (OpenBLAS rounds differently), so its
        // rows are computed with the count its meta records, whatever the caller's is
        try BLAS.withThreadCount(meta.blasThreads) { try computeRows(space: space, images: images, progress: progress) }
        return finished.values.filter { $0.failure != nil }.sorted { $0.row < $1.row }
    }

    private func computeRows(space: CENASpace, images: Tensor<Float>, progress: (Progress) -> Void) throws {
        let rows = workOrder, start = Date()
        for (i, row) in rows.enumerated() {
            var failure: String? = nil
            let values: [Float]?
            do {
                values = try EPDJM.compute(space: space, code: codes[row], images: images, inits: meta.inits,
                                           proj: meta.proj, seed: meta.seed)
            } catch {
                values = nil
                failure = "\(error)"
            }
            try write(row: row, values: values, failure: failure)
            let elapsed = Date().timeIntervalSince(start)
            progress(Progress(done: i + 1, total: rows.count, elapsed: elapsed,
                              remaining: elapsed / Double(i + 1) * Double(rows.count - i - 1), row: row, failure: failure))
        }
    }
}
