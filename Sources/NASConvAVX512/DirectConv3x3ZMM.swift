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
    // The helpers this file's loops call are defined here, not taken from the shared source: a
    // build without whole-module optimisation (SwiftPM's debug builds) does not inline across
    // files, and an out-of-line 16-lane load returns its vector in four xmm registers and makes
    // the loop spill all 24 accumulators around every call.

    /// `p[0..<count] = v` (first run of channels) or `+= v` (later runs), `count` <= the lanes.
    @inline(__always) static func putVec<Vec: SIMD>(_ v: Vec, _ p: UnsafeMutablePointer<Float>, _ count: Int, _ first: Bool) where Vec.Scalar == Float {
        if count >= Vec.scalarCount {
            let raw = UnsafeMutableRawPointer(p)
            raw.storeBytes(of: first ? v : raw.loadUnaligned(as: Vec.self) + v, as: Vec.self)
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
                    tile(SIMD8<Float>.self, xp, c: c, plane: plane, wp: wp, wb: wb, inputs: inputs, y: yb, ystride: ystride, outputs: outputs, counts: counts)
                } else {
                    tile(SIMD16<Float>.self, xp, c: c, plane: plane, wp: wp, wb: wb, inputs: inputs, y: yb, ystride: ystride, outputs: outputs, counts: counts)
                }
                i += n
            }
        }
    }

    /// 8 output channels x 3 output vectors of `Vec` (16 or 8 pixels): 24 accumulators. A vector
    /// with count 0 is not stored. Generic over the vector so both widths share one loop; callers
    /// in this file get it specialised and inlined.
    @inline(__always)
    static func tile<Vec: SIMD>(_: Vec.Type, _ xp: UnsafePointer<Float>, c: Int, plane: Int, wp: Int, wb: UnsafePointer<Float>,
                                inputs: (Int, Int, Int), y: UnsafeMutablePointer<Float>, ystride: Int,
                                outputs: (Int, Int, Int), counts: (Int, Int, Int)) where Vec.Scalar == Float {
        @inline(__always) func ld(_ p: UnsafePointer<Float>) -> Vec { UnsafeRawPointer(p).loadUnaligned(as: Vec.self) }
        var c0 = 0
        while c0 < c {
            let c1 = min(c0 + sumBlock, c)
            var a0 = Vec(), a1 = Vec(), a2 = Vec(), a3 = Vec(), a4 = Vec(), a5 = Vec(), a6 = Vec(), a7 = Vec()
            var b0 = Vec(), b1 = Vec(), b2 = Vec(), b3 = Vec(), b4 = Vec(), b5 = Vec(), b6 = Vec(), b7 = Vec()
            var d0 = Vec(), d1 = Vec(), d2 = Vec(), d3 = Vec(), d4 = Vec(), d5 = Vec(), d6 = Vec(), d7 = Vec()
            for ci in c0..<c1 {
                let x = xp + ci * plane
                let k9 = wb + ci * 72
                for t in 0..<9 {
                    let off = (t / 3) * wp + t % 3
                    let u = ld(x + inputs.0 + off), v = ld(x + inputs.1 + off), z = ld(x + inputs.2 + off)
                    let k = k9 + t * 8
                    var s = Vec(repeating: k[0]); a0 = a0.addingProduct(u, s); b0 = b0.addingProduct(v, s); d0 = d0.addingProduct(z, s)
                    s = Vec(repeating: k[1]); a1 = a1.addingProduct(u, s); b1 = b1.addingProduct(v, s); d1 = d1.addingProduct(z, s)
                    s = Vec(repeating: k[2]); a2 = a2.addingProduct(u, s); b2 = b2.addingProduct(v, s); d2 = d2.addingProduct(z, s)
                    s = Vec(repeating: k[3]); a3 = a3.addingProduct(u, s); b3 = b3.addingProduct(v, s); d3 = d3.addingProduct(z, s)
                    s = Vec(repeating: k[4]); a4 = a4.addingProduct(u, s); b4 = b4.addingProduct(v, s); d4 = d4.addingProduct(z, s)
                    s = Vec(repeating: k[5]); a5 = a5.addingProduct(u, s); b5 = b5.addingProduct(v, s); d5 = d5.addingProduct(z, s)
                    s = Vec(repeating: k[6]); a6 = a6.addingProduct(u, s); b6 = b6.addingProduct(v, s); d6 = d6.addingProduct(z, s)
                    s = Vec(repeating: k[7]); a7 = a7.addingProduct(u, s); b7 = b7.addingProduct(v, s); d7 = d7.addingProduct(z, s)
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

    /// One output channel's three vectors of a tile (`put` each; a count of 0 is skipped).
    @inline(__always) static func put3<Vec: SIMD>(_ u: Vec, _ v: Vec, _ z: Vec, _ y: UnsafeMutablePointer<Float>,
                                                  _ outputs: (Int, Int, Int), _ counts: (Int, Int, Int), _ first: Bool) where Vec.Scalar == Float {
        putVec(u, y + outputs.0, counts.0, first)
        if counts.1 > 0 { putVec(v, y + outputs.1, counts.1, first) }
        if counts.2 > 0 { putVec(z, y + outputs.2, counts.2, first) }
    }
}
#endif
