import Foundation
import NASLinalg

/// What the CPU this process runs on can execute, read once from `/proc/cpuinfo` (Linux; elsewhere
/// nothing is detected and the portable kernels run).
///
/// This file is compiled for the baseline CPU, so the check itself never executes an instruction
/// the machine may lack. `NASWIFT_NO_AVX512=1` turns the AVX-512 kernels off and `NASWIFT_NO_AVX2=1`
/// the AVX2 ones (to compare the paths on one machine, or to rule the vector kernels out when
/// debugging); with both set the portable im2col + GEMM path runs.
public enum CPUFeatures {
    /// The AVX-512 subsets the `NASConvAVX512` module is compiled for (LLVM's `skylake-avx512`:
    /// F, CD, BW, DQ, VL), all present, and not disabled by the environment.
    public static let hasAVX512: Bool = {
        if ProcessInfo.processInfo.environment["NASWIFT_NO_AVX512"] == "1" { return false }
        return cpuFlags.isSuperset(of: ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"])
    }()

    /// AVX2 and FMA, what the `NASConvAVX2` module needs beyond the x86-64 baseline (LLVM's `haswell`;
    /// it may also use BMI1/2, F16C, MOVBE and LZCNT, which every CPU with AVX2 has), present and
    /// not disabled by the environment.
    public static let hasAVX2: Bool = {
        if ProcessInfo.processInfo.environment["NASWIFT_NO_AVX2"] == "1" { return false }
        return cpuFlags.isSuperset(of: ["avx2", "fma", "bmi1", "bmi2", "f16c", "movbe"])
    }()

    /// The kernels 3x3 convolutions run on here: the widest vector module the CPU (and the
    /// environment) allows.
    public static let convPath: ConvPath = hasAVX512 ? .avx512 : (hasAVX2 ? .avx2 : .im2col)

    /// Whether this CPU (and the environment) allows `path`'s kernels.
    public static func supports(_ path: ConvPath) -> Bool {
        switch path {
        case .avx512: hasAVX512
        case .avx2: hasAVX2
        case .im2col: true
        }
    }

    /// Which kernels run the Float 3x3 / stride 1 / padding 1 convolutions.
    public enum ConvPath: String, Sendable, CaseIterable {
        /// `NASConvAVX512`: direct kernels, one 16-lane vector per zmm register.
        case avx512
        /// `NASConvAVX2`: the same direct kernels compiled for AVX2 + FMA (two ymm registers a vector).
        case avx2
        /// im2col + OpenBLAS sgemm (any CPU).
        case im2col

        /// One line for `naswift system` and `bench numerics`.
        public var summary: String {
            switch self {
            case .avx512: "direct 3x3 kernels, AVX-512"
            case .avx2: "direct 3x3 kernels, AVX2 + FMA"
            case .im2col: "im2col + sgemm (no AVX2 / AVX-512 kernels on this CPU, or turned off)"
            }
        }
    }

    static let cpuFlags = flags(fromCPUInfo: (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? "")

    /// The feature flags of the first processor listed in a `/proc/cpuinfo` text (empty if none).
    static func flags(fromCPUInfo text: String) -> Set<String> { BLASCore.cpuFlags(fromCPUInfo: text) }
}
