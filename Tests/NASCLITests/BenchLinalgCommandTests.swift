import Foundation
import Testing
import NASCore
@testable import NASCLI

@Suite struct BenchLinalgCommandTests {
    @Test func badSizesAreRejected() throws {
        for bad in ["0", "10,x", "=-5"] {
            let cmd = try BenchLinalgCommand.parse(["--sizes" + (bad.hasPrefix("=") ? bad : ""), ] + (bad.hasPrefix("=") ? [] : [bad]) + ["--numpy-script", ""])
            #expect(throws: NaswiftError.self) { try cmd.run() }
        }
    }

    @Test func smallRunWritesJSON() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bench-linalg-\(UUID()).json").path
        let cmd = try BenchLinalgCommand.parse(["--sizes", "20", "--repeats", "1", "--numpy-script", "", "--json", path])
        try cmd.run()
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let ours = try #require(doc["naswift"] as? [String: Double])
        #expect(Set(ours.keys) == ["cholesky_20_ms", "eigh_20_ms", "svd_20_ms"])
        #expect(ours.values.allSatisfy { $0 > 0 && $0.isFinite })
        try? FileManager.default.removeItem(atPath: path)
    }
}

@Suite struct BenchGPCommandTests {
    @Test func smallRunAndBadArguments() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bench-gp-\(UUID()).json").path
        try BenchGPCommand.parse(["--sizes", "12", "--candidates", "10", "--repeats", "1", "--json", path]).run()
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let figures = try #require(doc["naswift"] as? [String: Double])
        #expect(Set(figures.keys) == ["gp_fit_12_ms", "gp_predict_12_ms", "kdpp_sample_12_ms", "kdpp_greedy_12_ms"])
        try? FileManager.default.removeItem(atPath: path)
        #expect(throws: NaswiftError.self) { try BenchGPCommand.parse(["--sizes", "1"]).run() }
        #expect(throws: NaswiftError.self) { try BenchGPCommand.parse(["--candidates", "3"]).run() }
    }
}
