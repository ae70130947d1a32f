import NASCore

/// The official NAS-Bench-101 module hash (nasbench `graph_util.hash_module`), reimplemented.
///
/// The algorithm (a Weisfeiler-Lehman style iterated MD5), restated:
/// 1. each vertex v starts with `md5(str((out_degree, in_degree, label)))`, the Python tuple text
///    such as `(2, 0, -1)`; labels are -1 input, -2 output, 0/1/2 for conv3x3/conv1x1/maxpool3x3;
/// 2. repeated `vertexCount` times, every vertex becomes
///    `md5(sorted in-neighbour hashes joined + "|" + sorted out-neighbour hashes joined + "|" + own hash)`
///    (hex strings, all vertices updated from the previous round);
/// 3. the fingerprint is `md5(str(sorted(hashes)))`, i.e. the Python list text `['h1', 'h2', ...]`.
/// Every MD5 is over UTF-8 text and yields 32 lowercase hex digits, so the result equals the
/// nasbench hex string.
enum NB101Hash {
    /// The hash of a pruned cell given as adjacency bits (bit i*8+j) and 2-bit interior op labels.
    static func moduleHash(vertexCount n: Int, adjacencyBits bits: UInt64, opBits: UInt16) -> MD5Digest {
        withUnsafeTemporaryAllocation(of: MD5Digest.self, capacity: 16) { hb in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 512) { mb in
                hashInto(n: n, bits: bits, opBits: opBits, hashes: hb.baseAddress!, msg: mb.baseAddress!)
            }
        }
    }

    @inline(__always)
    private static func appendInt(_ x: Int, _ msg: UnsafeMutablePointer<UInt8>, _ len: inout Int) {
        if x < 0 { msg[len] = UInt8(ascii: "-"); len += 1 }
        let a = abs(x)
        if a >= 10 { msg[len] = UInt8(48 + a / 10); len += 1 }
        msg[len] = UInt8(48 + a % 10); len += 1
    }

    private static func hashInto(n: Int, bits: UInt64, opBits: UInt16,
                                 hashes h: UnsafeMutablePointer<MD5Digest>,
                                 msg: UnsafeMutablePointer<UInt8>) -> MD5Digest {
        let next = h + 8
        // In/out neighbour lists (vertex indices), from the adjacency bits.
        var inMask = [UInt8](repeating: 0, count: 8), outMask = [UInt8](repeating: 0, count: 8)
        for i in 0..<n {
            for j in 0..<n where bits >> UInt64(i * 8 + j) & 1 == 1 {
                outMask[i] |= 1 << UInt8(j)
                inMask[j] |= 1 << UInt8(i)
            }
        }
        // Round 0: md5 of "(out, in, label)".
        for v in 0..<n {
            let label = v == 0 ? -1 : (v == n - 1 ? -2 : Int(opBits >> UInt16(2 * (v - 1)) & 3))
            var len = 0
            msg[len] = UInt8(ascii: "("); len += 1
            appendInt(outMask[v].nonzeroBitCount, msg, &len)
            msg[len] = UInt8(ascii: ","); msg[len + 1] = UInt8(ascii: " "); len += 2
            appendInt(inMask[v].nonzeroBitCount, msg, &len)
            msg[len] = UInt8(ascii: ","); msg[len + 1] = UInt8(ascii: " "); len += 2
            appendInt(label, msg, &len)
            msg[len] = UInt8(ascii: ")"); len += 1
            h[v] = MD5.digest(UnsafeBufferPointer(start: msg, count: len))
        }
        // Rounds 1...n.
        var sorted = [MD5Digest](repeating: MD5Digest(hi: 0, lo: 0), count: 8)
        for _ in 0..<n {
            for v in 0..<n {
                var len = 0
                for mask in [inMask[v], outMask[v]] {
                    var k = 0
                    var m = mask
                    while m != 0 {
                        let w = m.trailingZeroBitCount
                        sorted[k] = h[w]; k += 1
                        m &= m - 1
                    }
                    // Insertion sort of at most 6 digests.
                    if k > 1 {
                        for a in 1..<k {
                            let x = sorted[a]
                            var b = a - 1
                            while b >= 0 && x < sorted[b] { sorted[b + 1] = sorted[b]; b -= 1 }
                            sorted[b + 1] = x
                        }
                    }
                    for a in 0..<k { sorted[a].writeHex(to: msg + len); len += 32 }
                    msg[len] = UInt8(ascii: "|"); len += 1
                }
                h[v].writeHex(to: msg + len); len += 32
                next[v] = MD5.digest(UnsafeBufferPointer(start: msg, count: len))
            }
            for v in 0..<n { h[v] = next[v] }
        }
        // Fingerprint: md5 of the Python list text "['h1', 'h2', ...]" of the sorted hashes.
        var all = (0..<n).map { h[$0] }
        all.sort()
        var len = 0
        msg[len] = UInt8(ascii: "["); len += 1
        for (a, d) in all.enumerated() {
            if a > 0 { msg[len] = UInt8(ascii: ","); msg[len + 1] = UInt8(ascii: " "); len += 2 }
            msg[len] = UInt8(ascii: "'"); len += 1
            d.writeHex(to: msg + len); len += 32
            msg[len] = UInt8(ascii: "'"); len += 1
        }
        msg[len] = UInt8(ascii: "]"); len += 1
        return MD5.digest(UnsafeBufferPointer(start: msg, count: len))
    }
}
