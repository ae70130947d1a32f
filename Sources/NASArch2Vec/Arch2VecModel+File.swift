import Foundation
import NASCore
import NASTensor

/// The arch2vec model file (DESIGN.md "arch2vec"), all integers little-endian:
///
/// | bytes | content |
/// |---|---|
/// | 8 | magic `NSA2VMDL` |
/// | 4 | format version (`UInt32`, currently 1) |
/// | 4 | header length H (`UInt32`) |
/// | 8 | payload length P (`UInt64`) |
/// | H | header: UTF-8 JSON of `Arch2VecModel.Header` (sorted keys) |
/// | P | payload: the GIN-VAE state as a numpy `.npz` (float32 arrays, `NPZ.archive`) |
/// | 32 | SHA-256 of every preceding byte |
///
/// The bytes are a function of the header and the weights only (no timestamps), so the same
/// training seed gives the same file.
extension Arch2VecModel {
    public static let magic: [UInt8] = Array("NSA2VMDL".utf8)
    public static let formatVersion: UInt32 = 1
    static let fixedHeaderBytes = 8 + 4 + 4 + 8

    /// The file bytes.
    public func serialized() throws -> [UInt8] {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let json: [UInt8]
        do { json = Array(try enc.encode(header)) } catch {
            throw NaswiftError(.numerical, "cannot encode the arch2vec model header: \(error)",
                               hint: "the training diagnostics contain a non-finite number; re-train the model")
        }
        let payload = try NPZ.archive(state)
        var out: [UInt8] = Arch2VecModel.magic
        out += Self.le(Arch2VecModel.formatVersion)
        out += Self.le(UInt32(json.count))
        out += Self.le(UInt64(payload.count))
        out += json
        out += payload
        out += SHA256.digest(out)
        return out
    }

    /// Writes the model to `url` (atomically; creates the directory).
    public func save(to url: URL) throws {
        let bytes = try serialized()
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw NaswiftError(.io, "cannot write the arch2vec model to '\(url.path)': \(error.localizedDescription)",
                               hint: "check that the directory is writable, or pass another --out path")
        }
    }

    /// Reads a model file. Throws `NaswiftError` naming the file for a missing file (`dataMissing`),
    /// and for a file that is not a model, has another format version, is truncated, fails its
    /// checksum or holds inconsistent weights (`dataCorrupt`); every hint says how to re-create it.
    public static func load(from url: URL) throws -> Arch2VecModel {
        let retrain = "re-create it with `naswift embed arch2vec train --space nb201|nb101 --out \(url.path)`"
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw NaswiftError(.dataMissing, "no arch2vec model file at '\(url.path)'",
                               hint: "train one first: `naswift embed arch2vec train --space nb201|nb101 --out \(url.path)`")
        }
        let bytes = [UInt8](try FileChecks.read(url, what: "arch2vec model file"))
        return try parse(bytes, source: url.path, retrainHint: retrain)
    }

    /// As `load(from:)`, and throws a "mismatched model" error unless the model was trained on `space`.
    public static func load(from url: URL, space: String) throws -> Arch2VecModel {
        let m = try load(from: url)
        try m.require(space: space, source: "the model file '\(url.path)'")
        return m
    }

    /// Parses model-file bytes (`source` names the file in errors).
    public static func parse(_ b: [UInt8], source: String, retrainHint: String? = nil) throws -> Arch2VecModel {
        let hint = retrainHint ?? "re-create it with `naswift embed arch2vec train --space nb201|nb101 --out \(source)`"
        func corrupt(_ why: String) -> NaswiftError {
            NaswiftError(.dataCorrupt, "the arch2vec model file '\(source)' \(why)", hint: hint)
        }
        guard b.count >= magic.count, Array(b[0..<magic.count]) == magic else {
            throw corrupt("is not a naswift arch2vec model (bad magic bytes)")
        }
        guard b.count >= fixedHeaderBytes + 32 else {
            throw corrupt("is truncated: \(b.count) bytes, shorter than the fixed header")
        }
        let version = rd32(b, 8)
        guard version == formatVersion else {
            throw corrupt("has format version \(version); this naswift reads version \(formatVersion)")
        }
        let h = Int(rd32(b, 12)), p64 = rd64(b, 16)
        let p = p64 <= UInt64(b.count) ? Int(p64) : b.count + 1
        let expected = fixedHeaderBytes + h + p + 32
        guard b.count == expected else {
            throw corrupt(b.count < expected ? "is truncated: \(b.count) bytes, the header announces \(expected)"
                                              : "has \(b.count - expected) unexpected trailing bytes (expected \(expected))")
        }
        let body = b[0..<(b.count - 32)]
        guard SHA256.digest(body) == Array(b[(b.count - 32)...]) else {
            throw corrupt("fails its SHA-256 checksum (the file was modified or damaged)")
        }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(b[fixedHeaderBytes..<(fixedHeaderBytes + h)]))
        } catch {
            throw corrupt("has an unreadable header: \(error)")
        }
        guard let space = Arch2VecSpace(rawValue: header.space) else {
            throw corrupt("names an unknown space '\(header.space)' (supported: \(Arch2VecSpace.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard header.nodes == space.nodes, header.features == space.features else {
            throw corrupt("has \(header.nodes) nodes x \(header.features) features, but \(space.rawValue) graphs have \(space.nodes) x \(space.features)")
        }
        let state: [String: Tensor<Float>]
        do { state = try NPZ.unarchive(Array(b[(fixedHeaderBytes + h)..<(fixedHeaderBytes + h + p)]), source: source) } catch {
            throw corrupt("has an unreadable weight archive: \(error)")
        }
        let model = Arch2VecModel(header: header, state: state)
        do { _ = try model.network() } catch {
            throw corrupt("does not match the GIN-VAE of its header: \(error)")
        }
        return model
    }

    static func le<I: FixedWidthInteger>(_ v: I) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    static func rd32(_ b: [UInt8], _ i: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(b[i + $1]) << (8 * UInt32($1)) } }
    static func rd64(_ b: [UInt8], _ i: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(b[i + $1]) << (8 * UInt64($1)) } }
}

/// Where trained models live by default: `$NASWIFT_DATA/models`, else `~/.cache/naswift/models`.
public enum Arch2VecModelStore {
    public static var directory: URL {
        if let env = ProcessInfo.processInfo.environment["NASWIFT_DATA"], !env.isEmpty {
            return URL(fileURLWithPath: env).appendingPathComponent("models")
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/naswift/models")
    }

    /// The default model path of `space`: `<directory>/arch2vec-<space>.model`.
    public static func defaultURL(space: String) -> URL {
        directory.appendingPathComponent("arch2vec-\(space).model")
    }
}
