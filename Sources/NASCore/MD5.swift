import Foundation

/// A 128-bit MD5 digest.
///
/// `hi` and `lo` are the 16 digest bytes read big-endian, so comparing `(hi, lo)` orders digests
/// exactly as their lowercase hex strings sort.
public struct MD5Digest: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let hi: UInt64
    public let lo: UInt64

    public init(hi: UInt64, lo: UInt64) {
        self.hi = hi
        self.lo = lo
    }

    /// Parses 32 hex digits (either case); nil otherwise.
    public init?(hex: String) {
        let u = Array(hex.utf8)
        guard u.count == 32 else { return nil }
        var h: UInt64 = 0, l: UInt64 = 0
        for (i, c) in u.enumerated() {
            let v: UInt64
            switch c {
            case 48...57: v = UInt64(c - 48)
            case 97...102: v = UInt64(c - 87)
            case 65...70: v = UInt64(c - 55)
            default: return nil
            }
            if i < 16 { h = h << 4 | v } else { l = l << 4 | v }
        }
        self.hi = h
        self.lo = l
    }

    /// The 16 digest bytes.
    public var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: hi >> (56 - 8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: lo >> (56 - 8 * $0)) }
    }

    /// Writes the 32 lowercase hex digits to `out[0..<32]`.
    @inlinable
    public func writeHex(to out: UnsafeMutablePointer<UInt8>) {
        // Branch-free nibble -> ASCII: '0' + nib, plus 39 more for a..f.
        for i in 0..<16 {
            let shift = UInt64(60 - 4 * i)
            let n1 = UInt8(truncatingIfNeeded: (hi >> shift) & 0xF)
            let n2 = UInt8(truncatingIfNeeded: (lo >> shift) & 0xF)
            out[i] = 48 &+ n1 &+ (n1 > 9 ? 39 : 0)
            out[16 + i] = 48 &+ n2 &+ (n2 > 9 ? 39 : 0)
        }
    }

    /// The 32 lowercase hex digits (as Python's `hashlib.md5(...).hexdigest()`).
    public var hex: String {
        String(unsafeUninitializedCapacity: 32) { buf in
            writeHex(to: buf.baseAddress!)
            return 32
        }
    }

    public var description: String { hex }

    public static func < (a: MD5Digest, b: MD5Digest) -> Bool { (a.hi, a.lo) < (b.hi, b.lo) }
}

/// MD5 (RFC 1321). Used for the NAS-Bench-101 module hash, which must reproduce the nasbench
/// code's hex strings exactly; not for security.
public enum MD5 {
    /// The 64 additive constants: floor(|sin(i + 1)| * 2^32) (RFC 1321 §3.4).
    @usableFromInline
    static let constants: [UInt32] = (0..<64).map { UInt32(abs(sin(Double($0 + 1))) * 4_294_967_296.0) }

    /// The digest of `bytes`.
    public static func digest(_ bytes: [UInt8]) -> MD5Digest {
        bytes.withUnsafeBufferPointer { digest($0) }
    }

    /// The digest of the UTF-8 bytes of `string`.
    public static func digest(_ string: String) -> MD5Digest { digest(Array(string.utf8)) }

