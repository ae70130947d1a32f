import Foundation
import NASCore
import NASTensor

/// The arch2vec model file (DESIGN.md "arch2vec"): a `ModelFile` (NASTensor) with magic `NSA2VMDL`, version 1,
/// the JSON of `Arch2VecModel.Header` and the GIN-VAE state (float32 arrays, `state_dict` names).
extension Arch2VecModel {
    public static let file = ModelFile(kind: "arch2vec model file", magic: "NSA2VMDL", version: 1) {
        "naswift embed arch2vec train --space nb201|nb101|nbgraph --out \($0)"
    }

    /// The file bytes.
    public func serialized() throws -> [UInt8] { try Self.file.encode(header: header, arrays: state) }

    /// Writes the model to `url` (atomically; creates the directory).
    public func save(to url: URL) throws { try Self.file.write(try serialized(), to: url) }

    /// Reads a model file. Throws `NaswiftError` naming the file for a missing file (`dataMissing`),
    /// and for a file that is not a model, has another format version, is truncated, fails its
    /// checksum or holds inconsistent weights (`dataCorrupt`); every hint says how to re-create it.
    public static func load(from url: URL) throws -> Arch2VecModel {
        try parse(try file.read(url), source: url.path)
    }

    /// As `load(from:)`, and throws a "mismatched model" error unless the model was trained on `space`.
    public static func load(from url: URL, space: String) throws -> Arch2VecModel {
        let m = try load(from: url)
        try m.require(space: space, source: "the model file '\(url.path)'")
        return m
    }

    /// Parses model-file bytes (`source` names the file in errors).
    public static func parse(_ b: [UInt8], source: String) throws -> Arch2VecModel {
        let (header, state) = try file.decode(b, source: source, header: Header.self)
        guard let space = Arch2VecSpace(rawValue: header.space) else {
            throw file.corrupt("names an unknown space '\(header.space)' (supported: \(Arch2VecSpace.allCases.map(\.rawValue).joined(separator: ", ")))",
                               source: source)
        }
        guard header.nodes == space.nodes, header.features == space.features else {
            throw file.corrupt("has \(header.nodes) nodes x \(header.features) features, but \(space.rawValue) graphs have \(space.nodes) x \(space.features)",
                               source: source)
        }
        let c = header.config
        // GIN layer 0 holds features x hidden and hidden x hidden weights, each later layer two
        // hidden x hidden, the mu and log-std heads hidden x latent each.
        try file.checkSizes(["hidden": c.hidden, "latent": c.latent, "layers": c.layers],
                            weights: [[header.features, c.hidden], [c.layers, c.hidden, c.hidden], [2, c.hidden, c.latent]],
                            arrays: state, source: source)
        let model = Arch2VecModel(header: header, state: state)
        do { _ = try model.network() } catch {
            throw file.corrupt("does not match the GIN-VAE of its header: \(error)", source: source)
        }
        return model
    }
}

/// Where trained models live by default: `$NASWIFT_DATA/models`, else `~/.cache/naswift/models`.
public enum Arch2VecModelStore {
    public static var directory: URL {
        if let env = ProcessInfo.processInfo.environment["NASWIFT_DATA"], !env.isEmpty {
            return URL(fileURLWithPath: env).appendingPathComponent("models")
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/naswift/models")
    }

    /// The default model path of `space`: `<directory>/arch2vec-<space>.model` (`directory`: the
    /// store's own unless given).
    public static func defaultURL(space: String, directory: URL = Self.directory) -> URL {
        directory.appendingPathComponent("arch2vec-\(space).model")
    }
}
