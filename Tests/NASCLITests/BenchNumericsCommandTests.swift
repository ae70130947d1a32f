import Foundation
import Testing
import NASCore
import NASTensor
@testable import NASCLI

/// `naswift bench numerics`: argument checking and the JSON file it writes.
@Suite struct BenchNumericsCommandTests {
    @Test func rejectsZeroBlocks() throws {
        let cmd = try BenchNumericsCommand.parse(["--blocks", "0"])
        #expect(throws: NaswiftError.self) { try cmd.run() }
    }

    @Test func writesAllFiguresAsJSON() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("numerics-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try BenchNumericsCommand.parse(["--blocks", "1", "--json", path]).run()
        let obj = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Double]
        let flags: Set = ["conv_direct_avx512", "conv_direct_avx2"]
        #expect(Set(obj.keys) == flags.union(["gemm_gflops", "openblas_gflops", "conv_train_images_per_s", "gin_step_ms",
                                              "max_gradcheck_rel_error"]))
        #expect(obj["conv_direct_avx512"] == (CPUFeatures.convPath == .avx512 ? 1 : 0))
        #expect(obj["conv_direct_avx2"] == (CPUFeatures.convPath == .avx2 ? 1 : 0))
        #expect(obj.filter { !flags.contains($0.key) }.values.allSatisfy { $0.isFinite && $0 > 0 })
        #expect(obj["max_gradcheck_rel_error"]! < 1e-6)
    }
}
