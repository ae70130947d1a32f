/// Direct 3x3 / stride 1 / padding 1 convolution kernels for one Float image in NCHW layout:
/// the layouts, padding, weight blocking and 16-lane (`SIMD16<Float>`) helpers both builds share.
/// The correlation itself (`correlate`, forward and input gradient) is tiled per build:
/// Sources/NASConvAVX512/DirectConv3x3ZMM.swift and Sources/NASConvAVX2/DirectConv3x3YMM.swift.
///
/// This one source file is compiled into two modules (Package.swift; the files in
/// Sources/NASConvAVX512 and Sources/NASConvAVX2 are links to it): `NASConvAVX512` for AVX-512
/// (a vector is one zmm register) and `NASConvAVX2` for AVX2 + FMA (a vector is two ymm
/// registers). Call a module only on a CPU that has its instructions: NASTensor picks one with
/// `CPUFeatures.convPath` and falls back to im2col + GEMM on other CPUs.
///
/// Layouts (all Float, row-major):
/// - padded input `xp [C][H + 2][Wp]` with `xp[c][y + 1][x + 16] = x[c][y][x]` and zeros elsewhere,
///   `Wp = DirectConv3x3.paddedWidth(W)`: the data starts 64-byte aligned when `xp` is (rows and
///   planes are multiples of 16 floats), with room for whole-vector loads past both edges;
/// - weights `[O][C][3][3]` (PyTorch);
/// - blocked weights `[O / 8][C][9][8]` (`blockWeights`), so the 8 output channels a register block
///   needs for one tap are contiguous.
public enum DirectConv3x3 {
    public typealias V = SIMD16<Float>
    /// Output channels per register block (`O` must be a multiple).
    public static let channelBlock = 8

    /// Column of `x[..][..][0]` in a padded row.
    public static let origin = 16
    /// Row width of the padded planes: `W` rounded up to 16, plus 32 (left border and right slack).
    @inlinable public static func paddedWidth(_ w: Int) -> Int { (w + 15) / 16 * 16 + 32 }
    /// Row width of a vector-aligned unpadded plane: `W` rounded up to 16.
    @inlinable public static func vectorWidth(_ w: Int) -> Int { (w + 15) / 16 * 16 }

    /// `count` Floats, 64-byte aligned (release with `deallocate()`).
    public static func allocateScratch(_ count: Int) -> UnsafeMutablePointer<Float> {
        UnsafeMutableRawPointer.allocate(byteCount: count * 4, alignment: 64).bindMemory(to: Float.self, capacity: count)
    }

    /// Writes `x [C][H][W]` into the padded `xp [C][H + 2][paddedWidth(W)]` (fully overwritten);
    /// `xp` should be 64-byte aligned (`allocateScratch`).
    public static func pad(_ x: UnsafePointer<Float>, channels c: Int, h: Int, w: Int, into xp: UnsafeMutablePointer<Float>) {
        let wp = paddedWidth(w)
        for ci in 0..<c {
            let plane = xp + ci * (h + 2) * wp
            plane.update(repeating: 0, count: wp)
            (plane + (h + 1) * wp).update(repeating: 0, count: wp)
            for y in 0..<h {
                let row = plane + (y + 1) * wp
                row.update(repeating: 0, count: origin)
                (row + origin).update(from: x + (ci * h + y) * w, count: w)
                (row + origin + w).update(repeating: 0, count: wp - origin - w)
            }
        }
    }

    /// Re-blocks `weight [O][C][3][3]` as `[O / 8][C][9][8]`. With `flipTranspose`, first maps it to
    /// the weight of the input-gradient correlation, `w'[c][o][a][b] = w[o][c][2 - a][2 - b]`
    /// (then `O` and `C` swap roles: the result is `[C / 8][O][9][8]`).
    public static func blockWeights(_ weight: UnsafePointer<Float>, o: Int, c: Int, flipTranspose: Bool) -> [Float] {
        let (outs, ins) = flipTranspose ? (c, o) : (o, c)
        var out = [Float](repeating: 0, count: outs * ins * 9)
        for oc in 0..<outs {
            for ic in 0..<ins {
                for t in 0..<9 {
                    let v = flipTranspose ? weight[(ic * c + oc) * 9 + (8 - t)] : weight[(oc * c + ic) * 9 + t]
                    out[(((oc / 8) * ins + ic) * 9 + t) * 8 + oc % 8] = v
                }
            }
        }
        return out
    }

    /// Input channels whose products one run of register accumulators sums before the run's sums
    /// are added to the output (both builds' `correlate`).
    ///
    /// Summing each output in runs of `sumBlock` input channels (`9 sumBlock` products) and adding
    /// the runs' sums up in `y`, instead of in one chain of `9 C` fused multiply-adds, bounds the
    /// rounding error a chain's growing partial sums carry. One chain over C = 64 (576 terms) was
    /// about twice as far from float64 as PyTorch's float32 convolution and the im2col + sgemm path
    /// (DirectConvTests: max relative 6.2e-7 forward, 6.7e-7 input gradient; runs of 16: 2.0e-7,
    /// 2.6e-7; runs of 8 gain little more and cost another 2% of time), enough to flip the ReLU of a
    /// unit whose true input was 6e-7 and with it 2% of a NATS network's input gradient
    /// (CellNetworkTorchTests, `natsss:64:8:40:16:24`). Costs about 3% of the kernel's time.
    public static let sumBlock = 16

    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
    @inline(__always) static func store(_ v: V, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
    }
    @inline(__always) static func store(_ v: V, _ p: UnsafeMutablePointer<Float>, count: Int) {
        if count >= 16 { store(v, p); return }
        for i in 0..<count { p[i] = v[i] }
    }

