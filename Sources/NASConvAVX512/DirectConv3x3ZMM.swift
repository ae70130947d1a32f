/// The AVX-512 build's correlation kernel, written for AVX-512's 32 vector registers. Only
/// `NASConvAVX512` compiles this file (it defines `NASWIFT_CONV_ZMM`); layouts, padding and blocked
/// weights are the shared ones (Sources/NASConvShared/DirectConv3x3Kernels.swift).
///
/// A register tile is 8 output channels x 3 output vectors (24 accumulators, 3 input loads and 8
/// broadcasts per tap). The 3 vectors are any 3 consecutive vectors of the output plane, across
/// row ends (as in the AVX2 build's tiles), so the 16- and 8-pixel rows of the later stages of
/// NB201 / NATS networks fill whole tiles: the earlier kernel (8 channels x one row's 1 or 2
/// vectors) ran 8 accumulators on 16-pixel rows and wasted half of each vector on 8-pixel rows.
/// Rows whose width leaves 8 or more lanes of the last 16-lane vector empty (8, 24, ...) take
/// 8-lane vectors (ymm, still 32 registers with AVX-512VL).
///
/// Each output is summed in the same order as the AVX2 build (runs of `sumBlock` input channels,
/// taps in order within a channel, one fused multiply-add per term), so both builds give the same
/// forward and input gradient, bit for bit.
#if NASWIFT_CONV_ZMM
extension DirectConv3x3 {
    public typealias H = SIMD8<Float>

    // The helpers this file's loops call are defined here, not taken from the shared source: a
    // build without whole-module optimisation (SwiftPM's debug builds) does not inline across
    // files, and an out-of-line 16-lane load returns its vector in four xmm registers and makes
    // the loop spill all 24 accumulators around every call.
    @inline(__always) static func loadV(_ p: UnsafePointer<Float>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
    @inline(__always) static func storeV(_ v: V, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
    }
    /// `p[0..<count] = v` (first run of channels) or `+= v` (later runs), `count` <= 16.
    @inline(__always) static func putV(_ v: V, _ p: UnsafeMutablePointer<Float>, _ count: Int, _ first: Bool) {
        if count >= 16 {
            storeV(first ? v : loadV(p) + v, p)
        } else if first {
            for i in 0..<count { p[i] = v[i] }
        } else {
            for i in 0..<count { p[i] += v[i] }
        }
    }

    @inline(__always) static func loadH(_ p: UnsafePointer<Float>) -> H { UnsafeRawPointer(p).loadUnaligned(as: H.self) }
    @inline(__always) static func storeH(_ v: H, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: H.self)
    }
    /// `p[0..<count] = v` (first run of channels) or `+= v` (later runs), `count` <= 8.
    @inline(__always) static func putH(_ v: H, _ p: UnsafeMutablePointer<Float>, _ count: Int, _ first: Bool) {
        if count >= 8 {
            storeH(first ? v : loadH(p) + v, p)
        } else if first {
            for i in 0..<count { p[i] = v[i] }
        } else {
            for i in 0..<count { p[i] += v[i] }
        }
    }

    /// Whether a plane `w` pixels wide takes 8-lane vectors (the last 16-lane vector of a row
    /// would be at most half full).
    @inlinable public static func usesHalfVectors(_ w: Int) -> Bool { vectorWidth(w) - w >= 8 }

    /// Input (into the padded plane, at tap (0, 0)) and output offsets of the `i`-th `lanes`-pixel
    /// vector of a `[H][W]` output plane, and how many of its pixels are in the row.
    @inline(__always) static func position(_ i: Int, lanes: Int, perRow: Int, w: Int, wp: Int) -> (input: Int, output: Int, count: Int) {
        let (r, v) = i.quotientAndRemainder(dividingBy: perRow)
        return (r * wp + v * lanes + origin - 1, r * w + v * lanes, min(lanes, w - v * lanes))
    }

