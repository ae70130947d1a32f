import Foundation
import NASBenchmarks
import NASTestSupport

/// Helpers shared by the NASBenchmarks tests.
enum BenchmarkTestSupport {
    /// A fresh, empty data directory (one per test).
    static func temporaryStore() throws -> BenchmarkStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-bench-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return BenchmarkStore(directory: dir)
    }

    /// A fresh temporary directory for scratch files.
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-bench-scratch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// PyPI packages are installed once here and reused across tests and runs
    /// (`<package root>/.build/naswift-pypi`).
    static var pypiCache: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build").appendingPathComponent("naswift-pypi")
    }

    static var nb201Files: [URL] {
        [SharedData.url("nb201/nb201_200ep.csv"), SharedData.url("nb201-12ep/nb201_12ep.csv")]
    }

    /// Runs `python3 -c code args...` and returns its stdout (throws on a non-zero exit).
    static func python(_ code: String, _ arguments: [String] = []) throws -> String {
        try PythonProcess.text(["-c", code] + arguments)
    }


    /// Pearson correlation of two equally long samples.
    static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            sxy += (x[i] - mx) * (y[i] - my)
            sxx += (x[i] - mx) * (x[i] - mx)
            syy += (y[i] - my) * (y[i] - my)
        }
        return sxy / (sxx * syy).squareRoot()
    }
}
