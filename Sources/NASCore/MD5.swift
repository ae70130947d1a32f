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
        for i in 0..<16 {
            let nib = Int(truncatingIfNeeded: (hi >> UInt64(60 - 4 * i)) & 0xF)
            out[i] = nib < 10 ? UInt8(48 + nib) : UInt8(87 + nib)
            let nib2 = Int(truncatingIfNeeded: (lo >> UInt64(60 - 4 * i)) & 0xF)
            out[16 + i] = nib2 < 10 ? UInt8(48 + nib2) : UInt8(87 + nib2)
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
    /// Per-round left-rotation amounts.
    @usableFromInline
    static let shifts: [UInt32] = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21]

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
        // Full blocks straight from the message, then 1 or 2 padded tail blocks (no heap use).
        let k = constants, s = shifts
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { wb in
            let w = wb.baseAddress!
            func block() {
                var a = a0, b = b0, c = c0, d = d0
                for i in 0..<64 {
                    var f: UInt32
                    let g: Int
                    switch i >> 4 {
                    case 0: f = (b & c) | (~b & d); g = i
                    case 1: f = (d & b) | (~d & c); g = (5 &* i &+ 1) & 15
                    case 2: f = b ^ c ^ d; g = (3 &* i &+ 5) & 15
                    default: f = c ^ (b | ~d); g = (7 &* i) & 15
                    }
                    f = f &+ a &+ k[i] &+ w[g]
                    a = d; d = c; c = b
                    let r = s[(i >> 4) << 2 | (i & 3)]
                    b = b &+ ((f << r) | (f >> (32 - r)))
                }
                a0 = a0 &+ a; b0 = b0 &+ b; c0 = c0 &+ c; d0 = d0 &+ d
            }
            func load(_ p: UnsafePointer<UInt8>) {
                for j in 0..<16 {
                    w[j] = UInt32(p[4 * j]) | UInt32(p[4 * j + 1]) << 8 | UInt32(p[4 * j + 2]) << 16 | UInt32(p[4 * j + 3]) << 24
                }
            }
            var off = 0
            if let base = message.baseAddress {
                while off + 64 <= n { load(base + off); block(); off += 64 }
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
                load(t); block()
                if tailLen == 128 { load(t + 64); block() }
            }
        }
        func be(_ x: UInt32) -> UInt64 { UInt64(x.byteSwapped) }
        return MD5Digest(hi: be(a0) << 32 | be(b0), lo: be(c0) << 32 | be(d0))
    }
}
