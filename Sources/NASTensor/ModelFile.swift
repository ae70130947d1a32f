import Foundation
import NASCore

/// The container of naswift's model files (arch2vec models, CENA models, saved NAC comparators),
/// all integers little-endian:
///
/// | bytes | content |
/// |---|---|
/// | 8 | magic (one per kind of file, e.g. `NSA2VMDL`) |
/// | 4 | format version (`UInt32`) |
/// | 4 | header length H (`UInt32`) |
/// | 8 | payload length P (`UInt64`) |
/// | H | header: UTF-8 JSON of the kind's header type (sorted keys) |
/// | P | payload: float32 arrays as a numpy `.npz` (`NPZ.archive`) |
/// | 32 | SHA-256 of every preceding byte |
///
/// The bytes depend on the header and the arrays only (no timestamps), so the same training seed
/// gives the same file. Every error names the file, says what is wrong and how to re-create it.
public struct ModelFile: Sendable {
    /// What the file is called in messages, e.g. "arch2vec model file".
    public let kind: String
    /// 8 bytes that identify the kind.
    public let magic: [UInt8]
    /// The format version this naswift writes and reads.
    public let version: UInt32
    /// The command that creates such a file at a path (for the hints of errors).
    public let createCommand: @Sendable (String) -> String

    public static let fixedBytes = 8 + 4 + 4 + 8

    public init(kind: String, magic: String, version: UInt32, createCommand: @escaping @Sendable (String) -> String) {
        precondition(magic.utf8.count == 8, "a model-file magic is 8 bytes")
        self.kind = kind
        self.magic = Array(magic.utf8)
        self.version = version
        self.createCommand = createCommand
    }

    /// The file bytes of `header` and `arrays`. Throws `.numerical` when the header cannot be
    /// encoded (a non-finite number in it).
    public func encode<H: Encodable>(header: H, arrays: [String: Tensor<Float>]) throws -> [UInt8] {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let json: [UInt8]
        do { json = Array(try enc.encode(header)) } catch {
            throw NaswiftError(.numerical, "cannot encode the header of the \(kind): \(error)",
                               hint: "a training figure in it is not finite; train again (another seed or a smaller learning rate)")
        }
        let payload = try NPZ.archive(arrays)
        var out = magic + Self.le(version) + Self.le(UInt32(json.count)) + Self.le(UInt64(payload.count))
        out += json
        out += payload
        out += SHA256.digest(out)
        return out
    }

    /// Writes `bytes` to `url` atomically, creating its directory.
    public func write(_ bytes: [UInt8], to url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw NaswiftError(.io, "cannot write the \(kind) '\(url.path)': \(error.localizedDescription)",
                               hint: "check that the directory is writable, or give another path")
        }
    }

    /// The bytes of the file at `url`: `dataMissing` when there is none, `invalidArgument` for an
    /// empty path or a directory, `io` when it cannot be read (`FileChecks`).
    public func read(_ url: URL) throws -> [UInt8] {
        guard url.path.isEmpty || FileManager.default.fileExists(atPath: url.path) else {
            throw NaswiftError(.dataMissing, "no \(kind) at '\(url.path)'", hint: "train one first: `\(createCommand(url.path))`")
        }
        return [UInt8](try FileChecks.read(url, what: kind))
    }

    /// A `dataCorrupt` error naming the file (`source`) and what is wrong with it.
    public func corrupt(_ why: String, source: String) -> NaswiftError {
        NaswiftError(.dataCorrupt, "the \(kind) '\(source)' \(why)", hint: "re-create it with `\(createCommand(source))`")
    }

    /// Checks magic, version, lengths and checksum, then decodes the header and the arrays
    /// (`source` names the file in errors). The caller checks that they fit together.
    public func decode<H: Decodable>(_ b: [UInt8], source: String, header: H.Type) throws -> (header: H, arrays: [String: Tensor<Float>]) {
        let f = Self.fixedBytes
        guard b.count >= magic.count, Array(b[0..<magic.count]) == magic else {
            throw corrupt("is not a naswift \(kind) (bad magic bytes)", source: source)
        }
        guard b.count >= f + 32 else { throw corrupt("is truncated: \(b.count) bytes, shorter than the fixed header", source: source) }
        let v = Self.read(b, 8, UInt32.self)
        guard v == version else { throw corrupt("has format version \(v); this naswift reads version \(version)", source: source) }
        let h64 = UInt64(Self.read(b, 12, UInt32.self)), p64 = Self.read(b, 16, UInt64.self)
        let announced = UInt64(f + 32).addingReportingOverflow(h64).partialValue.addingReportingOverflow(p64)
        let expected = announced.overflow ? UInt64.max : announced.partialValue
        guard UInt64(b.count) == expected else {
            throw corrupt(UInt64(b.count) < expected ? "is truncated: \(b.count) bytes, the header announces \(expected)"
                                                      : "has \(UInt64(b.count) - expected) unexpected trailing bytes (expected \(expected))",
                          source: source)
        }
        guard SHA256.digest(b[0..<(b.count - 32)]) == Array(b[(b.count - 32)...]) else {
            throw corrupt("fails its SHA-256 checksum (the file was modified or damaged)", source: source)
        }
        let h = Int(h64), p = Int(p64)
        let decoded: H
        do { decoded = try JSONDecoder().decode(H.self, from: Data(b[f..<(f + h)])) } catch {
            throw corrupt("has an unreadable header: \(error)", source: source)
        }
        let arrays: [String: Tensor<Float>]
        do { arrays = try NPZ.unarchive(Array(b[(f + h)..<(f + h + p)]), source: source) } catch {
            throw corrupt("has an unreadable weight archive: \(error)", source: source)
        }
        return (decoded, arrays)
    }

    /// Checks a decoded header's sizes against the arrays the file holds, before a network of those
    /// sizes is built (a damaged header must not make naswift trap or allocate more memory than the
    /// file holds). Throws `corrupt` naming the size unless every `sizes` value is >= 1 and the
    /// weight matrices they imply hold no more scalars than `arrays` do: each `weights` entry is
    /// a product of sizes (e.g. `[layers, hidden, hidden]`), a lower bound the caller's network
    /// really holds; their sum is computed without overflow.
    public func checkSizes(_ sizes: KeyValuePairs<String, Int>, weights: [[Int]], arrays: [String: Tensor<Float>],
                           source: String) throws {
        for (name, value) in sizes where value < 1 {
            throw corrupt("declares \(name) \(value); it must be at least 1", source: source)
        }
        let held = arrays.values.reduce(0) { $0 + $1.scalars.count }
        var implied = 0
        for factors in weights {
            var product = 1
            for f in factors {
                let (p, overflow) = product.multipliedReportingOverflow(by: max(f, 0))
                product = overflow ? Int.max : p
            }
            let (s, overflow) = implied.addingReportingOverflow(product)
            implied = overflow ? Int.max : s
        }
        guard implied <= held else {
            let listed = sizes.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            throw corrupt("declares sizes (\(listed)) whose weights need at least \(implied == Int.max ? "more than \(Int.max)" : "\(implied)") scalars; the file holds \(held)",
                          source: source)
        }
    }

    static func le<I: FixedWidthInteger>(_ v: I) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    static func read<I: FixedWidthInteger>(_ b: [UInt8], _ i: Int, _: I.Type) -> I {
        (0..<(I.bitWidth / 8)).reduce(I(0)) { $0 | I(b[i + $1]) << (8 * $1) }
    }
}
