import FuzzSupport
import NASStudy

/// libFuzzer entry: the bytes (UTF-8, invalid sequences replaced) as a training command's stdout.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: Sealing.bytes(data, size), as: UTF8.self)
    _ = MetricLine.parse(stdout: text, metric: "val_acc")
    return 0
}
