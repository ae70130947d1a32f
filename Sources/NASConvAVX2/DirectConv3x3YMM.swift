/// The AVX2 + FMA build's own convolution and weight-gradient kernels, written for 8-lane vectors
/// (`SIMD8<Float>`, one ymm register) and AVX2's 16 vector registers. Only `NASConvAVX2` compiles
/// this file (it defines `NASWIFT_CONV_YMM`, which takes the 16-lane versions out of the shared
/// source); layouts, padding and blocked weights are the shared ones (DirectConv3x3Kernels.swift).
///
/// Why a second kernel: the 16-lane register block of the shared source (8 output channels x 32
/// columns, 16 accumulators) is 32 ymm registers on AVX2 and spills, and a 16-lane vector wastes
/// half its lanes on 8-pixel rows (the 64-channel stage of NB201 / NATS networks). Here a register
/// tile is 4 output channels x 3 output vectors of 8 pixels (12 accumulators, 3 input loads and 4
/// broadcasts per tap), and the 3 vectors are any 3 consecutive 8-pixel vectors of the output
/// plane, across row ends, so 8-, 16- and 32-pixel rows all fill whole tiles.
///
/// Each output is summed in the same order as the 16-lane kernel (runs of `sumBlock` input
/// channels, taps in order within a channel), so both builds give the same forward and input
/// gradient, bit for bit.
#if NASWIFT_CONV_YMM
extension DirectConv3x3 {
    public typealias Y = SIMD8<Float>

