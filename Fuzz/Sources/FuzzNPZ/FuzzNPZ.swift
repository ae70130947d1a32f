import FuzzSupport
import NASTensor

/// libFuzzer entry: the bytes as an `.npz` archive (float and double) and as one `.npy` file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let b = Sealing.bytes(data, size)
    _ = try? NPZ.unarchive(b, source: "fuzz") as [String: Tensor<Float>]
    _ = try? NPZ.parseNpy(b, name: "fuzz", source: "fuzz") as Tensor<Double>
    return 0
}
