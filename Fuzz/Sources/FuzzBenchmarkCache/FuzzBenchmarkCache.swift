import Foundation
import FuzzSupport
import NASBenchmarks

/// libFuzzer entry: the bytes, with their SHA-256 trailer re-sealed, as a benchmark cache file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let b = Sealing.sha256Trailer(Sealing.bytes(data, size))
    _ = try? BenchmarkCache.decode(Data(b), file: "fuzz.nasbench", rebuild: "naswift data import ...")
    return 0
}