    /// `y[o][r][s] = sum_{c, a, b} w[o][c][a][b] xp[c][r + a][s + b]` for one image (see the shared
    /// source for the layouts): `xp [C][H + 2][paddedWidth(W)]`, `blocked [O / 8][C][9][8]`,
    /// `y [O][H][W]` (overwritten). `O` must be a multiple of 8.
    public static func correlate(_ xp: UnsafePointer<Float>, channels c: Int, h: Int, w: Int,
                                 blocked: UnsafePointer<Float>, outChannels o: Int, into y: UnsafeMutablePointer<Float>) {
        let half = usesHalfVectors(w), lanes = half ? 8 : 16
        let wp = paddedWidth(w), perRow = (w + lanes - 1) / lanes, vectors = h * perRow
        let plane = (h + 2) * wp, ystride = h * w
        for ob in 0..<(o / 8) {
            let wb = blocked + ob * c * 72
            let yb = y + ob * 8 * ystride
            var i = 0
            while i < vectors {
                // a tile of 3 vectors; at the plane's end, the last vector stands in for missing ones
                let p0 = position(i, lanes: lanes, perRow: perRow, w: w, wp: wp)
                let p1 = position(min(i + 1, vectors - 1), lanes: lanes, perRow: perRow, w: w, wp: wp)
                let p2 = position(min(i + 2, vectors - 1), lanes: lanes, perRow: perRow, w: w, wp: wp)
                let n = min(3, vectors - i)
                let inputs = (p0.input, p1.input, p2.input), outputs = (p0.output, p1.output, p2.output)
                let counts = (p0.count, n > 1 ? p1.count : 0, n > 2 ? p2.count : 0)
                if half {
                    tileH(xp, c: c, plane: plane, wp: wp, wb: wb, inputs: inputs, y: yb, ystride: ystride, outputs: outputs, counts: counts)
                } else {
                    tileV(xp, c: c, plane: plane, wp: wp, wb: wb, inputs: inputs, y: yb, ystride: ystride, outputs: outputs, counts: counts)
                }
                i += n
            }
        }
    }

    /// 8 output channels x 3 output vectors of 16 pixels: 24 accumulators. A vector with count 0
    /// is not stored.
    @inline(__always)
    static func tileV(_ xp: UnsafePointer<Float>, c: Int, plane: Int, wp: Int, wb: UnsafePointer<Float>,
                      inputs: (Int, Int, Int), y: UnsafeMutablePointer<Float>, ystride: Int,
                      outputs: (Int, Int, Int), counts: (Int, Int, Int)) {
        var c0 = 0
        while c0 < c {
            let c1 = min(c0 + sumBlock, c)
            var a0 = V(), a1 = V(), a2 = V(), a3 = V(), a4 = V(), a5 = V(), a6 = V(), a7 = V()
            var b0 = V(), b1 = V(), b2 = V(), b3 = V(), b4 = V(), b5 = V(), b6 = V(), b7 = V()
            var d0 = V(), d1 = V(), d2 = V(), d3 = V(), d4 = V(), d5 = V(), d6 = V(), d7 = V()
            for ci in c0..<c1 {
                let x = xp + ci * plane
                let k9 = wb + ci * 72
                for t in 0..<9 {
                    let off = (t / 3) * wp + t % 3
                    let u = loadV(x + inputs.0 + off), v = loadV(x + inputs.1 + off), z = loadV(x + inputs.2 + off)
                    let k = k9 + t * 8
                    var s = V(repeating: k[0]); a0 = a0.addingProduct(u, s); b0 = b0.addingProduct(v, s); d0 = d0.addingProduct(z, s)
                    s = V(repeating: k[1]); a1 = a1.addingProduct(u, s); b1 = b1.addingProduct(v, s); d1 = d1.addingProduct(z, s)
                    s = V(repeating: k[2]); a2 = a2.addingProduct(u, s); b2 = b2.addingProduct(v, s); d2 = d2.addingProduct(z, s)
                    s = V(repeating: k[3]); a3 = a3.addingProduct(u, s); b3 = b3.addingProduct(v, s); d3 = d3.addingProduct(z, s)
                    s = V(repeating: k[4]); a4 = a4.addingProduct(u, s); b4 = b4.addingProduct(v, s); d4 = d4.addingProduct(z, s)
                    s = V(repeating: k[5]); a5 = a5.addingProduct(u, s); b5 = b5.addingProduct(v, s); d5 = d5.addingProduct(z, s)
                    s = V(repeating: k[6]); a6 = a6.addingProduct(u, s); b6 = b6.addingProduct(v, s); d6 = d6.addingProduct(z, s)
                    s = V(repeating: k[7]); a7 = a7.addingProduct(u, s); b7 = b7.addingProduct(v, s); d7 = d7.addingProduct(z, s)
                }
            }
            let first = c0 == 0
            put3(a0, b0, d0, y, outputs, counts, first)
            put3(a1, b1, d1, y + ystride, outputs, counts, first)
            put3(a2, b2, d2, y + 2 * ystride, outputs, counts, first)
            put3(a3, b3, d3, y + 3 * ystride, outputs, counts, first)
            put3(a4, b4, d4, y + 4 * ystride, outputs, counts, first)
            put3(a5, b5, d5, y + 5 * ystride, outputs, counts, first)
            put3(a6, b6, d6, y + 6 * ystride, outputs, counts, first)
            put3(a7, b7, d7, y + 7 * ystride, outputs, counts, first)
            c0 = c1
        }
    }

