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
        // Scratch: current hashes [0, 8), next round [8, 16), sorted neighbours [16, 24).
        withUnsafeTemporaryAllocation(of: MD5Digest.self, capacity: 24) { hb in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 512) { mb in
                hashInto(n: n, bits: bits, opBits: opBits, scratch: hb.baseAddress!, msg: mb.baseAddress!)
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

    /// Appends the hex digests of the vertices in `mask` (a vertex bit set), sorted, then "|".
    @inline(__always)
    private static func appendSorted(_ mask: UInt64, _ h: UnsafeMutablePointer<MD5Digest>,
                                     _ sorted: UnsafeMutablePointer<MD5Digest>,
                                     _ msg: UnsafeMutablePointer<UInt8>, _ len: inout Int) {
        var k = 0
        var m = mask
        while m != 0 {
            let x = h[m.trailingZeroBitCount]
            // Insertion into the sorted prefix (at most 6 digests).
            var b = k - 1
            while b >= 0 && x < sorted[b] { sorted[b + 1] = sorted[b]; b -= 1 }
            sorted[b + 1] = x
            k += 1
            m &= m - 1
        }
        for a in 0..<k { sorted[a].writeHex(to: msg + len); len += 32 }
        msg[len] = UInt8(ascii: "|"); len += 1
    }

    private static func hashInto(n: Int, bits: UInt64, opBits: UInt16,
                                 scratch h: UnsafeMutablePointer<MD5Digest>,
                                 msg: UnsafeMutablePointer<UInt8>) -> MD5Digest {
        let next = h + 8, sorted = h + 16
        // In/out neighbour sets, 8 bits per vertex.
        var inMasks: UInt64 = 0, outMasks: UInt64 = 0
        var b = bits
        while b != 0 {
            let k = b.trailingZeroBitCount
            let i = k >> 3, j = k & 7
            outMasks |= 1 << UInt64(i * 8 + j)
            inMasks |= 1 << UInt64(j * 8 + i)
            b &= b - 1
        }
        @inline(__always) func ins(_ v: Int) -> UInt64 { inMasks >> UInt64(v * 8) & 0xFF }
        @inline(__always) func outs(_ v: Int) -> UInt64 { outMasks >> UInt64(v * 8) & 0xFF }
        // Round 0: md5 of "(out, in, label)".
        for v in 0..<n {
            let label = v == 0 ? -1 : (v == n - 1 ? -2 : Int(opBits >> UInt16(2 * (v - 1)) & 3))
            var len = 0
            msg[len] = UInt8(ascii: "("); len += 1
            appendInt(outs(v).nonzeroBitCount, msg, &len)
            msg[len] = UInt8(ascii: ","); msg[len + 1] = UInt8(ascii: " "); len += 2
            appendInt(ins(v).nonzeroBitCount, msg, &len)
            msg[len] = UInt8(ascii: ","); msg[len + 1] = UInt8(ascii: " "); len += 2
            appendInt(label, msg, &len)
            msg[len] = UInt8(ascii: ")"); len += 1
            h[v] = MD5.digest(UnsafeBufferPointer(start: msg, count: len))
        }
        // Rounds 1...n.
        for _ in 0..<n {
            for v in 0..<n {
                var len = 0
                appendSorted(ins(v), h, sorted, msg, &len)
                appendSorted(outs(v), h, sorted, msg, &len)
                h[v].writeHex(to: msg + len); len += 32
                next[v] = MD5.digest(UnsafeBufferPointer(start: msg, count: len))
            }
            for v in 0..<n { h[v] = next[v] }
        }
        // Fingerprint: md5 of the Python list text "['h1', 'h2', ...]" of the sorted hashes.
        for a in 1..<n {
            let x = h[a]
            var c = a - 1
            while c >= 0 && x < h[c] { h[c + 1] = h[c]; c -= 1 }
            h[c + 1] = x
        }
        var len = 0
        msg[len] = UInt8(ascii: "["); len += 1
        for a in 0..<n {
            if a > 0 { msg[len] = UInt8(ascii: ","); msg[len + 1] = UInt8(ascii: " "); len += 2 }
            msg[len] = UInt8(ascii: "'"); len += 1
            h[a].writeHex(to: msg + len); len += 32
            msg[len] = UInt8(ascii: "'"); len += 1
        }
        msg[len] = UInt8(ascii: "]"); len += 1
        return MD5.digest(UnsafeBufferPointer(start: msg, count: len))
    }
}