    /// The digest of a byte buffer.
    public static func digest(_ message: UnsafeBufferPointer<UInt8>) -> MD5Digest {
        var a0: UInt32 = 0x6745_2301, b0: UInt32 = 0xEFCD_AB89, c0: UInt32 = 0x98BA_DCFE, d0: UInt32 = 0x1032_5476
        let n = message.count
        constants.withUnsafeBufferPointer { kb in
            let k = kb.baseAddress!
            // Full blocks straight from the message, then 1 or 2 padded tail blocks (no heap use).
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { wb in
                let w = wb.baseAddress!
                @inline(__always) func load(_ p: UnsafePointer<UInt8>) {
                    let raw = UnsafeRawPointer(p)
                    for j in 0..<16 { w[j] = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * j, as: UInt32.self)) }
                }
                var off = 0
                if let base = message.baseAddress {
                    while off + 64 <= n { load(base + off); compress(&a0, &b0, &c0, &d0, w, k); off += 64 }
                }
                // Tail: remaining bytes, 0x80, zeros, 64-bit little-endian bit length.
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { tb in
                    let t = tb.baseAddress!
                    t.initialize(repeating: 0, count: 128)
                    let rem = n - off
                    for j in 0..<rem { t[j] = message[off + j] }
                    t[rem] = 0x80
                    let tailLen = rem + 1 + 8 <= 64 ? 64 : 128
                    let bits = UInt64(n) &* 8
                    for j in 0..<8 { t[tailLen - 8 + j] = UInt8(truncatingIfNeeded: bits >> (8 * UInt64(j))) }
                    load(t); compress(&a0, &b0, &c0, &d0, w, k)
                    if tailLen == 128 { load(t + 64); compress(&a0, &b0, &c0, &d0, w, k) }
                }
            }
        }
        func be(_ x: UInt32) -> UInt64 { UInt64(x.byteSwapped) }
        return MD5Digest(hi: be(a0) << 32 | be(b0), lo: be(c0) << 32 | be(d0))
    }

    /// One 64-byte block: updates the state (a, b, c, d) from 16 little-endian words `w`.
    @inline(__always)
    static func compress(_ a0: inout UInt32, _ b0: inout UInt32, _ c0: inout UInt32, _ d0: inout UInt32,
                         _ w: UnsafePointer<UInt32>, _ k: UnsafePointer<UInt32>) {
        @inline(__always) func rotl(_ x: UInt32, _ r: UInt32) -> UInt32 { (x << r) | (x >> (32 &- r)) }
        var a = a0, b = b0, c = c0, d = d0
        var i = 0
        while i < 16 {  // round 1: F = (b & c) | (~b & d), g = i, shifts 7 12 17 22
            a = b &+ rotl(a &+ ((b & c) | (~b & d)) &+ k[i] &+ w[i], 7)
            d = a &+ rotl(d &+ ((a & b) | (~a & c)) &+ k[i + 1] &+ w[i + 1], 12)
            c = d &+ rotl(c &+ ((d & a) | (~d & b)) &+ k[i + 2] &+ w[i + 2], 17)
            b = c &+ rotl(b &+ ((c & d) | (~c & a)) &+ k[i + 3] &+ w[i + 3], 22)
            i += 4
        }
        while i < 32 {  // round 2: G = (b & d) | (c & ~d), g = 5i + 1, shifts 5 9 14 20
            a = b &+ rotl(a &+ ((b & d) | (c & ~d)) &+ k[i] &+ w[(5 &* i &+ 1) & 15], 5)
            d = a &+ rotl(d &+ ((a & c) | (b & ~c)) &+ k[i + 1] &+ w[(5 &* i &+ 6) & 15], 9)
            c = d &+ rotl(c &+ ((d & b) | (a & ~b)) &+ k[i + 2] &+ w[(5 &* i &+ 11) & 15], 14)
            b = c &+ rotl(b &+ ((c & a) | (d & ~a)) &+ k[i + 3] &+ w[(5 &* i &+ 16) & 15], 20)
            i += 4
        }
        while i < 48 {  // round 3: H = b ^ c ^ d, g = 3i + 5, shifts 4 11 16 23
            a = b &+ rotl(a &+ (b ^ c ^ d) &+ k[i] &+ w[(3 &* i &+ 5) & 15], 4)
            d = a &+ rotl(d &+ (a ^ b ^ c) &+ k[i + 1] &+ w[(3 &* i &+ 8) & 15], 11)
            c = d &+ rotl(c &+ (d ^ a ^ b) &+ k[i + 2] &+ w[(3 &* i &+ 11) & 15], 16)
            b = c &+ rotl(b &+ (c ^ d ^ a) &+ k[i + 3] &+ w[(3 &* i &+ 14) & 15], 23)
            i += 4
        }
        while i < 64 {  // round 4: I = c ^ (b | ~d), g = 7i, shifts 6 10 15 21
            a = b &+ rotl(a &+ (c ^ (b | ~d)) &+ k[i] &+ w[(7 &* i) & 15], 6)
            d = a &+ rotl(d &+ (b ^ (a | ~c)) &+ k[i + 1] &+ w[(7 &* i &+ 7) & 15], 10)
            c = d &+ rotl(c &+ (a ^ (d | ~b)) &+ k[i + 2] &+ w[(7 &* i &+ 14) & 15], 15)
            b = c &+ rotl(b &+ (d ^ (c | ~a)) &+ k[i + 3] &+ w[(7 &* i &+ 21) & 15], 21)
            i += 4
        }
        a0 = a0 &+ a; b0 = b0 &+ b; c0 = c0 &+ c; d0 = d0 &+ d
    }
}
