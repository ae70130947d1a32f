import Foundation
import Testing
import NASCore
import NASSpaces
import NASTensor
@testable import NASArch2Vec

@Suite struct Arch2VecModelFileTests {
    static let someNB201 = ["|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|",
                            "|none~0|+|avg_pool_3x3~0|nor_conv_1x1~1|+|skip_connect~0|none~1|nor_conv_3x3~2|",
                            NB201Space.example]

    @Test func saveLoadRoundTripGivesIdenticalEmbeddings() throws {
        let m = Fixtures.tinyNB201
        let url = Fixtures.tempURL("rt.model")
        defer { try? FileManager.default.removeItem(at: url) }
        try m.save(to: url)
        let back = try Arch2VecModel.load(from: url)
        #expect(back.space == "nb201" && back.latent == 16)
        #expect(back.header == m.header)
        let e1 = try m.embed(architectures: Self.someNB201), e2 = try back.embed(architectures: Self.someNB201)
        #expect(e1.count == 3 * 16)
        #expect(back.state == m.state)   // bit-identical weights
        // equal embeddings (up to sgemm rounding: OpenBLAS's process-wide thread count may be changed
        // by other suites between the two calls)
        for k in 0..<e1.count { #expect(abs(e1[k] - e2[k]) <= 1e-6 * max(1, abs(e1[k]))) }
        // distinct cells get distinct embeddings, identical strings identical ones
        #expect(Array(e1[0..<16]) != Array(e1[16..<32]))
        // alone vs in a batch: equal up to float rounding (gemm blocking depends on the batch size)
        let alone = try m.embed(architectures: [Self.someNB201[1]])
        for k in 0..<16 { #expect(abs(alone[k] - e1[16 + k]) < 1e-5) }
        #expect(try back.serialized() == (try m.serialized()))
    }

    @Test func embeddingIsMeanOfNodeMeansInEvalMode() throws {
        let m = Fixtures.tinyNB201
        let net = try m.network()
        let g = try Arch2VecGraphs(space: .nb201, architectures: [Self.someNB201[0]])
        let b = g.batch([0])
        let tape = Tape<Float>()
        let (mu, _) = net.encode(tape.constant(b.ops), adjacency: tape.constant(b.adjacency), training: false)
        var mean = [Float](repeating: 0, count: 16)
        for v in 0..<8 { for k in 0..<16 { mean[k] += mu.value.scalars[v * 16 + k] / 8 } }
        let e = try m.embed(architectures: [Self.someNB201[0]])
        for k in 0..<16 { #expect(abs(e[k] - mean[k]) < 1e-5) }
    }

    @Test func truncatedFlippedMissingAndForeignFilesAreClearErrors() throws {
        let bytes = try Fixtures.tinyNB201.serialized()
        let url = Fixtures.tempURL("bad.model")
        defer { try? FileManager.default.removeItem(at: url) }
        func loadError(_ b: [UInt8]) throws -> NaswiftError {
            try Data(b).write(to: url)
            do { _ = try Arch2VecModel.load(from: url) } catch let e as NaswiftError { return e }
            Issue.record("loading did not throw")
            return NaswiftError(.io, "")
        }
        let truncated = try loadError(Array(bytes.prefix(bytes.count - 100)))
        #expect(truncated.kind == .dataCorrupt && truncated.message.contains("truncated") && truncated.message.contains(url.path))
        #expect(truncated.hint?.contains("naswift embed arch2vec train") == true)
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x10
        let f = try loadError(flipped)
        #expect(f.kind == .dataCorrupt && f.message.contains("checksum"))
        let foreign = try loadError(Array("hello, not a model".utf8))
        #expect(foreign.kind == .dataCorrupt && foreign.message.contains("not a naswift arch2vec model"))
        var version = bytes
        version[8] = 9
        #expect(try loadError(version).message.contains("format version 9"))
        let missing = Fixtures.tempURL("missing.model")
        #expect(throws: NaswiftError(.dataMissing, "no arch2vec model file at '\(missing.path)'",
                                     hint: "train one first: `naswift embed arch2vec train --space nb201|nb101|nbgraph --out \(missing.path)`")) {
            try Arch2VecModel.load(from: missing)
        }
    }

    @Test func modelOfAnotherSpaceIsAMismatchedModelError() throws {
        let m = Fixtures.tinyNB101
        let url = Fixtures.tempURL("nb101.model")
        defer { try? FileManager.default.removeItem(at: url) }
        try m.save(to: url)
        let e = #expect(throws: NaswiftError.self) { try Arch2VecModel.load(from: url, space: "nb201") }
        #expect(e?.message.contains("mismatched model") == true && e?.message.contains(url.path) == true)
        let e2 = #expect(throws: NaswiftError.self) { try m.embed(architectures: [NB201Space.example]) }
        #expect(e2?.message.contains("mismatched model") == true)
        #expect(throws: NaswiftError.self) { try m.embed(nb201: [NB201Cell(code: 0)!]) }
        // a string of no space stays a malformed-architecture error
        let e3 = #expect(throws: NaswiftError.self) { try m.embed(architectures: ["garbage"]) }
        #expect(e3?.kind == .malformedArchitecture)
    }

    /// The encoder is permutation-equivariant in eval mode and the embedding a mean over nodes, so
    /// two vertex orders of one NB101 cell embed (almost) identically.
    @Test func isomorphicNB101StringsEmbedAlike() throws {
        let m = Fixtures.tinyNB101
        let a = "0110000010000010000100000:input,conv3x3-bn-relu,conv1x1-bn-relu,maxpool3x3,output"
        let b = "0110000001000100000100000:input,conv1x1-bn-relu,conv3x3-bn-relu,maxpool3x3,output"
        #expect(try NB101Space().parse(a) == (try NB101Space().parse(b)))   // same module hash
        #expect(try Arch2VecGraphs(space: .nb101, architectures: [a]).adjacency != (try Arch2VecGraphs(space: .nb101, architectures: [b]).adjacency))
        let e = try m.embed(architectures: [a, b])
        for k in 0..<16 { #expect(abs(e[k] - e[16 + k]) < 1e-5) }
    }

    @Test func genericSearchSpaceOverloadMatchesStrings() throws {
        let m = Fixtures.tinyNB201
        let space = NB201Space()
        let cells = try Self.someNB201.map { try space.parse($0) }
        #expect(try m.embed(cells, in: space) == (try m.embed(architectures: Self.someNB201)))
        #expect(try m.embed(nb201: cells) == (try m.embed(architectures: Self.someNB201)))
        #expect(throws: NaswiftError.self) { try m.embed([NB101Space().parse(NB101Space.example)], in: NB101Space()) }
    }

    @Test func heldOutSplitIsReproducibleFromTheModel() throws {
        let m = Fixtures.tinyNB201
        let held = Arch2VecTrainer.heldOut(of: m, graphs: Fixtures.nb201Graphs)
        #expect(held.count == m.header.heldOutGraphs)
        let c = Arch2VecTrainer.heldOutReconstruction(model: try m.network(), graphs: held)
        let last = try #require(m.header.diagnostics.last)
        #expect(abs(c.opAccuracy - last.heldOutOpAccuracy) < 1e-9)
        #expect(abs(c.adjacencyAccuracy - last.heldOutAdjacencyAccuracy) < 1e-9)
    }

}