    @inline(__always) static func load8(_ p: UnsafePointer<Float>) -> Y { UnsafeRawPointer(p).loadUnaligned(as: Y.self) }
    @inline(__always) static func store8(_ v: Y, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Y.self)
    }
    /// `p[0..<count] = v` (first run of channels) or `+= v` (later runs), `count` <= 8.
    @inline(__always) static func put8(_ v: Y, _ p: UnsafeMutablePointer<Float>, _ count: Int, _ first: Bool) {
        if count >= 8 {
            store8(first ? v : load8(p) + v, p)
        } else if first {
            for i in 0..<count { p[i] = v[i] }
        } else {
            for i in 0..<count { p[i] += v[i] }
        }
    }

    /// Input (into the padded plane, at tap (0, 0)) and output offsets of the `i`-th 8-pixel vector
    /// of a `[H][W]` output plane, and how many of its 8 pixels are in the row.
    @inline(__always) static func position(_ i: Int, perRow: Int, w: Int, wp: Int) -> (input: Int, output: Int, count: Int) {
        let (r, v) = i.quotientAndRemainder(dividingBy: perRow)
        return (r * wp + v * 8 + origin - 1, r * w + v * 8, min(8, w - v * 8))
    }

    /// `y[o][r][s] = sum_{c, a, b} w[o][c][a][b] xp[c][r + a][s + b]` for one image (see the shared
    /// source for the layouts): `xp [C][H + 2][paddedWidth(W)]`, `blocked [O / 8][C][9][8]`,
    /// `y [O][H][W]` (overwritten). `O` must be a multiple of 8.
    public static func correlate(_ xp: UnsafePointer<Float>, channels c: Int, h: Int, w: Int,
                                 blocked: UnsafePointer<Float>, outChannels o: Int, into y: UnsafeMutablePointer<Float>) {
        let wp = paddedWidth(w), perRow = (w + 7) / 8, vectors = h * perRow
        let plane = (h + 2) * wp, ystride = h * w
        for quad in 0..<(o / 4) {
            let wb = blocked + (quad / 2) * c * 72 + (quad % 2) * 4
            let yq = y + quad * 4 * ystride
            var i = 0
            while i < vectors {
                // a tile of 3 vectors; at the plane's end, the last vector stands in for missing ones
                let p0 = position(i, perRow: perRow, w: w, wp: wp)
                let p1 = position(min(i + 1, vectors - 1), perRow: perRow, w: w, wp: wp)
                let p2 = position(min(i + 2, vectors - 1), perRow: perRow, w: w, wp: wp)
                let n = min(3, vectors - i)
                tile(xp, c: c, plane: plane, wp: wp, wb: wb, inputs: (p0.input, p1.input, p2.input),
                     y: yq, ystride: ystride, outputs: (p0.output, p1.output, p2.output),
                     counts: (p0.count, n > 1 ? p1.count : 0, n > 2 ? p2.count : 0))
                i += n
            }
        }
    }

    /// 4 output channels x 3 output vectors: 12 accumulators. A vector with count 0 is not stored.
    @inline(__always)
    static func tile(_ xp: UnsafePointer<Float>, c: Int, plane: Int, wp: Int, wb: UnsafePointer<Float>,
                     inputs: (Int, Int, Int), y: UnsafeMutablePointer<Float>, ystride: Int,
                     outputs: (Int, Int, Int), counts: (Int, Int, Int)) {
        var c0 = 0
        while c0 < c {
            let c1 = min(c0 + sumBlock, c)
            var a0 = Y(), a1 = Y(), a2 = Y(), a3 = Y()
            var b0 = Y(), b1 = Y(), b2 = Y(), b3 = Y()
            var d0 = Y(), d1 = Y(), d2 = Y(), d3 = Y()
            for ci in c0..<c1 {
                let x = xp + ci * plane
                let k9 = wb + ci * 72
                for t in 0..<9 {
                    let off = (t / 3) * wp + t % 3
                    let u = load8(x + inputs.0 + off), v = load8(x + inputs.1 + off), z = load8(x + inputs.2 + off)
                    let k = k9 + t * 8
                    var s = Y(repeating: k[0]); a0 = a0.addingProduct(u, s); b0 = b0.addingProduct(v, s); d0 = d0.addingProduct(z, s)
                    s = Y(repeating: k[1]); a1 = a1.addingProduct(u, s); b1 = b1.addingProduct(v, s); d1 = d1.addingProduct(z, s)
                    s = Y(repeating: k[2]); a2 = a2.addingProduct(u, s); b2 = b2.addingProduct(v, s); d2 = d2.addingProduct(z, s)
                    s = Y(repeating: k[3]); a3 = a3.addingProduct(u, s); b3 = b3.addingProduct(v, s); d3 = d3.addingProduct(z, s)
                }
            }
            let first = c0 == 0
            put3(a0, b0, d0, y, outputs, counts, first)
            put3(a1, b1, d1, y + ystride, outputs, counts, first)
            put3(a2, b2, d2, y + 2 * ystride, outputs, counts, first)
            put3(a3, b3, d3, y + 3 * ystride, outputs, counts, first)
            c0 = c1
        }
    }

    /// One output channel's three vectors of a tile (`put8` each; a count of 0 is skipped).
    @inline(__always) static func put3(_ u: Y, _ v: Y, _ z: Y, _ y: UnsafeMutablePointer<Float>,
                                       _ outputs: (Int, Int, Int), _ counts: (Int, Int, Int), _ first: Bool) {
        put8(u, y + outputs.0, counts.0, first)
        if counts.1 > 0 { put8(v, y + outputs.1, counts.1, first) }
        if counts.2 > 0 { put8(z, y + outputs.2, counts.2, first) }
    }

    /// Adds one image's weight gradient, `dw[o][c][a][b] += sum_{r, s} g[o][r][s] xp[c][r + a][s + b]`,
    /// as lane partial sums into `partial [O][C][3][3][16]` (this build fills lanes 0..<8 of each
    /// weight's 16 and leaves the rest as they are; `sumLanes` adds all 16 after the last image).
    /// `gp` is the output gradient padded like the input (`[O][H + 2][paddedWidth(W)]`), `xp` the
    /// padded input `[C][H + 2][paddedWidth(W)]`. `O` must be a multiple of 8 (4 would do).
    /// Register tile: 4 output channels x the 3 taps of one kernel row (12 accumulators).
    public static func accumulateWeightGradient(_ gp: UnsafePointer<Float>, outChannels o: Int, _ xp: UnsafePointer<Float>,
                                                channels c: Int, h: Int, w: Int, into partial: UnsafeMutablePointer<Float>) {
        let wp = paddedWidth(w), perRow = (w + 7) / 8
        let plane = (h + 2) * wp
        for quad in 0..<(o / 4) {
            let g0 = gp + quad * 4 * plane + wp + origin
            for ci in 0..<c {
                for a in 0..<3 {
                    var s00 = Y(), s01 = Y(), s02 = Y(), s10 = Y(), s11 = Y(), s12 = Y()
                    var s20 = Y(), s21 = Y(), s22 = Y(), s30 = Y(), s31 = Y(), s32 = Y()
                    for r in 0..<h {
                        let xr = xp + ci * plane + (r + a) * wp + origin - 1
                        let gr = g0 + r * wp
                        for v in 0..<perRow {
                            let p = xr + v * 8
                            let x0 = load8(p), x1 = load8(p + 1), x2 = load8(p + 2)
                            let q = gr + v * 8
                            var g = load8(q)
                            s00 = s00.addingProduct(g, x0); s01 = s01.addingProduct(g, x1); s02 = s02.addingProduct(g, x2)
                            g = load8(q + plane)
                            s10 = s10.addingProduct(g, x0); s11 = s11.addingProduct(g, x1); s12 = s12.addingProduct(g, x2)
                            g = load8(q + 2 * plane)
                            s20 = s20.addingProduct(g, x0); s21 = s21.addingProduct(g, x1); s22 = s22.addingProduct(g, x2)
                            g = load8(q + 3 * plane)
                            s30 = s30.addingProduct(g, x0); s31 = s31.addingProduct(g, x1); s32 = s32.addingProduct(g, x2)
                        }
                    }
                    let d = partial + ((quad * 4 * c + ci) * 9 + a * 3) * 16, step = c * 9 * 16
                    add3x8(d, s00, s01, s02); add3x8(d + step, s10, s11, s12)
                    add3x8(d + 2 * step, s20, s21, s22); add3x8(d + 3 * step, s30, s31, s32)
                }
            }
        }
    }

    /// Adds three 8-lane sums to lanes 0..<8 of three consecutive 16-lane partials.
    @inline(__always) static func add3x8(_ d: UnsafeMutablePointer<Float>, _ x: Y, _ y: Y, _ z: Y) {
        store8(load8(d) + x, d); store8(load8(d + 16) + y, d + 16); store8(load8(d + 32) + z, d + 32)
    }
}
#endif
