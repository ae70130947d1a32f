import Foundation
import NASCore

/// Parameters on disk as numpy `.npz`: a zip archive (stored, uncompressed, with CRC-32) of
/// `.npy` v1.0 files, one per named tensor (`<name>.npy`, little-endian `<f4`/`<f8`, C order).
/// `numpy.load(path)` reads what `write` produces; `read` accepts files written by
/// `numpy.savez` (stored entries, including zip64 local headers) with float32/float64 arrays.
public enum NPZ {
    /// Writes `arrays` (sorted by name, so the bytes are deterministic) to `url`.
    public static func write<T>(_ arrays: [String: Tensor<T>], to url: URL) throws {
        try Data(archive(arrays)).write(to: url, options: .atomic)
    }

    /// The `.npz` bytes of `arrays`.
    public static func archive<T>(_ arrays: [String: Tensor<T>]) throws -> [UInt8] {
        var out: [UInt8] = [], central: [UInt8] = []
        let names = arrays.keys.sorted()
        for name in names {
            guard !name.isEmpty else { throw NaswiftError.invalidArgument("empty array name in .npz", hint: "name every array") }
            let entry = Array((name + ".npy").utf8)
            let body = npy(arrays[name]!)
            guard body.count < 0xFFFF_FFFF, out.count < 0xFFFF_FFFF else {
                throw NaswiftError(.io, "array '\(name)' is too large for a non-zip64 .npz", hint: "save smaller arrays")
            }
            let crc = CRC32.checksum(body)
            let offset = UInt32(out.count)
            out += le32(0x0403_4B50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
            out += le32(crc) + le32(UInt32(body.count)) + le32(UInt32(body.count)) + le16(UInt16(entry.count)) + le16(0)
            out += entry + body
            central += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
            central += le32(crc) + le32(UInt32(body.count)) + le32(UInt32(body.count)) + le16(UInt16(entry.count))
            central += le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + entry
        }
        let cdOffset = UInt32(out.count)
        out += central
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(names.count)) + le16(UInt16(names.count))
        out += le32(UInt32(central.count)) + le32(cdOffset) + le16(0)
        return out
    }

