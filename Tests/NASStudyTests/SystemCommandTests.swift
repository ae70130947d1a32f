import Foundation
import NASLinalg
import Testing

/// `naswift system`, run as the executable: on a CPU with AVX2 or AVX-512 the program runs
/// OpenBLAS's kernels for it, never a generic fallback (BLASCore re-executes with
/// OPENBLAS_CORETYPE when OpenBLAS does not recognise the CPU).
@Suite struct SystemCommandTests {
    @Test func executableRunsTheCPUsBLASKernels() throws {
        let out = try NaswiftBinary.run(["system", "--json"], environment: [:], removing: ["OPENBLAS_CORETYPE"])
        try #require(out.status == 0, "\(out.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: String])
        let kernels = try #require(object["openblas_kernels"])
        let flags = BLASCore.cpuFlags(fromCPUInfo: (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? "")
        if flags.isSuperset(of: ["avx2", "fma"]) {
            let core = String(kernels.prefix { $0 != " " }).lowercased()
            #expect(!["prescott", "core2", "penryn", "nehalem", "atom"].contains(core), "generic OpenBLAS kernels: \(kernels)")
        }
        #expect(object["cores"].flatMap(Int.init) ?? 0 >= 1)
        let core = try NaswiftBinary.run(["system", "--blas-core"], removing: ["OPENBLAS_CORETYPE"])
        #expect(core.status == 0 && kernels.hasPrefix(core.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// The convolution path follows the CPU and the two switches: AVX-512 > AVX2 + FMA > im2col.
    @Test func convolutionPathFollowsTheCPUAndTheSwitches() throws {
        let flags = BLASCore.cpuFlags(fromCPUInfo: (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? "")
        let avx512 = flags.isSuperset(of: ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"])
        let avx2 = flags.isSuperset(of: ["avx2", "fma", "bmi1", "bmi2", "f16c", "movbe"])
        let cases: [([String: String], String)] = [
            ([:], avx512 ? "avx512" : (avx2 ? "avx2" : "im2col")),
            (["NASWIFT_NO_AVX512": "1"], avx2 ? "avx2" : "im2col"),
            (["NASWIFT_NO_AVX512": "1", "NASWIFT_NO_AVX2": "1"], "im2col"),
        ]
        for (environment, expected) in cases {
            let out = try NaswiftBinary.run(["system", "--json"], environment: environment,
                                            removing: ["NASWIFT_NO_AVX512", "NASWIFT_NO_AVX2"].filter { environment[$0] == nil })
            try #require(out.status == 0, "\(out.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: String])
            #expect(object["conv_kernels"]?.hasPrefix(expected + ":") == true, "\(environment): \(object["conv_kernels"] ?? "none")")
        }
    }
}
