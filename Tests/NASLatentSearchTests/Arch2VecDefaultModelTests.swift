import Foundation
import NASArch2Vec
import NASCore
import NASSpaces
import NASStrategies
import NASStrategyTestSupport
import Testing
@testable import NASLatentSearch

/// arch2vec strategies without `model=FILE` use the space's default model, trained once on first
/// use; `auto` runs arch2vec-bo on NB201 cifar100 (its validated pick) with the model it is given.
@Suite struct Arch2VecDefaultModelTests {
    init() { Arch2VecPlugin.register() }

    /// A missing default model is trained once with the configuration given, saved where
    /// `naswift embed arch2vec train` saves it, announced once, and reused afterwards (same file,
    /// no second training). One epoch on all 15,625 NB201 cells keeps it to a few seconds.
    @Test func missingDefaultModelIsTrainedOnceThenReused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("a2v-default-\(UUID())")
        defer { try? FileManager.default.removeItem(at: dir) }
        var config = Arch2VecConfig(epochs: 1, seed: 3)
        config.decodings = 50
        var notes: [String] = []
        let url = try Arch2VecDefaultModel.url(space: .nb201, directory: dir, config: config) { notes.append($0) }
        #expect(url == dir.appendingPathComponent("arch2vec-nb201.model"))
        #expect(notes.count == 1 && notes[0].contains("training the default nb201 model") && notes[0].contains(url.path))
        let model = try Arch2VecModel.load(from: url, space: "nb201")
        #expect(model.header.config == config)
        let bytes = try Data(contentsOf: url)
        let again = try Arch2VecDefaultModel.url(space: .nb201, directory: dir, config: Arch2VecConfig(epochs: 2, seed: 4)) { notes.append($0) }
        #expect(again == url && notes.count == 1)
        #expect(try Data(contentsOf: url) == bytes)
    }

    /// nb101's whole space is too large to train on first use: a clear error with the command.
    @Test func missingNB101ModelIsAClearError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("a2v-default-\(UUID())")
        let e = #expect(throws: NaswiftError.self) { _ = try Arch2VecDefaultModel.url(space: .nb101, directory: dir) { _ in } }
        #expect(e?.kind == .dataMissing)
        #expect(e?.hint?.contains("naswift embed arch2vec train --space nb101") == true)
        #expect(!FileManager.default.fileExists(atPath: dir.path))
        // an empty model path is refused, not taken as "the default"
        let domain = SearchDomain(space: NB201Space(), members: Array(NB201Latent.shared.cells.prefix(100)))
        #expect(throws: NaswiftError.self) { _ = try StrategyRegistry.make("arch2vec-bo", domain: domain, seed: 0, options: StrategyOptions(["model": ""])) }
    }

    /// On NB201 cifar100 `auto` runs arch2vec-bo, exactly (same seed, same proposals), with the model
    /// it is given; on cifar10 it runs tpe-nas and ignores the model.
    @Test func autoRunsArch2VecBOOnCifar100() throws {
        let w = NB201Latent.shared
        let domain = SearchDomain(space: w.space, members: Array(w.cells.prefix(3000)))
        func proposals(_ name: String, task: String, options: [String: String]) throws -> [NB201Cell] {
            var s = try StrategyRegistry.make(name, domain: domain, seed: 5,
                                              options: StrategyOptions(options, context: SearchContext(benchmark: "nb201", task: task)))
            return Array(try StrategyConformance<NB201Space>.drive(&s, evaluations: 24, batch: 1, value: w.value).joined())
        }
        let model = ["model": Arch2VecFixture.nb201ModelPath]
        #expect(AutoStrategyFactory.pick(space: "nb201", context: SearchContext(benchmark: "nb201", task: "cifar100")) == "arch2vec-bo")
        let auto = try proposals("auto", task: "cifar100", options: model)
        #expect(auto.count == 24)
        #expect(auto == (try proposals("arch2vec-bo", task: "cifar100", options: model)))
        #expect(auto != (try proposals("bananas", task: "cifar100", options: [:])))
        #expect(try proposals("auto", task: "cifar10", options: model) == proposals("tpe-nas", task: "cifar10", options: [:]))
        #expect(throws: NaswiftError.self) { _ = try proposals("auto", task: "cifar100", options: ["initial": "5"]) }
    }
}
