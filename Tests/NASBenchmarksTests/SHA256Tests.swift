import Foundation
import NASCore
import Testing

@Suite("SHA256")
struct SHA256Tests {
    /// FIPS 180-4 examples.
    @Test func publishedVectors() {
        #expect(SHA256.hex(of: [UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// Lengths around the padding boundaries and a 1 MB input, against Python's hashlib.
    @Test func matchesPythonHashlib() throws {
        let dir = try BenchmarkTestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lengths = [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 1000, 1 << 20]
        var ours: [String] = []
        for n in lengths {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }
            try Data(bytes).write(to: dir.appendingPathComponent("in\(n).bin"))
            ours.append(SHA256.hex(of: bytes))
        }
        let code = """
        import hashlib, sys, os
        for n in sys.argv[2:]:
            print(hashlib.sha256(open(os.path.join(sys.argv[1], 'in' + n + '.bin'), 'rb').read()).hexdigest())
        """
        let theirs = try BenchmarkTestSupport.python(code, [dir.path] + lengths.map(String.init))
            .split(separator: "\n").map(String.init)
        #expect(theirs == ours)
    }

    /// Feeding the data in uneven pieces gives the one-shot digest.
    @Test func streamingEqualsOneShot() {
        var rng = SeededGenerator(seed: 7)
        let bytes = (0..<10_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        var h = SHA256()
        var i = 0
        var step = 1
        while i < bytes.count {
            let j = min(bytes.count, i + step)
            h.update(bytes[i..<j])
            i = j
            step = step * 3 % 97 + 1
        }
        #expect(SHA256.hexString(h.finalize()) == SHA256.hex(of: bytes))
    }
}
