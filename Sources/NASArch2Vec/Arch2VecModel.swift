import Foundation
import NASCore
import NASSpaces
import NASTensor

/// A pretrained arch2vec GIN-VAE: its configuration, training record and weights (a value; cheap
/// to copy and `Sendable`). Save and load it with `save(to:)` / `load(from:)`
/// (format: DESIGN.md "arch2vec"), embed architectures with `embed(architectures:)`.
public struct Arch2VecModel: Sendable {
    /// What the file header records.
    public struct Header: Codable, Sendable, Equatable {
        /// Registry name of the space: "nb201", "nb101" or "nbgraph".
        public var space: String
        /// Nodes per graph and one-hot width of the space's encoding.
        public var nodes: Int
        public var features: Int
        public var config: Arch2VecConfig
        /// Cells trained on / held out.
        public var trainingGraphs: Int
        public var heldOutGraphs: Int
        /// SHA-256 (hex) of the encoded cells in training order (`Arch2VecGraphs.checksum`).
        public var dataChecksum: String
        /// One entry per completed epoch.
        public var diagnostics: [Arch2VecEpochDiagnostics]
        /// The Gaussian fitted to the last epoch's training means, per node and latent dimension
        /// (`[nodes * latent]`), used for the validity / uniqueness decodings.
        public var latentMean: [Float]
        public var latentStd: [Float]
    }

    public let header: Header
    /// The GIN-VAE state (weights and batch-norm running statistics) by `GINVAE.namedParameters` name.
    public let state: [String: Tensor<Float>]

    /// Registry name of the space the model was trained on: "nb201", "nb101" or "nbgraph".
    public var space: String { header.space }
    /// Per-node latent size (16).
    public var latent: Int { header.config.latent }
    /// The space as an enum (the header was validated at load / construction time).
    public var arch2vecSpace: Arch2VecSpace { Arch2VecSpace(rawValue: header.space)! }

    /// Wraps a trained network. The state must hold every parameter of a `GINVAE` of the header's sizes.
    public init(header: Header, model: GINVAE<Float>) {
        self.header = header
        self.state = model.stateDict()
    }

    init(header: Header, state: [String: Tensor<Float>]) {
        self.header = header
        self.state = state
    }

    /// A fresh GIN-VAE of the header's sizes holding this model's weights.
    public func network() throws -> GINVAE<Float> {
        var rng = SeededGenerator(seed: 0)
        let c = header.config
        let m = GINVAE<Float>(inputDim: header.features, hidden: c.hidden, latent: c.latent, layers: c.layers,
                              dropout: c.dropout, rng: &rng)
        try m.loadStateDict(state)
        return m
    }

    /// Throws a "mismatched model" `NaswiftError` unless the model was trained on `space`.
    public func require(space expected: String, source: String = "the arch2vec model") throws {
        guard expected == space else {
            throw NaswiftError(.invalidArgument,
                               "mismatched model: \(source) was trained on \(space), but \(expected) architectures were given",
                               hint: "use a model trained on \(expected): naswift embed arch2vec train --space \(expected) --out MODEL")
        }
    }

    /// Embeddings (mean over nodes of mu, eval mode), row-major `[architectures.count, latent]`.
    /// Architectures are the space's string forms (`SearchSpace.format` / `parse`). Throws a
    /// "mismatched model" error for strings of the other space and the space's
    /// `malformedArchitecture` error for unparsable strings.
    public func embed(architectures: [String]) throws -> [Float] {
        let graphs: Arch2VecGraphs
        do {
            graphs = try Arch2VecGraphs(space: arch2vecSpace, architectures: architectures)
        } catch let error as NaswiftError where error.kind == .malformedArchitecture {
            for other in Arch2VecSpace.allCases where other != arch2vecSpace {
                if let first = architectures.first(where: { (try? Arch2VecGraphs(space: arch2vecSpace, architectures: [$0])) == nil }),
                   (try? Arch2VecGraphs(space: other, architectures: [first])) != nil {
                    throw NaswiftError(.invalidArgument,
                                       "mismatched model: this arch2vec model was trained on \(space), but '\(first)' is an \(other.rawValue) architecture",
                                       hint: "use a model trained on \(other.rawValue): naswift embed arch2vec train --space \(other.rawValue) --out MODEL")
                }
            }
            throw error
        }
        return try embed(graphs: graphs)
    }

    /// Embeddings of NB201 cells, `[cells.count, latent]` (throws "mismatched model" unless the model is nb201).
    public func embed(nb201 cells: [NB201Cell]) throws -> [Float] {
        try require(space: "nb201")
        return try embed(graphs: Arch2VecGraphs(nb201: cells))
    }

    /// Embeddings of NB101 cells, `[cells.count, latent]` (throws "mismatched model" unless the model is nb101).
    /// Isomorphic cells get the same embedding up to float rounding (the encoder is
    /// permutation-equivariant in eval mode and the embedding is a mean over nodes).
    public func embed(nb101 cells: [NB101Cell]) throws -> [Float] {
        try require(space: "nb101")
        return try embed(graphs: Arch2VecGraphs(nb101: cells))
    }

    /// Embeddings of encoded graphs, `[graphs.count, latent]`, computed in chunks of 4,096 graphs.
    public func embed(graphs: Arch2VecGraphs) throws -> [Float] {
        try require(space: graphs.space.rawValue)
        let net = try network()
        var out: [Float] = []
        out.reserveCapacity(graphs.count * latent)
        let chunk = 4096
        var start = 0
        while start < graphs.count {
            let end = min(start + chunk, graphs.count)
            let b = graphs.batch(start..<end)
            out += net.embed(ops: b.ops, adjacency: b.adjacency).scalars
            start = end
        }
        return out
    }
}

extension Arch2VecModel {
    /// Embeddings of architectures of a `SearchSpace` value (through `space.graph`), `[archs.count, latent]`.
    /// Throws "mismatched model" unless `space.name` is the model's space.
    public func embed<S: SearchSpace>(_ architectures: [S.Architecture], in space: S) throws -> [Float] {
        try require(space: space.name)
        return try embed(graphs: Arch2VecGraphs(space: arch2vecSpace, dags: architectures.map { space.graph($0) }))
    }
}
