import Foundation
import NASCore
import NASTensor

/// Writes the embeddings of every cell of a model's space for use outside naswift:
/// `<dir>/arch2vec-<space>.npy` (float32 `[cells, latent]`, C order; `numpy.load` reads it) and
/// `<dir>/arch2vec-<space>-index.csv` with header `row,arch,key` (row = the `.npy` row; `arch` the
/// space's string form, quoted; `key` the benchmark key: NB201 arch string, NB101 module hash).
public enum Arch2VecExport {
    public struct Result: Sendable {
        public let npy: URL
        public let index: URL
        public let rows: Int
        public let latent: Int
    }

    /// Embeds `architectures` (with their `keys`) and writes the two files into `directory`.
    public static func write(model: Arch2VecModel, graphs: Arch2VecGraphs, architectures: [String], keys: [String],
                             to directory: URL) throws -> Result {
        guard architectures.count == graphs.count, keys.count == graphs.count else {
            throw NaswiftError.invalidArgument("export: \(graphs.count) graphs, \(architectures.count) names, \(keys.count) keys",
                                               hint: "pass one name and one key per graph")
        }
        let emb = try model.embed(graphs: graphs)
        let npy = directory.appendingPathComponent("arch2vec-\(model.space).npy")
        let csv = directory.appendingPathComponent("arch2vec-\(model.space)-index.csv")
        var text = "row,arch,key\n"
        text.reserveCapacity(graphs.count * 120)
        for i in 0..<graphs.count {
            text += "\(i),\(TextEscaping.csvField(architectures[i])),\(TextEscaping.csvField(keys[i]))\n"
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(NPZ.npy(try Tensor(shape: [graphs.count, model.latent], scalars: emb))).write(to: npy, options: .atomic)
            try text.write(to: csv, atomically: true, encoding: .utf8)
        } catch let e as NaswiftError {
            throw e
        } catch {
            throw NaswiftError(.io, "cannot write the arch2vec export into '\(directory.path)': \(error.localizedDescription)",
                               hint: "check that the directory is writable, or pass another --out")
        }
        return Result(npy: npy, index: csv, rows: graphs.count, latent: model.latent)
    }

    /// Embeds every cell of the model's space and writes the files.
    public static func writeWholeSpace(model: Arch2VecModel, to directory: URL) throws -> Result {
        let all = model.arch2vecSpace.wholeSpace()
        return try write(model: model, graphs: all.graphs, architectures: all.architectures, keys: all.keys, to: directory)
    }
}
