import Foundation
import NASCore
import NASTensor

/// The CENA model file, all integers little-endian:
///
/// | bytes | content |
/// |---|---|
/// | 8 | magic `NSCENAMD` |
/// | 4 | format version (`UInt32`, currently 1) |
/// | 4 | header length H (`UInt32`) |
/// | 8 | payload length P (`UInt64`) |
/// | H | header: UTF-8 JSON of `ContrastiveModel.Header` (sorted keys) |
/// | P | payload: the network's weights as a numpy `.npz` (float32, `NPZ.archive`) |
/// | 32 | SHA-256 of every preceding byte |
///
/// The bytes depend on the header and the weights only (no timestamps), so one training seed on
/// the same data gives the same file.
extension ContrastiveModel {
    public static let magic: [UInt8] = Array("NSCENAMD".utf8)
    public static let formatVersion: UInt32 = 1
    static let fixedHeaderBytes = 8 + 4 + 4 + 8

    /// The file bytes.
    public func serialized() throws -> [UInt8] {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let json: [UInt8]
        do { json = Array(try enc.encode(header)) } catch {
            throw NaswiftError(.numerical, "cannot encode the CENA model header: \(error)",
                               hint: "a training loss is not finite; re-train the model")
        }
        let payload = try NPZ.archive(state)
        var out = Self.magic
        out += Self.le(Self.formatVersion)
        out += Self.le(UInt32(json.count))
        out += Self.le(UInt64(payload.count))
        out += json
        out += payload
        out += SHA256.digest(out)
        return out
    }

    /// Writes the model to `url` atomically (creating its directory).
    public func save(to url: URL) throws {
        let bytes = try serialized()
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw NaswiftError(.io, "cannot write the CENA model to '\(url.path)': \(error.localizedDescription)",
                               hint: "check that the directory is writable, or pass another --out")
        }
    }

    /// Reads a model file: `dataMissing` for a missing file; `dataCorrupt` (naming the file and what
    /// is wrong) for a file that is not a CENA model, has another format version, is truncated,
    /// fails its checksum or holds weights that do not fit its header.
    public static func load(from url: URL) throws -> ContrastiveModel {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw NaswiftError(.dataMissing, "no CENA model file at '\(url.path)'",
                               hint: "train one first: `naswift embed cena train --jacobians DIR --out \(url.path)`")
        }
        let bytes: [UInt8]
        do { bytes = [UInt8](try Data(contentsOf: url)) } catch {
            throw NaswiftError(.io, "cannot read the CENA model file '\(url.path)': \(error.localizedDescription)", hint: "check the file's permissions")
        }
        return try parse(bytes, source: url.path)
    }

    /// Parses model-file bytes (`source` names the file in errors).
    public static func parse(_ b: [UInt8], source: String) throws -> ContrastiveModel {
        func corrupt(_ why: String) -> NaswiftError {
            NaswiftError(.dataCorrupt, "the CENA model file '\(source)' \(why)",
                         hint: "re-create it with `naswift embed cena train --jacobians DIR --out \(source)`")
        }
        guard b.count >= magic.count, Array(b[0..<magic.count]) == magic else { throw corrupt("is not a naswift CENA model (bad magic bytes)") }
        guard b.count >= fixedHeaderBytes + 32 else { throw corrupt("is truncated: \(b.count) bytes, shorter than the fixed header") }
        let version = rd32(b, 8)
        guard version == formatVersion else { throw corrupt("has format version \(version); this naswift reads version \(formatVersion)") }
        let h = Int(rd32(b, 12)), p64 = rd64(b, 16)
        let p = p64 <= UInt64(b.count) ? Int(p64) : b.count + 1
        let expected = fixedHeaderBytes + h + p + 32
        guard b.count == expected else {
            throw corrupt(b.count < expected ? "is truncated: \(b.count) bytes, the header announces \(expected)"
                                              : "has \(b.count - expected) unexpected trailing bytes (expected \(expected))")
        }
        guard SHA256.digest(b[0..<(b.count - 32)]) == Array(b[(b.count - 32)...]) else {
            throw corrupt("fails its SHA-256 checksum (the file was modified or damaged)")
        }
        let header: Header
        do { header = try JSONDecoder().decode(Header.self, from: Data(b[fixedHeaderBytes..<(fixedHeaderBytes + h)])) } catch {
            throw corrupt("has an unreadable header: \(error)")
        }
        do { try header.config.validate() } catch let e as NaswiftError { throw corrupt("has invalid settings: \(e.message)") }
        guard header.input >= 1, header.setSize >= 1, header.inits >= 2 else {
            throw corrupt("has invalid shapes: input \(header.input), set size \(header.setSize), inits \(header.inits)")
        }
        let state: [String: Tensor<Float>]
        do { state = try NPZ.unarchive(Array(b[(fixedHeaderBytes + h)..<(fixedHeaderBytes + h + p)]), source: source) } catch {
            throw corrupt("has an unreadable weight archive: \(error)")
        }
        let model = ContrastiveModel(header: header, state: state)
        do { _ = try model.network() } catch { throw corrupt("does not match the network of its header: \(error)") }
        return model
    }

    static func le<I: FixedWidthInteger>(_ v: I) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    static func rd32(_ b: [UInt8], _ i: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(b[i + $1]) << (8 * UInt32($1)) } }
    static func rd64(_ b: [UInt8], _ i: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(b[i + $1]) << (8 * UInt64($1)) } }
}
