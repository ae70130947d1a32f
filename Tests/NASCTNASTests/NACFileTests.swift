import Foundation
import NASCore
import NASSpaces
import NASTestSupport
import Testing
@testable import NASCTNAS

/// The saved-comparator file: a loaded NAC is the saved one (comparisons, pseudo-label training,
/// the policy it drives), and damaged or mismatched files are clear errors naming the file.
@Suite struct NACFileTests {
    static func trained() throws -> NACComparator {
        let f = try Fixtures.nb101()
        var s = NACSettings.reference
        s.epochs = 10
        s.dimension = 32
        var nac = try NACComparator(vocabulary: try NACVocabulary.named("nb101"), settings: s, seed: 6)
        for i in 0..<300 { try nac.append(f.graphs[i], value: f.values[i]) }
        try nac.fit()
        return nac
    }

    @Test func savedComparatorLoadsIdentically() throws {
        let nac = try Self.trained()
        let url = PythonScript.tempURL("nac-roundtrip.model")
        defer { try? FileManager.default.removeItem(at: url) }
        try nac.save(to: url, source: "NB101World, 300 labels")
        let loaded = try NACComparator.load(from: url, space: "nb101")
        let probe = Array(try Fixtures.nb101().graphs[500..<600])
        #expect(try loaded.comparisonMatrix(probe) == nac.comparisonMatrix(probe))
        #expect(loaded.graphs == nac.graphs && loaded.values == nac.values && loaded.steps == nac.steps && loaded.settings == nac.settings)
        #expect(try loaded.serialized(source: "NB101World, 300 labels") == [UInt8](Data(contentsOf: url)))
        // the policy it drives (pseudo rounds train the NAC further: Adam state and labelled set restored)
        var policy = PolicySettings.reference
        policy.iterations = 250
        policy.baselineEvery = 100
        let a = try NB101PolicyLearning.run(nac: nac, settings: policy, seed: 2)
        let b = try NB101PolicyLearning.run(nac: loaded, settings: policy, seed: 2)
        #expect(a.pseudoRounds == 3 && a.baselines == b.baselines && a.derived == b.derived)
        #expect(try a.nac.comparisonMatrix(probe) == b.nac.comparisonMatrix(probe))
    }

    @Test func damagedOrMismatchedFilesAreClearErrors() throws {
        let nac = try Self.trained()
        let good = try nac.serialized()
        let url = PythonScript.tempURL("nac-bad.model")
        defer { try? FileManager.default.removeItem(at: url) }
        func loadError(_ bytes: [UInt8], space: String? = nil) -> String {
            do {
                try Data(bytes).write(to: url)
                _ = try NACComparator.load(from: url, space: space)
                return "no error"
            } catch { return "\(error)" }
        }
        var flipped = good
        flipped[good.count / 2] ^= 0x40
        #expect(loadError(flipped).contains("SHA-256"))
        #expect(loadError(Array(good.prefix(good.count - 100))).contains("truncated"))
        #expect(loadError(Array("hello, not a model".utf8)).contains("not a naswift NAC file"))
        #expect(loadError(good + [0]).contains("trailing"))
        var v2 = Array(good.prefix(good.count - 32))
        v2[8] = 2
        v2 += SHA256.digest(v2)
        #expect(loadError(v2).contains("format version 2"))
        let e = loadError(good, space: "nb201")
        #expect(e.contains("compares nb101 cells, not nb201") && e.contains(url.path))
        #expect(loadError(flipped).contains(url.path))
        #expect(loadError(good, space: "nb101") == "no error")
        let missing = URL(fileURLWithPath: "/tmp/naswift-no-such-\(UUID().uuidString).model")
        #expect { try NACComparator.load(from: missing) } throws: { "\($0)".contains("no NAC file at '\(missing.path)'") }
    }
}
