import ArgumentParser
import Foundation
import NASCore
import Testing
@testable import NASCLI

@Suite struct StudyCreateCommandTests {
    static let base = ["s", "--space", "nb201", "--metric", "acc"]

    /// `--direction` takes max/min (and the long forms) into the one `MetricDirection`; `auto`
    /// needs a benchmark metric, so studies refuse it.
    @Test func directionParses() throws {
        for (text, d) in [("max", MetricDirection.maximize), ("min", .minimize), ("MAXIMIZE", .maximize), ("minimise", .minimize)] {
            #expect(try StudyCreateCommand.parse(Self.base + ["--direction", text]).direction == d)
        }
        for bad in ["auto", "sideways", ""] {
            #expect(throws: (any Error).self) { try StudyCreateCommand.parse(Self.base + ["--direction", bad]) }
        }
        #expect(MetricDirection.allValueStrings == ["max", "min"])
    }

    /// The spec: options parsed, --model made absolute and checked, the data directory resolved.
    @Test func specCarriesOptionsModelAndBenchmark() throws {
        Plugins.registerAll()
        let model = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-cli-\(UUID().uuidString).model")
        try Data("not checked here".utf8).write(to: model)
        let cwd = FileManager.default.currentDirectoryPath
        let c = try StudyCreateCommand.parse(Self.base + ["--direction", "max", "--strategy", "arch2vec-bo", "--option", "k=5",
                                                          "--model", model.path, "--benchmark", "nb201", "--task", "cifar10",
                                                          "--data-dir", "rel/data"])
        let spec = try c.spec()
        #expect(spec.options == ["k": "5", "model": model.standardizedFileURL.path])
        #expect(spec.benchmark == "nb201" && spec.task == "cifar10")
        #expect(spec.dataDirectory == URL(fileURLWithPath: cwd).appendingPathComponent("rel/data").standardizedFileURL.path)
        let twice = try StudyCreateCommand.parse(Self.base + ["--direction", "max", "--strategy", "arch2vec-bo",
                                                              "--option", "model=\(model.path)", "--model", model.path])
        #expect(throws: NaswiftError.self) { try twice.spec() }
        let missing = try StudyCreateCommand.parse(Self.base + ["--direction", "max", "--strategy", "arch2vec-rl", "--model", "nope.model"])
        let e = #expect(throws: NaswiftError.self) { try missing.spec() }
        #expect(e?.message.contains("nope.model does not exist") == true)
        #expect(throws: (any Error).self) { try StudyCreateCommand.parse(Self.base + ["--direction", "max", "--task", "cifar10"]) }
        #expect(throws: (any Error).self) { try StudyCreateCommand.parse(Self.base + ["--direction", "max", "--benchmark", "nb201"]) }
    }
}
