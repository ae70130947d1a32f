import Testing
@testable import NASLinalg

/// The choice of OpenBLAS kernels (`BLASCore`): only a generic fallback on a CPU with AVX2 / AVX-512
/// is overridden, and never against the user's own setting.
@Suite struct BLASCoreTests {
    static let avx512: Set<String> = ["sse3", "avx", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]
    static let avx2: Set<String> = ["sse3", "avx", "avx2", "fma"]

    @Test func genericFallbackOnAVX512IsReplaced() {
        #expect(BLASCore.override(current: "Prescott", flags: Self.avx512, environment: [:]) == "SkylakeX")
        #expect(BLASCore.override(current: "Core2", flags: Self.avx2, environment: [:]) == "Haswell")
        #expect(BLASCore.override(current: "Prescott", flags: ["sse3", "avx"], environment: [:]) == nil)
    }

    @Test func recognisedCoresAndUserSettingsAreKept() {
        for core in ["SkylakeX", "Haswell", "Zen", "Cooperlake", "SapphireRapids"] {
            #expect(BLASCore.override(current: core, flags: Self.avx512, environment: [:]) == nil, "\(core)")
        }
        #expect(BLASCore.override(current: "Prescott", flags: Self.avx512, environment: ["OPENBLAS_CORETYPE": "Prescott"]) == nil)
        #expect(BLASCore.override(current: "Prescott", flags: Self.avx512, environment: ["NASWIFT_BLAS_CORETYPE": "off"]) == nil)
    }

    @Test func flagsAreReadFromCPUInfo() {
        let text = "processor\t: 0\nmodel name\t: X\nflags\t\t: fpu sse3 avx2 fma\nprocessor\t: 1\nflags\t\t: fpu\n"
        #expect(BLASCore.cpuFlags(fromCPUInfo: text) == ["fpu", "sse3", "avx2", "fma"])
        #expect(BLASCore.cpuFlags(fromCPUInfo: "") == [])
    }
}