    /// One `.npy` v1.0 file: magic, header dict padded to a multiple of 64 bytes, raw data.
    public static func npy<T>(_ t: Tensor<T>) -> [UInt8] {
        let shape = t.shape.count == 1 ? "(\(t.shape[0]),)" : "(" + t.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(T.npyDescr)', 'fortran_order': False, 'shape': \(shape), }"
        let total = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - total % 64) % 64) + "\n"
        var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0] + le16(UInt16(header.utf8.count)) + Array(header.utf8)
        t.scalars.withUnsafeBytes { out += $0 }
        return out
    }

    /// Reads every array of an `.npz` file, converting float32/float64 data to `T`.
    public static func read<T: TensorScalar>(_ url: URL, as: T.Type = T.self) throws -> [String: Tensor<T>] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw NaswiftError(.io, "cannot read '\(url.path)': \(error.localizedDescription)",
                               hint: "check that the .npz file exists and is readable")
        }
        return try unarchive([UInt8](data), source: url.path)
    }

    /// Parses `.npz` bytes.
    public static func unarchive<T: TensorScalar>(_ b: [UInt8], source: String = "npz") throws -> [String: Tensor<T>] {
        func corrupt(_ why: String) -> NaswiftError {
            NaswiftError(.dataCorrupt, "\(source) is not a valid .npz: \(why)",
                         hint: "write it with numpy.savez (not savez_compressed) or NPZ.write")
        }
        guard b.count >= 22 else { throw corrupt("file too short (\(b.count) bytes)") }
        /// The `count` bytes at `offset`, when they lie inside the file (no overflow).
        func span(_ offset: Int, _ count: Int) -> Range<Int>? {
            guard offset >= 0, count >= 0, offset <= b.count, count <= b.count - offset else { return nil }
            return offset..<(offset + count)
        }
        /// The 64-bit zip64 field at `i` as a count or offset, which cannot exceed the file's size.
        func field64(_ i: Int, end: Int, _ what: String) throws -> Int {
            guard i <= end - 8, span(i, 8) != nil else { throw corrupt("truncated zip64 field (\(what))") }
            let v = rd64(b, i)
            guard v <= UInt64(b.count) else { throw corrupt("zip64 \(what) \(v) is beyond the file's \(b.count) bytes") }
            return Int(v)
        }
        var eocd = -1
        var i = b.count - 22
        while i >= max(0, b.count - 22 - 65_535) {
            if rd32(b, i) == 0x0605_4B50 { eocd = i; break }
            i -= 1
        }
        guard eocd >= 0 else { throw corrupt("no end-of-central-directory record") }
        var entries = Int(rd16(b, eocd + 10))
        var cd = Int(rd32(b, eocd + 16))
        if cd == 0xFFFF_FFFF || entries == 0xFFFF {   // zip64 end of central directory
            guard eocd >= 20, rd32(b, eocd - 20) == 0x0706_4B50 else { throw corrupt("zip64 locator missing") }
            let z = try field64(eocd - 12, end: eocd, "end-of-central-directory offset")
            guard span(z, 56) != nil, rd32(b, z) == 0x0606_4B50 else { throw corrupt("zip64 record missing") }
            entries = try field64(z + 32, end: b.count, "entry count"); cd = try field64(z + 48, end: b.count, "central directory offset")
        }
        var out: [String: Tensor<T>] = [:]
        var p = cd
        for _ in 0..<entries {
            guard span(p, 46) != nil, rd32(b, p) == 0x0201_4B50 else { throw corrupt("bad central directory entry") }
            let method = rd16(b, p + 10)
            let crc = rd32(b, p + 16)
            var size = Int(rd32(b, p + 20))
            let nameLen = Int(rd16(b, p + 28)), extraLen = Int(rd16(b, p + 30)), commentLen = Int(rd16(b, p + 32))
            var local = Int(rd32(b, p + 42))
            guard span(p + 46, nameLen + extraLen) != nil else { throw corrupt("truncated central directory") }
            let name = String(decoding: b[(p + 46)..<(p + 46 + nameLen)], as: UTF8.self)
            // zip64 extra field (id 1): sizes / offset that did not fit in 32 bits
            let extraEnd = p + 46 + nameLen + extraLen
            var e = p + 46 + nameLen
            while e + 4 <= extraEnd {
                let id = rd16(b, e), len = Int(rd16(b, e + 2))
                if id == 1 {
                    let fieldEnd = min(e + 4 + len, extraEnd)
                    var q = e + 4
                    if rd32(b, p + 24) == 0xFFFF_FFFF { q += 8 }          // uncompressed first
                    if size == 0xFFFF_FFFF { size = try field64(q, end: fieldEnd, "size of '\(name)'"); q += 8 }
                    if local == 0xFFFF_FFFF { local = try field64(q, end: fieldEnd, "local header offset of '\(name)'") }
                }
                e += 4 + len
            }
            p += 46 + nameLen + extraLen + commentLen
            guard method == 0 else {
                throw corrupt("entry '\(name)' is compressed (method \(method)); only stored entries are supported")
            }
            guard span(local, 30) != nil, rd32(b, local) == 0x0403_4B50 else { throw corrupt("bad local header for '\(name)'") }
            let start = local + 30 + Int(rd16(b, local + 26)) + Int(rd16(b, local + 28))
            guard let bodyRange = span(start, size) else { throw corrupt("entry '\(name)' is truncated") }
            let body = Array(b[bodyRange])
            guard CRC32.checksum(body) == crc else { throw corrupt("CRC-32 mismatch in '\(name)'") }
            let key = name.hasSuffix(".npy") ? String(name.dropLast(4)) : name
            out[key] = try parseNpy(body, name: key, source: source)
        }
        return out
    }

    /// Parses one `.npy` file (v1.0/2.0 header, `<f4` or `<f8`, C order).
    public static func parseNpy<T: TensorScalar>(_ b: [UInt8], name: String = "array", source: String = "npy") throws -> Tensor<T> {
        func corrupt(_ why: String) -> NaswiftError {
            NaswiftError(.dataCorrupt, "\(source): array '\(name)': \(why)",
                         hint: "save float32/float64 C-order arrays with numpy.save / numpy.savez")
        }
        guard b.count >= 10, b[0] == 0x93, Array(b[1..<6]) == Array("NUMPY".utf8) else { throw corrupt("missing .npy magic") }
        let major = b[6]
        guard (1...3).contains(major) else { throw corrupt(".npy format version \(major) is not supported (need 1, 2 or 3)") }
        let hstart = major == 1 ? 10 : 12
        guard b.count >= hstart else { throw corrupt("truncated header") }
        let hlen = major == 1 ? Int(rd16(b, 8)) : Int(rd32(b, 8))
        guard hstart + hlen <= b.count else { throw corrupt("truncated header") }
        let header = String(decoding: b[hstart..<(hstart + hlen)], as: UTF8.self)
        func field(_ key: String) -> String? {
            guard let r = header.range(of: "'\(key)':") else { return nil }
            return String(header[r.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
        guard let d = field("descr"), let f = field("fortran_order"), let s = field("shape") else {
            throw corrupt("header lacks descr/fortran_order/shape: \(header)")
        }
        guard f.hasPrefix("False") else { throw corrupt("Fortran-order arrays are not supported") }
        let descr = d.split(separator: "'").first.map(String.init) ?? ""
        guard let open = s.firstIndex(of: "("), let close = s[open...].firstIndex(of: ")") else { throw corrupt("bad shape in \(header)") }
        let dims = s[s.index(after: open)..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        let shape = try dims.map { d -> Int in
            guard let v = Int(d), v >= 0 else { throw corrupt("bad extent '\(d)'") }
            return v
        }
        let start = hstart + hlen
        let width = descr == "<f4" ? 4 : descr == "<f8" ? 8 : 0
        guard width > 0 else { throw corrupt("dtype '\(descr)' is not supported (need <f4 or <f8)") }
        // The shape's byte count, checked for overflow: it must be exactly the data bytes present.
        var n = 1
        for extent in shape + [width] {
            let (product, overflow) = n.multipliedReportingOverflow(by: extent)
            guard !overflow else { throw corrupt("shape \(shape) holds more elements than any file; found \(b.count - start) data bytes") }
            n = product
        }
        guard b.count - start == n else { throw corrupt("expected \(n) data bytes for shape \(shape), found \(b.count - start)") }
        n /= width
        var scalars = [T](repeating: 0, count: n)
        b.withUnsafeBytes { raw in
            for i in 0..<n {
                if width == 4 {
                    scalars[i] = T(Float(bitPattern: raw.loadUnaligned(fromByteOffset: start + 4 * i, as: UInt32.self).littleEndian))
                } else {
                    scalars[i] = T(Double(bitPattern: raw.loadUnaligned(fromByteOffset: start + 8 * i, as: UInt64.self).littleEndian))
                }
            }
        }
        return try Tensor(shape: shape, scalars: scalars)
    }

    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * UInt32($0))) & 0xFF) } }
    static func rd16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
    static func rd32(_ b: [UInt8], _ i: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(b[i + $1]) << (8 * UInt32($1)) } }
    static func rd64(_ b: [UInt8], _ i: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(b[i + $1]) << (8 * UInt64($1)) } }
}
