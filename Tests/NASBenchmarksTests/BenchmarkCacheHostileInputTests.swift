import Foundation
import NASBenchmarks
import NASCore
import Testing

/// Benchmark caches that trapped the reader before (found by fuzzing, Fuzz/FuzzBenchmarkCache,
/// RELIABILITY.md); each is now a `dataCorrupt` error naming the file and the rebuild command.
@Suite struct BenchmarkCacheHostileInputTests {
    @Test func zeroRowCacheIsCorrupt() throws {
        // A well-formed, checksummed cache of no rows (as a damaged or hand-made file may be): the
        // key-offset loop `1...rows` trapped on it.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-zero-rows-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = BenchmarkStore(directory: dir)
        let empty = try TabularBenchmark(name: "empty", spaceName: "nb201", metrics: ["acc"], keys: [], architectures: [],
                                         values: [[]], tasks: [])
        _ = try store.save(empty, command: "naswift data import empty --space nb201 --from empty.csv")
        let e = #expect(throws: NaswiftError.self) { try store.load("empty") }
        #expect(e?.kind == .dataCorrupt && e?.message.contains("the header declares 0 rows") == true, "\(e?.message ?? "")")
        #expect(e?.hint?.contains("naswift data import empty") == true)
    }
}
