import NASCore
import NASSpaces

/// The BANANAS path encoding of an architecture of space `S` (NB201: 84 features,
/// `NB201Space.pathEncoding`; NB101: 364 features, `NB101Space.pathEncoding`), as `Float` 0/1.
///
/// `key` packs the 0/1 features into 64-bit words: two architectures with the same key have the
/// same encoding (BANANAS de-duplicates candidates by it).
struct PathEncoder<S: SearchSpace>: Sendable {
    let featureCount: Int
    private let encodeBody: @Sendable (S.Architecture) -> [Double]

    /// Throws `invalidArgument` for spaces without a path encoding.
    init(space: S, strategy: String) throws {
        if let s = space as? NB201Space {
            featureCount = NB201Space.pathFeatureCount
            encodeBody = { a in (a as? NB201Cell).map(s.pathEncoding) ?? [] }
        } else if let s = space as? NB101Space {
            featureCount = NB101Space.pathFeatureCount
            encodeBody = { a in (a as? NB101Cell).map(s.pathEncoding) ?? [] }
        } else {
            throw NaswiftError.invalidArgument("strategy '\(strategy)' works on the nb201 and nb101 spaces, not '\(space.name)'",
                                               hint: "use a benchmark of the nb201 or nb101 space, or another strategy (random, re, ls)")
        }
    }

    /// The encoding, shape `[featureCount]`, entries 0 or 1.
    func encode(_ a: S.Architecture) -> [Float] {
        let e = encodeBody(a)
        return e.count == featureCount ? e.map(Float.init) : [Float](repeating: 0, count: featureCount)
    }

    /// The encoding packed into bits (feature i is bit i % 64 of word i / 64).
    static func key(_ encoding: [Float]) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: (encoding.count + 63) / 64)
        for (i, x) in encoding.enumerated() where x != 0 { words[i / 64] |= 1 << UInt64(i % 64) }
        return words
    }
}
