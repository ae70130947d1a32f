import NASCore
import NASTensor

/// A trained CENA contrastive network with what it was trained on (its file: `ContrastiveModel+File`).
public struct ContrastiveModel: Sendable {
    /// Everything but the weights (the model file's JSON header).
    public struct Header: Codable, Equatable, Sendable {
        public var config: ContrastiveConfig
        /// Element dimension (the stores' `proj`), set size (their `batch`) and inits per cell.
        public var input: Int
        public var setSize: Int
        public var inits: Int
        /// Spaces of the training cells (`nb201`, `natsss`), sorted.
        public var spaces: [String]
        public var trainingCells: Int
        public var heldOutCells: Int
        /// `EPDJMSets.checksum` of the training data.
        public var dataChecksum: String
        public var history: [ContrastiveEpoch]
    }

    public let header: Header
    /// Float32 weights by `ContrastiveNetwork` parameter name.
    public let state: [String: Tensor<Float>]

    public init(header: Header, state: [String: Tensor<Float>]) {
        self.header = header
        self.state = state
    }

    public init(header: Header, network: ContrastiveNetwork<Float>) {
        self.init(header: header, state: network.stateDict())
    }

    /// A network holding the weights; throws when a weight is missing or has the wrong shape.
    public func network() throws -> ContrastiveNetwork<Float> {
        var rng = SeededGenerator(seed: 0)
        let c = header.config
        let net = ContrastiveNetwork<Float>(input: header.input, hidden: c.hidden, embedding: c.embedding, projection: c.projection, rng: &rng)
        try net.loadStateDict(state)
        guard state.count == net.namedParameters.count else {
            throw NaswiftError(.dataCorrupt, "the contrastive model holds \(state.count) weight tensors, the network has \(net.namedParameters.count)",
                               hint: "the file was made by another version; re-train it")
        }
        return net
    }

    /// The embeddings (`[cells, sets.inits, embedding]` flattened, Float) of `items` of `sets`, every
    /// init of every cell, `chunk` sets per forward pass. Throws when the sets' shape is not the
    /// model's.
    public func embed(_ sets: EPDJMSets, items: [Int], chunk: Int = 128) throws -> [Float] {
        guard sets.dimension == header.input, sets.setSize == header.setSize else {
            throw NaswiftError.invalidArgument(
                "the model was trained on sets of \(header.setSize) images x \(header.input) directions; the store(s) hold \(sets.setSize) x \(sets.dimension)",
                hint: "embed stores computed with --batch \(header.setSize) --proj \(header.input), or train a model on these")
        }
        let net = try network()
        let pairs = items.flatMap { i in (0..<sets.inits).map { (item: i, view: $0) } }
        var out: [Float] = []
        out.reserveCapacity(pairs.count * header.config.embedding)
        for start in stride(from: 0, to: pairs.count, by: max(chunk, 1)) {
            let part = Array(pairs[start..<min(pairs.count, start + max(chunk, 1))])
            let tape = Tape<Float>()
            let x = tape.constant(try Tensor(shape: [part.count * sets.setSize, sets.dimension], scalars: sets.elements(part)))
            out += net.embed(x, setSize: sets.setSize).value.scalars
        }
        return out
    }
}
