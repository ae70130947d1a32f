import Foundation
import NASCore
@testable import NASArch2Vec

/// Small real models shared by the tests (trained once per test process).
enum Fixtures {
    /// The first 640 NB201 cells (internal code order).
    static let nb201Graphs: Arch2VecGraphs = {
        let all = Arch2VecSpace.nb201.wholeSpace()
        return all.graphs.subset(Array(0..<640))
    }()

    static func tinyConfig(seed: UInt64 = 7) -> Arch2VecConfig {
        var c = Arch2VecConfig(epochs: 1, seed: seed)
        c.decodings = 200
        return c
    }

    /// One epoch on 640 NB201 cells (18 Adam steps).
    static let tinyNB201: Arch2VecModel = {
        try! Arch2VecTrainer(space: .nb201, config: tinyConfig()).train(graphs: nb201Graphs)
    }()

    /// One epoch on 320 NB101 cells given by their strings (random catalogue-free sample).
    static let tinyNB101: Arch2VecModel = {
        let space = NB101SpaceSample.cells(320)
        return try! Arch2VecTrainer(space: .nb101, config: tinyConfig()).train(graphs: Arch2VecGraphs(nb101: space))
    }()

    static func tempURL(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("arch2vec-test-\(UUID().uuidString)-\(name)")
    }
}

import NASSpaces

/// NB101 cells drawn with the space's own sampler (seeded), avoiding the 423,624-cell enumeration in tests.
enum NB101SpaceSample {
    static func cells(_ count: Int, seed: UInt64 = 5) -> [NB101Cell] {
        var rng = SeededGenerator(seed: seed)
        let s = NB101Space()
        return (0..<count).map { _ in s.sample(using: &rng) }
    }
}
