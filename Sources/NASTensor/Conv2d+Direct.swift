import NASConvAVX2
import NASConvAVX512

/// What NASTensor calls in a direct-convolution module. `NASConvAVX512.DirectConv3x3` and
/// `NASConvAVX2.DirectConv3x3` are one source compiled for two CPU levels, so both conform as they
/// are. Layouts and shapes: see that source (Sources/NASConvShared/DirectConv3x3Kernels.swift).
protocol DirectConvKernels {
    static func paddedWidth(_ w: Int) -> Int
    static func allocateScratch(_ count: Int) -> UnsafeMutablePointer<Float>
    static func pad(_ x: UnsafePointer<Float>, channels c: Int, h: Int, w: Int, into xp: UnsafeMutablePointer<Float>)
    static func blockWeights(_ weight: UnsafePointer<Float>, o: Int, c: Int, flipTranspose: Bool) -> [Float]
    static func correlate(_ xp: UnsafePointer<Float>, channels c: Int, h: Int, w: Int,
                          blocked: UnsafePointer<Float>, outChannels o: Int, into y: UnsafeMutablePointer<Float>)
    static func accumulateWeightGradient(_ gp: UnsafePointer<Float>, outChannels o: Int, _ xp: UnsafePointer<Float>,
                                         channels c: Int, h: Int, w: Int, into partial: UnsafeMutablePointer<Float>)
    static func sumLanes(_ partial: UnsafePointer<Float>, count: Int, into out: UnsafeMutablePointer<Float>)
}

extension NASConvAVX512.DirectConv3x3: DirectConvKernels {}
extension NASConvAVX2.DirectConv3x3: DirectConvKernels {}

/// The direct 3x3 convolution path: Float, kernel 3, stride 1, padding 1, output channels a
/// multiple of 8, on CPUs with AVX-512 or AVX2 + FMA (`CPUFeatures.convPath`; the kernels of the
/// widest module the CPU runs). Everything else takes the im2col + GEMM path of `ConvKernels`.
/// Images are split across the cores; each worker pads its images into its own scratch.
enum DirectConv {
    /// The kernel module this CPU runs (nil on the im2col path).
    static var cpuKernels: (any DirectConvKernels.Type)? { kernels(for: CPUFeatures.convPath) }

    /// The kernel module of a path (nil for im2col). Tests call the AVX2 module on an AVX-512
    /// machine through this; only call it for a path the CPU supports (`CPUFeatures.supports`).
    static func kernels(for path: CPUFeatures.ConvPath) -> (any DirectConvKernels.Type)? {
        switch path {
        case .avx512: NASConvAVX512.DirectConv3x3.self
        case .avx2: NASConvAVX2.DirectConv3x3.self
        case .im2col: nil
        }
    }

    /// Output channels per register block, the same in both modules (one source): channel counts
    /// must be multiples of it.
    static let channelBlock = NASConvAVX512.DirectConv3x3.channelBlock

    /// Whether the forward pass and the weight gradient of `s` take the direct path.
    static func applies(_ s: ConvShape) -> Bool { cpuKernels != nil && fits(s) }

    /// Whether `s` has the geometry the direct kernels handle (whatever the CPU).
    static func fits(_ s: ConvShape) -> Bool {
        s.geo == ConvGeometry(kernel: 3, stride: 1, padding: 1) && s.o % channelBlock == 0
    }

    /// Whether the input gradient also does (it is a correlation with `C` output channels).
    static func appliesToInput(_ s: ConvShape) -> Bool { cpuKernels != nil && fitsInput(s) }

    /// Whether the input gradient of `s` has the geometry the direct kernels handle (whatever the CPU).
    static func fitsInput(_ s: ConvShape) -> Bool { fits(s) && s.c % channelBlock == 0 }