    /// As `tileV` with vectors of 8 pixels.
    @inline(__always)
    static func tileH(_ xp: UnsafePointer<Float>, c: Int, plane: Int, wp: Int, wb: UnsafePointer<Float>,
                      inputs: (Int, Int, Int), y: UnsafeMutablePointer<Float>, ystride: Int,
                      outputs: (Int, Int, Int), counts: (Int, Int, Int)) {
        var c0 = 0
        while c0 < c {
            let c1 = min(c0 + sumBlock, c)
            var a0 = H(), a1 = H(), a2 = H(), a3 = H(), a4 = H(), a5 = H(), a6 = H(), a7 = H()
            var b0 = H(), b1 = H(), b2 = H(), b3 = H(), b4 = H(), b5 = H(), b6 = H(), b7 = H()
            var d0 = H(), d1 = H(), d2 = H(), d3 = H(), d4 = H(), d5 = H(), d6 = H(), d7 = H()
            for ci in c0..<c1 {
                let x = xp + ci * plane
                let k9 = wb + ci * 72
                for t in 0..<9 {
                    let off = (t / 3) * wp + t % 3
                    let u = loadH(x + inputs.0 + off), v = loadH(x + inputs.1 + off), z = loadH(x + inputs.2 + off)
                    let k = k9 + t * 8
                    var s = H(repeating: k[0]); a0 = a0.addingProduct(u, s); b0 = b0.addingProduct(v, s); d0 = d0.addingProduct(z, s)
                    s = H(repeating: k[1]); a1 = a1.addingProduct(u, s); b1 = b1.addingProduct(v, s); d1 = d1.addingProduct(z, s)
                    s = H(repeating: k[2]); a2 = a2.addingProduct(u, s); b2 = b2.addingProduct(v, s); d2 = d2.addingProduct(z, s)
                    s = H(repeating: k[3]); a3 = a3.addingProduct(u, s); b3 = b3.addingProduct(v, s); d3 = d3.addingProduct(z, s)
                    s = H(repeating: k[4]); a4 = a4.addingProduct(u, s); b4 = b4.addingProduct(v, s); d4 = d4.addingProduct(z, s)
                    s = H(repeating: k[5]); a5 = a5.addingProduct(u, s); b5 = b5.addingProduct(v, s); d5 = d5.addingProduct(z, s)
                    s = H(repeating: k[6]); a6 = a6.addingProduct(u, s); b6 = b6.addingProduct(v, s); d6 = d6.addingProduct(z, s)
                    s = H(repeating: k[7]); a7 = a7.addingProduct(u, s); b7 = b7.addingProduct(v, s); d7 = d7.addingProduct(z, s)
                }
            }
            let first = c0 == 0
            put3H(a0, b0, d0, y, outputs, counts, first)
            put3H(a1, b1, d1, y + ystride, outputs, counts, first)
            put3H(a2, b2, d2, y + 2 * ystride, outputs, counts, first)
            put3H(a3, b3, d3, y + 3 * ystride, outputs, counts, first)
            put3H(a4, b4, d4, y + 4 * ystride, outputs, counts, first)
            put3H(a5, b5, d5, y + 5 * ystride, outputs, counts, first)
            put3H(a6, b6, d6, y + 6 * ystride, outputs, counts, first)
            put3H(a7, b7, d7, y + 7 * ystride, outputs, counts, first)
            c0 = c1
        }
    }

    /// One output channel's three 16-pixel vectors of a tile (`putV` each; a count of 0 is skipped).
    @inline(__always) static func put3(_ u: V, _ v: V, _ z: V, _ y: UnsafeMutablePointer<Float>,
                                       _ outputs: (Int, Int, Int), _ counts: (Int, Int, Int), _ first: Bool) {
        putV(u, y + outputs.0, counts.0, first)
        if counts.1 > 0 { putV(v, y + outputs.1, counts.1, first) }
        if counts.2 > 0 { putV(z, y + outputs.2, counts.2, first) }
    }

    /// One output channel's three 8-pixel vectors of a tile.
    @inline(__always) static func put3H(_ u: H, _ v: H, _ z: H, _ y: UnsafeMutablePointer<Float>,
                                        _ outputs: (Int, Int, Int), _ counts: (Int, Int, Int), _ first: Bool) {
        putH(u, y + outputs.0, counts.0, first)
        if counts.1 > 0 { putH(v, y + outputs.1, counts.1, first) }
        if counts.2 > 0 { putH(z, y + outputs.2, counts.2, first) }
    }
}
#endif
