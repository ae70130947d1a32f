import CBLAS
import Foundation

/// Which OpenBLAS kernels this process runs, and the switch to better ones.
///
/// Debian's OpenBLAS (0.3.21, `DYNAMIC_ARCH`) picks its kernels once, when the library is loaded,
/// from the CPU model. On CPUs it does not recognise (seen: a virtualised "Intel(R) Xeon(R)
/// Processor" with AVX-512) it falls back to the SSE3 "Prescott" kernels, 3-4x slower for every
/// matrix product (GP fits, MLPs, convolutions, SVD). The only switch is the environment variable
/// `OPENBLAS_CORETYPE`, read at load time, so a program that wants the right kernels must have it set
/// before it starts: ``reexecutingWithBetterKernelsIfNeeded()`` does that for the `naswift`
/// executable, and `scripts/test.sh` exports it for the test processes (`naswift system --blas-core`).
///
/// Results can differ in the last bits between kernel sets (summation order), as between machines;
/// on one machine the choice is fixed, so the same seed still gives the same result.
public enum BLASCore {
    /// The kernel set OpenBLAS loaded, e.g. "SkylakeX", "Haswell", "Zen", "Prescott".
    public static var name: String { String(cString: openblas_get_corename()) }

    /// OpenBLAS's generic fallbacks for x86-64 CPUs it does not recognise.
    static let fallbacks: Set<String> = ["prescott", "core2", "penryn", "dunnington", "nehalem", "atom", "katmai",
                                         "coppermine", "northwood", "banias"]

    /// The feature flags of the first processor of a `/proc/cpuinfo` text (empty if none).
    public static func cpuFlags(fromCPUInfo text: String) -> Set<String> {
        for line in text.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        }
        return []
    }

    /// The `OPENBLAS_CORETYPE` to start with, or nil to leave OpenBLAS's choice: only when it loaded a
    /// generic fallback (`current`) although the CPU has AVX-512 (F, CD, BW, DQ, VL: "SkylakeX") or
    /// AVX2 with FMA ("Haswell"), and the user has not set `OPENBLAS_CORETYPE` (or
    /// `NASWIFT_BLAS_CORETYPE=auto|off`, default auto) themselves.
    public static func override(current: String, flags: Set<String>, environment: [String: String]) -> String? {
        if let set = environment["OPENBLAS_CORETYPE"], !set.isEmpty { return nil }
        if environment["NASWIFT_BLAS_CORETYPE"]?.lowercased() == "off" { return nil }
        guard fallbacks.contains(current.lowercased()) else { return nil }
        if flags.isSuperset(of: ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// Replaces this process by itself with `OPENBLAS_CORETYPE` set when ``override(current:flags:environment:)``
    /// asks for it (Linux; call first thing in `main`, before any thread starts). Returns when nothing
    /// is to be done or the re-execution is impossible (the program then runs on the slow kernels).
    public static func reexecutingWithBetterKernelsIfNeeded() {
        #if os(Linux)
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        guard let core = override(current: name, flags: cpuFlags(fromCPUInfo: cpuinfo),
                                  environment: ProcessInfo.processInfo.environment) else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        let args = CommandLine.arguments
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) }
        argv.append(nil)
        execv("/proc/self/exe", &argv)
        // execv returned: it failed; go on with the kernels already loaded.
        unsetenv("OPENBLAS_CORETYPE")
        #endif
    }
}
