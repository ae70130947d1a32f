import Foundation
import NASCore
import NASTensor

/// The saved-comparator file (`naswift ctnas nac --save FILE`, strategy option `nac=FILE`), all
/// integers little-endian:
///
/// | bytes | content |
/// |---|---|
/// | 8 | magic `NSNACMDL` |
/// | 4 | format version (`UInt32`, currently 1) |
/// | 4 | header length H (`UInt32`) |
/// | 8 | payload length P (`UInt64`) |
/// | H | header: UTF-8 JSON of `NACFileHeader` (sorted keys): space, vocabulary, settings, seed, Adam steps, the labelled values |
/// | P | payload: `.npz` of float32 arrays: the network (`state_dict` names), Adam's moments (`adam.m.<i>`, `adam.v.<i>`), the labelled graphs (`labelled.ops [N, nodes]`, `labelled.adjacency [N, nodes^2]`) |
/// | 32 | SHA-256 of every preceding byte |
///
/// The file holds everything a fitted comparator is (weights, optimiser state, labelled set), so a
/// loaded comparator compares, and continues training in pseudo-label rounds, exactly as the one
/// saved. The bytes depend only on that content (no timestamps).
public struct NACFileHeader: Codable, Sendable, Hashable {
    public var space: String
    public var nodes: Int
    public var vocabulary: [String]
    public var settings: NACSettings
    public var seed: UInt64
    public var steps: Int
    public var adamSteps: Int
    /// The labelled architectures' values (larger is better), in training order.
    public var values: [Double]
    /// Free text: where the labels came from (e.g. `nb101-20k cifar10 val_acc_108ep`).
    public var source: String
}

extension NACComparator {
    public static let fileMagic: [UInt8] = Array("NSNACMDL".utf8)
    public static let fileVersion: UInt32 = 1
    static let fixedBytes = 8 + 4 + 4 + 8

    /// The file bytes of a fitted comparator (`source`: free text stored in the header).
    /// - Throws: `invalidArgument` before `fit()`.
    public func serialized(source: String = "") throws -> [UInt8] {
        let s = try fitted()
        let adam = s.adam.state
        let header = NACFileHeader(space: vocabulary.space, nodes: vocabulary.nodes, vocabulary: vocabulary.labels, settings: settings,
                                   seed: seed, steps: steps, adamSteps: adam.steps, values: values, source: source)
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let json = Array(try enc.encode(header))
        var arrays = s.network.stateDict()
        for i in adam.m.indices {
            arrays["adam.m.\(i)"] = Tensor(adam.m[i])
            arrays["adam.v.\(i)"] = Tensor(adam.v[i])
        }
        let n = vocabulary.nodes
        arrays["labelled.ops"] = try Tensor(shape: [graphs.count, n], scalars: graphs.flatMap { $0.ops.map(Float.init) })
        arrays["labelled.adjacency"] = try Tensor(shape: [graphs.count, n * n], scalars: graphs.flatMap { $0.transposedAdjacency.map(Float.init) })
        let payload = try NPZ.archive(arrays)
        var out = Self.fileMagic + Self.le(Self.fileVersion) + Self.le(UInt32(json.count)) + Self.le(UInt64(payload.count))
        out += json
        out += payload
        out += SHA256.digest(out)
        return out
    }