    /// `y [N, O, H, W]` for `x [N, C, H, W]`, `w [O, C, 3, 3]`, optional `bias [O]`.
    static func forward(_ x: [Float], _ w: [Float], _ bias: [Float]?, _ s: ConvShape,
                        kernels k: any DirectConvKernels.Type = cpuKernels!) -> [Float] {
        let (c, h, wd, o) = (s.c, s.h, s.w, s.o)
        let blocked = w.withUnsafeBufferPointer { k.blockWeights($0.baseAddress!, o: o, c: c, flipTranspose: false) }
        var y = [Float].uninitialised(s.n * o * h * wd)
        let padded = c * (h + 2) * k.paddedWidth(wd)
        x.withUnsafeBufferPointer { xp in blocked.withUnsafeBufferPointer { bp in y.withUnsafeMutableBufferPointer { yp in
            let (xa, ba, ya) = (xp.baseAddress!, bp.baseAddress!, yp.baseAddress!)
            Parallel.forRanges(s.n, work: s.n * o * h * wd * c * 9, minimumWork: 1 << 18) { images in
                let scratch = k.allocateScratch(padded)
                defer { scratch.deallocate() }
                for i in images {
                    k.pad(xa + i * c * h * wd, channels: c, h: h, w: wd, into: scratch)
                    let out = ya + i * o * h * wd
                    k.correlate(scratch, channels: c, h: h, w: wd, blocked: ba, outChannels: o, into: out)
                    if let bias { for oc in 0..<o { for j in 0..<(h * wd) { out[oc * h * wd + j] += bias[oc] } } }
                }
            }
        } } }
        return y
    }

    /// Input gradient `dx [N, C, H, W]` (when `wantInput`; else empty) and weight gradient
    /// `dw [O, C, 3, 3]` (when `wantWeight`; else zeros) for the output gradient `g [N, O, H, W]`.
    /// The input gradient takes the im2col path when `C` is not a multiple of 8.
    static func backward(_ g: [Float], _ x: [Float], _ w: [Float], _ s: ConvShape, wantInput: Bool, wantWeight: Bool,
                         kernels k: any DirectConvKernels.Type = cpuKernels!) -> (dx: [Float], dw: [Float]) {
        let (n, c, h, wd, o) = (s.n, s.c, s.h, s.w, s.o)
        let directInput = wantInput && fitsInput(s)
        var dx = directInput ? [Float].uninitialised(n * c * h * wd)
                             : (wantInput ? ConvKernels<Float>.backward(g, x, w, s, wantInput: true, wantWeight: false).dx : [])
        let flipped = directInput
            ? w.withUnsafeBufferPointer { k.blockWeights($0.baseAddress!, o: o, c: c, flipTranspose: true) } : []
        let parts = min(Parallel.cores, n)
        var partial = [Float](repeating: 0, count: wantWeight ? parts * o * c * 9 * 16 : 0)
        let wp = k.paddedWidth(wd)
        let xPadded = c * (h + 2) * wp, gPadded = o * (h + 2) * wp
        g.withUnsafeBufferPointer { gp in x.withUnsafeBufferPointer { xp in flipped.withUnsafeBufferPointer { fp in
        dx.withUnsafeMutableBufferPointer { dxp in partial.withUnsafeMutableBufferPointer { pp in
            let (ga, xa, fa, da, pa) = (gp.baseAddress!, xp.baseAddress!, fp.baseAddress, dxp.baseAddress, pp.baseAddress)
            Parallel.forRanges(parts, work: n * o * h * wd * c * 18, minimumWork: 1 << 18) { workers in
                let scratch = k.allocateScratch(xPadded + gPadded)
                defer { scratch.deallocate() }
                let gPad = scratch + xPadded
                for worker in workers {
                    for i in (n * worker / parts)..<(n * (worker + 1) / parts) {
                        k.pad(ga + i * o * h * wd, channels: o, h: h, w: wd, into: gPad)
                        if wantWeight {
                            k.pad(xa + i * c * h * wd, channels: c, h: h, w: wd, into: scratch)
                            k.accumulateWeightGradient(gPad, outChannels: o, scratch, channels: c, h: h, w: wd,
                                                                   into: pa! + worker * o * c * 9 * 16)
                        }
                        if directInput {
                            k.correlate(gPad, channels: o, h: h, w: wd, blocked: fa!, outChannels: c,
                                                    into: da! + i * c * h * wd)
                        }
                    }
                }
            }
        } } } } }
        var dw = [Float](repeating: 0, count: o * c * 9)
        if wantWeight {
            partial.withUnsafeBufferPointer { pp in dw.withUnsafeMutableBufferPointer { dp in
                for part in 0..<parts { k.sumLanes(pp.baseAddress! + part * o * c * 9 * 16, count: o * c * 9, into: dp.baseAddress!) }
            } }
        }
        return (dx, dw)
    }
}
