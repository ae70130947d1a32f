import NASCore

/// Turns architectures of a search space into what a surrogate consumes: a vector (path encoding,
/// a pretrained latent table such as arch2vec's or CENA's) or features compared by a distance
/// (tree-Wasserstein). Space specifics (op names, matrix layouts) live here or in the space, never
/// in a strategy.
///
/// Encodings are values; a model-based strategy owns one and caches each architecture's code, so
/// `encode` runs once per architecture.
public protocol ArchitectureEncoding<Architecture>: Sendable {
    associatedtype Architecture: Hashable & Sendable
    associatedtype Code: Sendable

    /// Short name for profiles and errors, e.g. "path", "tw", "arch2vec".
    var name: String { get }

    /// The code of `arch`. Deterministic encodings ignore `rng`; the TW-NAS reference's NB201
    /// encoding draws a random adjacency per architecture from it (`TWEncoding`, faithful mode).
    mutating func encode(_ arch: Architecture, rng: inout SeededGenerator) -> Code

    /// A key that is equal exactly when two codes are equal, for de-duplicating candidates by
    /// encoding (BANANAS drops candidates whose path encoding was seen); nil when not supported.
    func key(_ code: Code) -> [UInt64]?
}

extension ArchitectureEncoding {
    public func key(_ code: Code) -> [UInt64]? { nil }
}

/// An encoding into fixed-length `Float` vectors, shape `[dimension]`.
public protocol VectorEncoding<Architecture>: ArchitectureEncoding where Code == [Float] {
    var dimension: Int { get }
}

/// An encoding whose codes are compared by one or more distance components (e.g. TW-NAS's
/// `[d_op, d_in, d_out]`), for GPs with distance kernels.
public protocol DistanceEncoding<Architecture>: ArchitectureEncoding {
    /// Number of distance components.
    var componentCount: Int { get }
    /// Component matrices between `xs` (rows) and `ys` (columns): `componentCount` arrays, each
    /// row-major `[xs.count * ys.count]`, non-negative.
    func distances(_ xs: [Code], _ ys: [Code]) -> [[Double]]
    /// The components of one pair (length `componentCount`).
    func distance(_ x: Code, _ y: Code) -> [Double]
}

extension VectorEncoding {
    /// The 0/1 (or any) vector packed into bits where non-zero: equal for equal 0/1 vectors.
    public static func bitKey(_ v: [Float]) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: (v.count + 63) / 64)
        for (i, x) in v.enumerated() where x != 0 { words[i / 64] |= 1 << UInt64(i % 64) }
        return words
    }
}
