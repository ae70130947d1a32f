import Foundation
import NASCore
import NASRepresentations
import NASTensor

/// Embeddings written by `ContrastiveExport` (`naswift embed cena export`), read back: each cell's
/// string form and its `inits` embeddings of width `embedding`. Also reads any export of the same
/// form with one vector per cell (`[cells, embedding]`, e.g. `naswift embed arch2vec export`) as
/// `inits` = 1.
public struct CENAEmbeddings: Sendable {
    /// Cell strings (the index CSV's `arch` column), one per row.
    public let archs: [String]
    public let inits: Int, embedding: Int
    /// Row-major `[cells, inits * embedding]`.
    public let vectors: [Float]
    /// SHA-256 of the `.npy` and index bytes.
    public let checksum: String

    /// Reads `npy` and its index CSV (`ContrastiveExport.indexURL`). Throws `dataMissing` for a
    /// missing file and `dataCorrupt` for a file of another shape, a malformed or mismatched index.
    public static func load(npy: URL) throws -> CENAEmbeddings {
        let index = ContrastiveExport.indexURL(for: npy)
        let hint = "write it with `naswift embed cena export --model MODEL --jacobians DIR --out \(npy.path)`"
        for f in [npy, index] where !FileManager.default.fileExists(atPath: f.path) {
            throw NaswiftError(.dataMissing, "no CENA embedding file '\(f.path)'", hint: hint)
        }
        let bytes: [UInt8], text: String
        do {
            bytes = [UInt8](try Data(contentsOf: npy))
            text = try String(contentsOf: index, encoding: .utf8)
        } catch {
            throw NaswiftError(.io, "cannot read the CENA embeddings '\(npy.path)': \(error.localizedDescription)", hint: "check the files' permissions")
        }
        func corrupt(_ why: String) -> NaswiftError { NaswiftError(.dataCorrupt, "the CENA embeddings '\(npy.path)' \(why)", hint: hint) }
        let t: Tensor<Float>
        do { t = try NPZ.parseNpy(bytes, name: "embeddings", source: npy.path) } catch { throw corrupt("are unreadable: \(error)") }
        // [cells, inits, embedding] (CENA), or [cells, embedding] (one view per cell, e.g. arch2vec's export)
        guard (t.rank == 3 || t.rank == 2), t.shape.allSatisfy({ $0 >= 1 }) else {
            throw corrupt("have shape \(t.shape); expected [cells, inits, embedding] or [cells, embedding]")
        }
        let (inits, width) = t.rank == 3 ? (t.shape[1], t.shape[2]) : (1, t.shape[1])
        var archs: [String] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.first == "row,arch,key" else { throw corrupt("have an index without the header row,arch,key ('\(index.path)')") }
        for (n, line) in lines.dropFirst().enumerated() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count == 3, Int(f[0]) == n, !f[1].isEmpty else {
                throw corrupt("have a malformed index line \(n + 2) in '\(index.path)': '\(line.prefix(80))'")
            }
            archs.append(String(f[1]))
        }
        guard archs.count == t.shape[0] else { throw corrupt("have \(t.shape[0]) rows but the index lists \(archs.count) cells") }
        guard t.scalars.allSatisfy(\.isFinite) else { throw corrupt("hold non-finite numbers") }
        return CENAEmbeddings(archs: archs, inits: inits, embedding: width, vectors: t.scalars,
                              checksum: SHA256.hex(of: bytes + Array(text.utf8)))
    }

    /// The embeddings as a latent table of `space` (dimension `inits * embedding`, the cells
    /// parsed by the space; a cell of another space is an error naming its index line).
    public func table<S: SearchSpace>(space: S) throws -> LatentTable<S> {
        var architectures: [S.Architecture] = []
        architectures.reserveCapacity(archs.count)
        for (i, a) in archs.enumerated() {
            do { architectures.append(try space.parse(a)) } catch let e as NaswiftError {
                throw NaswiftError(e.kind, "CENA embeddings row \(i) ('\(a)') is not a \(space.name) cell: \(e.message)",
                                   hint: "search the space the embeddings were computed for")
            }
        }
        return try LatentTable(architectures: architectures, vectors: vectors, dimension: inits * embedding)
    }
}
