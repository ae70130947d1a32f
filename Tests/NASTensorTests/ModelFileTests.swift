import Foundation
import NASCore
import Testing
@testable import NASTensor

/// The model-file container shared by arch2vec, CENA and NAC files: a round trip, and every kind
/// of damage refused with the file named (the kinds' own tests check their headers on top).
@Suite struct ModelFileTests {
    struct Header: Codable, Equatable { var name: String; var size: Int }
    static let file = ModelFile(kind: "test model file", magic: "NSTESTMD", version: 3) { "make-model --out \($0)" }

    func sample() throws -> [UInt8] {
        let arrays = ["w": try Tensor<Float>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])]
        return try Self.file.encode(header: Header(name: "a", size: 6), arrays: arrays)
    }

    func refusal(_ bytes: [UInt8]) -> NaswiftError? {
        do { _ = try Self.file.decode(bytes, source: "/x/m.model", header: Header.self); return nil } catch { return error as? NaswiftError }
    }

    @Test func roundTripIsExactAndStable() throws {
        let bytes = try sample()
        #expect(try sample() == bytes)
        #expect(Array(bytes.prefix(8)) == Array("NSTESTMD".utf8))
        let (header, arrays) = try Self.file.decode(bytes, source: "m", header: Header.self)
        #expect(header == Header(name: "a", size: 6))
        #expect(arrays["w"]?.shape == [2, 3] && arrays["w"]?.scalars == [1, 2, 3, 4, 5, 6])
    }

    @Test func damageIsNamed() throws {
        let good = try sample()
        var flipped = good
        flipped[good.count / 2] ^= 1
        var newer = good
        newer[8] = 4
        var huge = good
        for i in 16..<24 { huge[i] = 0xFF }  // payload length 2^64 - 1: no overflow, "truncated"
        let cases: [([UInt8], String)] = [
            (flipped, "fails its SHA-256 checksum"),
            (Array(good.prefix(good.count - 10)), "is truncated"),
            (good + [0], "1 unexpected trailing bytes"),
            (Array("NSOTHERX".utf8) + good.dropFirst(8), "is not a naswift test model file (bad magic bytes)"),
            (newer, "has format version 4; this naswift reads version 3"),
            (huge, "is truncated"),
            (Array(good.prefix(12)), "shorter than the fixed header"),
        ]
        for (bytes, why) in cases {
            let e = refusal(bytes)
            #expect(e?.kind == .dataCorrupt && e?.message.contains(why) == true && e?.message.contains("/x/m.model") == true,
                    "\(why): \(String(describing: e))")
            #expect(e?.hint == "re-create it with `make-model --out /x/m.model`")
        }
    }

    @Test func missingFilesAndDirectoriesAreClearErrors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("modelfile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("sub/m.model")
        #expect(throws: NaswiftError(.dataMissing, "no test model file at '\(url.path)'", hint: "train one first: `make-model --out \(url.path)`")) {
            try Self.file.read(url)
        }
        try Self.file.write(try sample(), to: url)
        #expect(try Self.file.read(url) == (try sample()))
        do {
            _ = try Self.file.read(url.deletingLastPathComponent())
            Issue.record("a directory was read as a model file")
        } catch let e as NaswiftError {
            #expect(e.kind == .invalidArgument && e.message.contains("is a directory"))
        }
    }
}