    /// `p[0..<16] += v`.
    @inline(__always) static func add(_ v: V, _ p: UnsafeMutablePointer<Float>) { store(load(p) + v, p) }
    /// `p[0..<count] += v[0..<count]` (only `count` <= 16 values are in bounds).
    @inline(__always) static func add(_ v: V, _ p: UnsafeMutablePointer<Float>, count: Int) {
        if count >= 16 { add(v, p); return }
        for i in 0..<count { p[i] += v[i] }
    }

    /// The first run of input channels stores its sums (`first`), later runs add theirs.
    @inline(__always) static func put(_ v: V, _ p: UnsafeMutablePointer<Float>, _ first: Bool) {
        if first { store(v, p) } else { add(v, p) }
    }
    /// As `put(_:_:_:)` for the first `count` <= 16 values.
    @inline(__always) static func put(_ v: V, _ p: UnsafeMutablePointer<Float>, _ count: Int, _ first: Bool) {
        if first { store(v, p, count: count) } else { add(v, p, count: count) }
    }

#if !NASWIFT_CONV_YMM
    /// Adds one image's weight gradient, `dw[o][c][a][b] += sum_{r, s} g[o][r][s] xp[c][r + a][s + b]`,
    /// as 16 lane partial sums per weight into `partial [O][C][3][3][16]` (sum the lanes with
    /// `sumLanes` after the last image: one horizontal sum per weight, not per image).
    /// `gp` is the output gradient padded like the input (`[O][H + 2][paddedWidth(W)]`, see `pad`;
    /// its zero border and tail make whole-vector loads exact), `xp` the padded input
    /// `[C][H + 2][paddedWidth(W)]`. `O` must be a multiple of 8.
    public static func accumulateWeightGradient(_ gp: UnsafePointer<Float>, outChannels o: Int, _ xp: UnsafePointer<Float>,
                                                channels c: Int, h: Int, w: Int, into partial: UnsafeMutablePointer<Float>) {
        let wp = paddedWidth(w), vectors = vectorWidth(w) / 16
        let plane = (h + 2) * wp, gplane = plane, xplane = plane
        for ob in 0..<(o / 8) {
            for ci in 0..<c {
                for a in 0..<3 {
                    var s00 = V(), s01 = V(), s02 = V(), s10 = V(), s11 = V(), s12 = V()
                    var s20 = V(), s21 = V(), s22 = V(), s30 = V(), s31 = V(), s32 = V()
                    var s40 = V(), s41 = V(), s42 = V(), s50 = V(), s51 = V(), s52 = V()
                    var s60 = V(), s61 = V(), s62 = V(), s70 = V(), s71 = V(), s72 = V()
                    let g0 = gp + ob * 8 * gplane + wp + origin
                    for r in 0..<h {
                        let xr = xp + ci * xplane + (r + a) * wp + origin - 1
                        for v in 0..<vectors {
                            let p = xr + v * 16
                            let x0 = load(p), x1 = load(p + 1), x2 = load(p + 2)
                            let q = g0 + r * wp + v * 16
                            var g = load(q)
                            s00 = s00.addingProduct(g, x0); s01 = s01.addingProduct(g, x1); s02 = s02.addingProduct(g, x2)
                            g = load(q + gplane)
                            s10 = s10.addingProduct(g, x0); s11 = s11.addingProduct(g, x1); s12 = s12.addingProduct(g, x2)
                            g = load(q + 2 * gplane)
                            s20 = s20.addingProduct(g, x0); s21 = s21.addingProduct(g, x1); s22 = s22.addingProduct(g, x2)
                            g = load(q + 3 * gplane)
                            s30 = s30.addingProduct(g, x0); s31 = s31.addingProduct(g, x1); s32 = s32.addingProduct(g, x2)
                            g = load(q + 4 * gplane)
                            s40 = s40.addingProduct(g, x0); s41 = s41.addingProduct(g, x1); s42 = s42.addingProduct(g, x2)
                            g = load(q + 5 * gplane)
                            s50 = s50.addingProduct(g, x0); s51 = s51.addingProduct(g, x1); s52 = s52.addingProduct(g, x2)
                            g = load(q + 6 * gplane)
                            s60 = s60.addingProduct(g, x0); s61 = s61.addingProduct(g, x1); s62 = s62.addingProduct(g, x2)
                            g = load(q + 7 * gplane)
                            s70 = s70.addingProduct(g, x0); s71 = s71.addingProduct(g, x1); s72 = s72.addingProduct(g, x2)
                        }
                    }
                    let d = partial + ((ob * 8 * c + ci) * 9 + a * 3) * 16, step = c * 9 * 16
                    add3(d, s00, s01, s02); add3(d + step, s10, s11, s12)
                    add3(d + 2 * step, s20, s21, s22); add3(d + 3 * step, s30, s31, s32)
                    add3(d + 4 * step, s40, s41, s42); add3(d + 5 * step, s50, s51, s52)
                    add3(d + 6 * step, s60, s61, s62); add3(d + 7 * step, s70, s71, s72)
                }
            }
        }
    }

#endif

    @inline(__always) static func add3(_ d: UnsafeMutablePointer<Float>, _ x: V, _ y: V, _ z: V) {
        store(load(d) + x, d); store(load(d + 16) + y, d + 16); store(load(d + 32) + z, d + 32)
    }

    /// `out[k] += sum of the 16 lanes partial[k][0..<16]` for `count` weights.
    public static func sumLanes(_ partial: UnsafePointer<Float>, count: Int, into out: UnsafeMutablePointer<Float>) {
        for k in 0..<count { out[k] += load(partial + k * 16).sum() }
    }
}
