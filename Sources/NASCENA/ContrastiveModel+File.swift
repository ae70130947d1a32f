import Foundation
import NASCore
import NASTensor

/// The CENA model file: a `ModelFile` (NASTensor) with magic `NSCENAMD`, version 1, the JSON of
/// `ContrastiveModel.Header` and the network's weights (float32 `.npz`). One training seed on the
/// same data gives the same bytes.
extension ContrastiveModel {
    public static let file = ModelFile(kind: "CENA model file", magic: "NSCENAMD", version: 1) {
        "naswift embed cena train --jacobians DIR --out \($0)"
    }

    /// The file bytes.
    public func serialized() throws -> [UInt8] { try Self.file.encode(header: header, arrays: state) }

    /// Writes the model to `url` atomically (creating its directory).
    public func save(to url: URL) throws { try Self.file.write(try serialized(), to: url) }

    /// Reads a model file: `dataMissing` for a missing file; `dataCorrupt` (naming the file and what
    /// is wrong) for a file that is not a CENA model, has another format version, is truncated,
    /// fails its checksum or holds weights that do not fit its header.
    public static func load(from url: URL) throws -> ContrastiveModel {
        try parse(try file.read(url), source: url.path)
    }

    /// Parses model-file bytes (`source` names the file in errors).
    public static func parse(_ b: [UInt8], source: String) throws -> ContrastiveModel {
        let (header, state) = try file.decode(b, source: source, header: Header.self)
        do { try header.config.validate() } catch let e as NaswiftError {
            throw file.corrupt("has invalid settings: \(e.message)", source: source)
        }
        guard header.input >= 1, header.setSize >= 1, header.inits >= 2 else {
            throw file.corrupt("has invalid shapes: input \(header.input), set size \(header.setSize), inits \(header.inits)", source: source)
        }
        let c = header.config
        // The DeepSet's encoder holds input x hidden and three hidden x hidden weights, its decoder
        // three hidden x hidden and hidden x embedding, the head embedding x projection.
        try file.checkSizes(["input": header.input, "hidden": c.hidden, "embedding": c.embedding, "projection": c.projection],
                            weights: [[header.input, c.hidden], [6, c.hidden, c.hidden], [c.hidden, c.embedding], [c.embedding, c.projection]],
                            arrays: state, source: source)
        let model = ContrastiveModel(header: header, state: state)
        do { _ = try model.network() } catch { throw file.corrupt("does not match the network of its header: \(error)", source: source) }
        return model
    }
}
