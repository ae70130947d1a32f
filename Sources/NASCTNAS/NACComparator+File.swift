import Foundation
import NASCore
import NASTensor

/// The saved-comparator file (`naswift ctnas nac --save FILE`, strategy option `nac=FILE`): a
/// `ModelFile` (NASTensor) with magic `NSNACMDL`, version 1, the JSON of `NACFileHeader` (space, vocabulary,
/// settings, seed, Adam steps, the labelled values) and float32 arrays: the network (`state_dict`
/// names), Adam's moments (`adam.m.<i>`, `adam.v.<i>`), the labelled graphs (`labelled.ops
/// [N, nodes]`, `labelled.adjacency [N, nodes^2]`).
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
    public static let file = ModelFile(kind: "NAC file", magic: "NSNACMDL", version: 1) {
        "naswift ctnas nac --benchmark B --task T --labels N --save \($0)"
    }

    /// The file bytes of a fitted comparator (`source`: free text stored in the header).
    /// - Throws: `invalidArgument` before `fit()`.
    public func serialized(source: String = "") throws -> [UInt8] {
        let s = try fitted()
        let adam = s.adam.state
        let header = NACFileHeader(space: vocabulary.space, nodes: vocabulary.nodes, vocabulary: vocabulary.labels, settings: settings,
                                   seed: seed, steps: steps, adamSteps: adam.steps, values: values, source: source)
        var arrays = s.network.stateDict()
        for i in adam.m.indices {
            arrays["adam.m.\(i)"] = Tensor(adam.m[i])
            arrays["adam.v.\(i)"] = Tensor(adam.v[i])
        }
        let n = vocabulary.nodes
        arrays["labelled.ops"] = try Tensor(shape: [graphs.count, n], scalars: graphs.flatMap { $0.ops.map(Float.init) })
        arrays["labelled.adjacency"] = try Tensor(shape: [graphs.count, n * n], scalars: graphs.flatMap { $0.transposedAdjacency.map(Float.init) })
        return try Self.file.encode(header: header, arrays: arrays)
    }

    /// Writes the fitted comparator to `url` (atomically; creates the directory).
    public func save(to url: URL, source: String = "") throws {
        try Self.file.write(try serialized(source: source), to: url)
    }

    /// Reads a comparator file; with `space`, also requires that it compares cells of that space.
    /// Throws `NaswiftError` naming the file: missing (`dataMissing`); not a NAC file, another
    /// format version, truncated, failing its checksum, an unreadable header or archive, or
    /// weights that do not fit the header (`dataCorrupt`); trained on another space (`invalidArgument`).
    public static func load(from url: URL, space: String? = nil) throws -> NACComparator {
        let nac = try parse(try file.read(url), source: url.path)
        if let space, nac.vocabulary.space != space {
            throw NaswiftError.invalidArgument("the NAC file '\(url.path)' compares \(nac.vocabulary.space) cells, not \(space) cells",
                                               hint: "train a comparator on a \(space) benchmark: `naswift ctnas nac --benchmark B --task T --labels N --save FILE`")
        }
        return nac
    }

    /// Parses comparator-file bytes (`source` names the file in errors).
    public static func parse(_ b: [UInt8], source: String) throws -> NACComparator {
        func corrupt(_ why: String) -> NaswiftError { file.corrupt(why, source: source) }
        let (header, arrays) = try file.decode(b, source: source, header: NACFileHeader.self)
        let vocabulary: NACVocabulary
        do { vocabulary = try NACVocabulary.named(header.space) } catch {
            throw corrupt("names a space the NAC does not know: '\(header.space)'")
        }
        guard vocabulary.nodes == header.nodes, vocabulary.labels == header.vocabulary else {
            throw corrupt("has a \(header.space) vocabulary of \(header.nodes) rows [\(header.vocabulary.joined(separator: ", "))]; "
                          + "this naswift uses \(vocabulary.nodes) rows [\(vocabulary.labels.joined(separator: ", "))]")
        }
        let d = header.settings.dimension, layers = header.settings.layers
        // The op embedding holds ops x dimension weights, each GCN layer dimension x dimension, the
        // final layer 2 x dimension.
        try file.checkSizes(["dimension": d, "layers": layers], weights: [[vocabulary.opCount, d], [layers, d, d], [2, d]],
                            arrays: arrays, source: source)
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
}
