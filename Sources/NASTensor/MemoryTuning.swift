#if os(Linux)
/// glibc's `mallopt` (malloc.h is not part of the Glibc module map).
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

/// glibc allocator tuning for tensor workloads (applied once, when the first `Tape` is made).
///
/// By default glibc serves blocks above a (dynamic, <= 32 MiB) threshold with fresh `mmap`s and
/// trims the heap top back to the OS, so every training step page-faults its multi-megabyte
/// activations in again (measured: a 64x16x32x32 conv-BN-ReLU step spent about half its time in
/// page faults). Keeping blocks up to 256 MiB in the heap and trimming only above 1 GiB makes
/// steady-state steps reuse memory. Process-wide; documented in DESIGN.md "Numerics".
enum MemoryTuning {
    static let applied: Bool = {
        #if os(Linux)
        _ = glibcMallopt(-3, 256 << 20)   // M_MMAP_THRESHOLD
        _ = glibcMallopt(-1, 1 << 30)     // M_TRIM_THRESHOLD
        #endif
        return true
    }()
}
