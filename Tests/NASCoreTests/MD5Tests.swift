import Foundation
import Testing
@testable import NASCore

@Suite("MD5")
struct MD5Tests {
    /// RFC 1321 appendix A.5 test suite.
    @Test("RFC 1321 test vectors")
    func rfcVectors() {
        let cases: [(String, String)] = [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
            ("12345678901234567890123456789012345678901234567890123456789012345678901234567890",
             "57edf4a22be3c955ac49da2e2107b67a"),
        ]
        for (text, hex) in cases { #expect(MD5.digest(text).hex == hex) }
    }

    /// Every length 0..300 (all padding cases, 1-5 blocks) against Python's hashlib.
    @Test("all lengths 0..300 match python hashlib")
    func againstHashlib() throws {
        let script = """
        import hashlib
        for n in range(301):
            s = ''.join(chr(33 + (7 * i + n) % 90) for i in range(n))
            print(hashlib.md5(s.encode('utf-8')).hexdigest())
        """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.count == 301)
        for (n, expected) in lines.enumerated() {
            let bytes = (0..<n).map { UInt8(33 + (7 * $0 + n) % 90) }
            let d = MD5.digest(bytes)
            #expect(d.hex == expected, "length \(n)")
            #expect(MD5Digest(hex: expected) == d)
        }
    }

    @Test("digest order equals hex string order")
    func ordering() {
        let ds = (0..<200).map { MD5.digest("x\($0)") }
        #expect(ds.sorted().map(\.hex) == ds.map(\.hex).sorted())
        #expect(MD5Digest(hex: "zz") == nil)
        #expect(MD5.digest("abc").bytes.count == 16)
    }
}
