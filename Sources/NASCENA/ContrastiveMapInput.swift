import NASCore
import NASTensor

/// What a CENA embedding map shows (METHODS.md section 1.6): the raw EPDJM of init 0 flattened
/// (`setSize * dimension` numbers per cell), or the embedding of init 0 by an untrained network
/// (fresh weights of the model's shape) or by the trained model.
public enum ContrastiveMapStage: String, CaseIterable, Sendable {
    case raw, untrained, trained

    /// Looks a stage up by name; the error lists the valid names.
    public static func named(_ name: String) throws -> ContrastiveMapStage {
        guard let s = ContrastiveMapStage(rawValue: name) else {
            throw NaswiftError.unknownName("CENA map stage", name, valid: allCases.map(\.rawValue))
        }
        return s
    }

    /// The vectors of `items` of `sets` at this stage: row-major `[items.count, dimension]` Double.
    /// `untrained` draws fresh weights from `seed` in the shape of `model` (the reference widths when
    /// nil); `trained` needs `model`.
    public func vectors(sets: EPDJMSets, items: [Int], model: ContrastiveModel?, seed: UInt64) throws -> (vectors: [Double], dimension: Int) {
        switch self {
        case .raw:
            return (sets.elements(items.map { (item: $0, view: 0) }).map(Double.init), sets.setFloats)
        case .untrained, .trained:
            let m: ContrastiveModel
            if self == .trained {
                guard let model else {
                    throw NaswiftError.invalidArgument("the trained map needs a model", hint: "pass --model MODEL (naswift embed cena train)")
                }
                m = model
            } else {
                var config = model?.header.config ?? .reference
                config.seed = seed
                var rng = SeededGenerator(seed: seed)
                let net = ContrastiveNetwork<Float>(input: sets.dimension, hidden: config.hidden, embedding: config.embedding,
                                                    projection: config.projection, rng: &rng)
                let header = ContrastiveModel.Header(config: config, input: sets.dimension, setSize: sets.setSize, inits: sets.inits,
                                                     spaces: [], trainingCells: 0, heldOutCells: 0, dataChecksum: "", history: [])
                m = ContrastiveModel(header: header, network: net)
            }
            let e = m.header.config.embedding
            let all = try m.embed(sets, items: items)   // [items, inits, e]
            var out: [Double] = []
            out.reserveCapacity(items.count * e)
            for i in items.indices { out += all[(i * sets.inits * e)..<(i * sets.inits * e + e)].map(Double.init) }
            return (out, e)
        }
    }
}
