import NASCore

/// Makes fuzzed bytes pass the integrity checks of naswift's checksummed files, so that mutations
/// reach the parsing behind them instead of stopping at "checksum mismatch" every time.
public enum Sealing {
    /// Replaces the last 32 bytes (the SHA-256 trailer of benchmark caches and model files) by the
    /// SHA-256 of every byte before them. Inputs shorter than 32 bytes are returned unchanged.
    public static func sha256Trailer(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.count >= 32 else { return bytes }
        var out = bytes
        let digest = SHA256.digest(bytes[0..<(bytes.count - 32)])
        out.replaceSubrange((bytes.count - 32)..., with: digest)
        return out
    }

    /// A model file (`ModelFile`, NASTensor: 8 magic, 4 version, 4 header length H, 8 payload
    /// length P, H + P bytes, 32 SHA-256): sets P so the lengths add up to the input's size when
    /// H fits, then re-seals the checksum.
    public static func modelFile(_ bytes: [UInt8]) -> [UInt8] {
        let fixed = 24, trailer = 32
        guard bytes.count >= fixed + trailer else { return bytes }
        var out = bytes
        let h = Int(out[12]) | Int(out[13]) << 8 | Int(out[14]) << 16 | Int(out[15]) << 24
        let p = out.count - fixed - trailer - h
        if p >= 0 {
            for i in 0..<8 { out[16 + i] = UInt8(truncatingIfNeeded: UInt64(p) >> (8 * UInt64(i))) }
        }
        return sha256Trailer(out)
    }

    /// The input as a buffer (libFuzzer passes a pointer and a size).
    public static func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
        Array(UnsafeBufferPointer(start: data, count: size))
    }
}
