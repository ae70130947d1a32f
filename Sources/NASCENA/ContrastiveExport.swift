import Foundation
import NASCore
import NASTensor

/// Writes CENA embeddings for use outside naswift and by `cena-bo`: `X.npy` (float32
/// `[cells, inits, embedding]`, C order: every init's embedding of every cell with an EPDJM) and
/// `X-index.csv` beside it with header `row,arch,key` (row = the `.npy` row; `arch` the space's
/// string form; `key` the benchmark key, which for NB201 and the NATS size space is the same
/// string), as `naswift embed arch2vec export` does.
public enum ContrastiveExport {
    public struct Result: Sendable {
        public let npy: URL
        public let index: URL
        public let cells: Int, inits: Int, embedding: Int
    }

    /// The index CSV written beside `npy` (`X.npy` -> `X-index.csv`).
    public static func indexURL(for npy: URL) -> URL {
        let name = npy.lastPathComponent.hasSuffix(".npy") ? String(npy.lastPathComponent.dropLast(4)) : npy.lastPathComponent
        return npy.deletingLastPathComponent().appendingPathComponent(name + "-index.csv")
    }

    /// Embeds every cell of `sets` (all its inits) with `model` and writes the two files.
    public static func write(model: ContrastiveModel, sets: EPDJMSets, to npy: URL) throws -> Result {
        let items = Array(0..<sets.count)
        let emb = try model.embed(sets, items: items)
        let e = model.header.config.embedding
        var text = "row,arch,key\n"
        for i in items { let a = TextEscaping.csvField(sets.arch(i)); text += "\(i),\(a),\(a)\n" }
        let index = indexURL(for: npy)
        do {
            try FileManager.default.createDirectory(at: npy.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(NPZ.npy(try Tensor(shape: [items.count, sets.inits, e], scalars: emb))).write(to: npy, options: .atomic)
            try text.write(to: index, atomically: true, encoding: .utf8)
        } catch let err as NaswiftError {
            throw err
        } catch {
            throw NaswiftError(.io, "cannot write the CENA embeddings to '\(npy.path)': \(error.localizedDescription)",
                               hint: "check that the directory is writable, or pass another --out")
        }
        return Result(npy: npy, index: index, cells: items.count, inits: sets.inits, embedding: e)
    }
}
