import Foundation
import NASLinalg

/// What the CPU this process runs on can execute, read once from `/proc/cpuinfo` (Linux; elsewhere
/// nothing is detected and the portable kernels run).
///
/// This file is compiled for the baseline CPU, so the check itself never executes an instruction
/// the machine may lack. Setting `NASWIFT_NO_AVX512=1` forces the portable kernels (to compare
/// the two paths, or to rule the vector kernels out when debugging).
public enum CPUFeatures {
    /// The AVX-512 subsets the `NASConvAVX512` module is compiled for (LLVM's `skylake-avx512`:
    /// F, CD, BW, DQ, VL), all present, and not disabled by the environment.
    public static let hasAVX512: Bool = {
        if ProcessInfo.processInfo.environment["NASWIFT_NO_AVX512"] == "1" { return false }
        return flags(fromCPUInfo: (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? "")
            .isSuperset(of: ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"])
    }()

    /// The feature flags of the first processor listed in a `/proc/cpuinfo` text (empty if none).
    static func flags(fromCPUInfo text: String) -> Set<String> { BLASCore.cpuFlags(fromCPUInfo: text) }
}
