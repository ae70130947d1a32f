import NASCore
import NASSpaces

/// The BANANAS path encoding of architectures of space `S` as `Float` 0/1 vectors of
/// `dimension` features (`PathEncodableSpace`: NB201 84, NB101 364).
///
/// `key` packs the features into 64-bit words: equal keys mean equal encodings (BANANAS
/// de-duplicates candidates by it).
public struct PathEncoding<S: SearchSpace>: VectorEncoding {
    public typealias Architecture = S.Architecture
    public let name = "path"
    public let dimension: Int
    private let body: @Sendable (S.Architecture) -> [Double]

    /// Throws `invalidArgument` naming the spaces that have a path encoding.
    public init(space: S) throws {
        guard let p = space as? any PathEncodableSpace else {
            throw NaswiftError.invalidArgument("the path encoding is defined for the nb201 and nb101 spaces, not '\(space.name)'",
                                               hint: "use a benchmark of the nb201 or nb101 space, or a strategy without it (random, re, ls)")
        }
        (dimension, body) = Self.opened(p)
    }

    private static func opened<P: PathEncodableSpace>(_ p: P) -> (Int, @Sendable (S.Architecture) -> [Double]) {
        (P.pathFeatureCount, { a in (a as? P.Architecture).map(p.pathEncoding) ?? [] })
    }

    public func encode(_ arch: S.Architecture, rng: inout SeededGenerator) -> [Float] { encode(arch) }

    /// The encoding, shape `[dimension]`, entries 0 or 1.
    public func encode(_ arch: S.Architecture) -> [Float] {
        let e = body(arch)
        return e.count == dimension ? e.map(Float.init) : [Float](repeating: 0, count: dimension)
    }

    public func key(_ code: [Float]) -> [UInt64]? { Self.bitKey(code) }
}