    /// Writes the fitted comparator to `url` (atomically; creates the directory).
    public func save(to url: URL, source: String = "") throws {
        let bytes = try serialized(source: source)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw NaswiftError(.io, "cannot write the NAC file '\(url.path)': \(error.localizedDescription)",
                               hint: "check that the directory is writable, or pass another --save path")
        }
    }

    /// Reads a comparator file; with `space`, also requires that it compares cells of that space.
    /// Throws `NaswiftError` naming the file: missing (`dataMissing`); not a NAC file, another
    /// format version, truncated, failing its checksum, an unreadable header or archive, or
    /// weights that do not fit the header (`dataCorrupt`); trained on another space (`invalidArgument`).
    public static func load(from url: URL, space: String? = nil) throws -> NACComparator {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw NaswiftError(.dataMissing, "no NAC file at '\(url.path)'",
                               hint: "train one first: `naswift ctnas nac --benchmark B --task T --labels N --save \(url.path)`")
        }
        let bytes: [UInt8]
        do { bytes = [UInt8](try Data(contentsOf: url)) } catch {
            throw NaswiftError(.io, "cannot read the NAC file '\(url.path)': \(error.localizedDescription)", hint: "check the file's permissions")
        }
        let nac = try parse(bytes, source: url.path)
        if let space, nac.vocabulary.space != space {
            throw NaswiftError.invalidArgument("the NAC file '\(url.path)' compares \(nac.vocabulary.space) cells, not \(space) cells",
                                               hint: "train a comparator on a \(space) benchmark: `naswift ctnas nac --benchmark B --task T --labels N --save FILE`")
        }
        return nac
    }

    /// Parses comparator-file bytes (`source` names the file in errors).
    public static func parse(_ b: [UInt8], source: String) throws -> NACComparator {
        func corrupt(_ why: String) -> NaswiftError {
            NaswiftError(.dataCorrupt, "the NAC file '\(source)' \(why)",
                         hint: "re-create it with `naswift ctnas nac --benchmark B --task T --labels N --save \(source)`")
        }
        guard b.count >= fileMagic.count, Array(b[0..<fileMagic.count]) == fileMagic else {
            throw corrupt("is not a naswift NAC file (bad magic bytes)")
        }
        guard b.count >= fixedBytes + 32 else { throw corrupt("is truncated: \(b.count) bytes, shorter than the fixed header") }
        let version = rd(b, 8, UInt32.self)
        guard version == fileVersion else { throw corrupt("has format version \(version); this naswift reads version \(fileVersion)") }
        let h = Int(rd(b, 12, UInt32.self)), p64 = rd(b, 16, UInt64.self)
        let p = p64 <= UInt64(b.count) ? Int(p64) : b.count + 1
        let expected = fixedBytes + h + p + 32
        guard b.count == expected else {
            throw corrupt(b.count < expected ? "is truncated: \(b.count) bytes, the header announces \(expected)"
                                              : "has \(b.count - expected) unexpected trailing bytes (expected \(expected))")
        }
        guard SHA256.digest(b[0..<(b.count - 32)]) == Array(b[(b.count - 32)...]) else {
            throw corrupt("fails its SHA-256 checksum (the file was modified or damaged)")
        }
        let header: NACFileHeader
        do { header = try JSONDecoder().decode(NACFileHeader.self, from: Data(b[fixedBytes..<(fixedBytes + h)])) } catch {
            throw corrupt("has an unreadable header: \(error)")
        }
        let vocabulary: NACVocabulary
        do { vocabulary = try NACVocabulary.named(header.space) } catch {
            throw corrupt("names a space the NAC does not know: '\(header.space)'")
        }
        guard vocabulary.nodes == header.nodes, vocabulary.labels == header.vocabulary else {
            throw corrupt("has a \(header.space) vocabulary of \(header.nodes) rows [\(header.vocabulary.joined(separator: ", "))]; "
                          + "this naswift uses \(vocabulary.nodes) rows [\(vocabulary.labels.joined(separator: ", "))]")
        }
        let arrays: [String: Tensor<Float>]
        do { arrays = try NPZ.unarchive(Array(b[(fixedBytes + h)..<(fixedBytes + h + p)]), source: source) } catch {
            throw corrupt("has an unreadable weight archive: \(error)")
        }
        var nac: NACComparator
        do { nac = try NACComparator(vocabulary: vocabulary, settings: header.settings, seed: header.seed) } catch {
            throw corrupt("has invalid settings: \(error)")
        }
        let n = vocabulary.nodes, count = header.values.count
        guard let ops = arrays["labelled.ops"], let adj = arrays["labelled.adjacency"],
              ops.shape == [count, n], adj.shape == [count, n * n] else {
            throw corrupt("has labelled graphs that do not match its \(count) labelled values of \(n) rows")
        }
        for g in 0..<count {
            let o = ops.scalars[(g * n)..<((g + 1) * n)], a = adj.scalars[(g * n * n)..<((g + 1) * n * n)]
            guard o.allSatisfy({ $0 >= 0 && $0 < Float(vocabulary.opCount) && $0 == $0.rounded() }), a.allSatisfy({ $0 == 0 || $0 == 1 }) else {
                throw corrupt("has labelled graph \(g) with op ids or adjacency entries out of range")
            }
            do { try nac.append(NACGraph(ops: o.map { UInt8($0) }, transposedAdjacency: a.map { UInt8($0) }), value: header.values[g]) } catch {
                throw corrupt("has an invalid labelled graph \(g): \(error)")
            }
        }
        let s = NACState(vocabulary: vocabulary, settings: header.settings, seed: header.seed)
        do {
            try s.network.loadStateDict(arrays)
            let k = s.adam.parameters.count
            var m: [[Float]] = [], v: [[Float]] = []
            for i in 0..<k {
                guard let mi = arrays["adam.m.\(i)"], let vi = arrays["adam.v.\(i)"] else {
                    throw NaswiftError(.dataCorrupt, "Adam moments of parameter \(i) missing", hint: "")
                }
                m.append(mi.scalars); v.append(vi.scalars)
            }
            try s.adam.restore(.init(steps: header.adamSteps, m: m, v: v))
        } catch {
            throw corrupt("does not match the NAC of its header (\(header.settings.layers) layers of \(header.settings.dimension)): \(error)")
        }
        nac.state = s
        nac.steps = header.steps
        return nac
    }

    static func le<I: FixedWidthInteger>(_ v: I) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    static func rd<I: FixedWidthInteger>(_ b: [UInt8], _ i: Int, _: I.Type) -> I {
        (0..<(I.bitWidth / 8)).reduce(I(0)) { $0 | I(b[i + $1]) << (8 * $1) }
    }
}
