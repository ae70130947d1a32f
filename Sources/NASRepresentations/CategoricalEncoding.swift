import NASCore
import NASSpaces

/// Architectures of a `CategoricalSpace` as their categorical value vectors (one choice index per
/// parameter, nil where a parameter does not apply), and back: what TPE's Parzen estimators see.
///
/// Conformers: NB201 (6 x 5), NATS size space (5 x 8), NAS-Bench-Graph (3 inputs + 4 x 9 ops),
/// NB101 (21 edge bits + 5 x 3 ops).
public struct CategoricalEncoding<S: SearchSpace>: ArchitectureEncoding {
    public typealias Architecture = S.Architecture
    public let name = "categorical"
    /// The space's parameters, in value-vector order.
    public let parameters: [CategoricalParameter]
    private let valuesOf: @Sendable (S.Architecture) -> [Int?]
    private let decode: @Sendable ([Int]) -> S.Architecture?

    /// Throws `invalidArgument` naming the spaces with a categorical parameterisation.
    public init(space: S) throws {
        guard let c = space as? any CategoricalSpace else {
            throw NaswiftError.invalidArgument("space '\(space.name)' has no categorical parameterisation",
                                               hint: "use a benchmark of the nb201, natsss, nbgraph or nb101 space")
        }
        (parameters, valuesOf, decode) = Self.opened(c)
    }

    private static func opened<C: CategoricalSpace>(_ c: C)
        -> ([CategoricalParameter], @Sendable (S.Architecture) -> [Int?], @Sendable ([Int]) -> S.Architecture?) {
        let width = c.categoricalParameters.count
        return (c.categoricalParameters,
                { a in (a as? C.Architecture).map(c.categoricalValues) ?? [Int?](repeating: nil, count: width) },
                { v in c.architecture(categorical: v) as? S.Architecture })
    }

    /// Number of choices of each parameter, shape [P].
    public var choiceCounts: [Int] { parameters.map(\.choices.count) }

    public func encode(_ arch: S.Architecture, rng: inout SeededGenerator) -> [Int?] { encode(arch) }

    /// The value vector of `arch`, shape [P].
    public func encode(_ arch: S.Architecture) -> [Int?] { valuesOf(arch) }

    /// The architecture of a value vector, or nil when it is invalid.
    public func architecture(_ values: [Int]) -> S.Architecture? { decode(values) }
}

/// Architectures of a `CategoricalSpace` one-hot encoded per parameter, as `Float` 0/1 vectors of
/// `dimension` = the sum of the parameters' choice counts (NATS size space 5 x 8 = 40,
/// NAS-Bench-Graph 2 + 3 + 4 + 4 x 9 = 45); a parameter without a value is all zeros. The vector
/// encoding of spaces without a path encoding (BANANAS on natsss and nbgraph).
///
/// `key` packs the bits: equal keys mean equal value vectors.
public struct CategoricalOneHotEncoding<S: SearchSpace>: VectorEncoding {
    public typealias Architecture = S.Architecture
    public let name = "onehot"
    public let dimension: Int
    private let categorical: CategoricalEncoding<S>
    private let offsets: [Int]

    /// Throws `invalidArgument` for spaces without a categorical parameterisation.
    public init(space: S) throws {
        categorical = try CategoricalEncoding(space: space)
        let counts = categorical.choiceCounts
        offsets = counts.indices.map { counts[..<$0].reduce(0, +) }
        dimension = counts.reduce(0, +)
    }

    public func encode(_ arch: S.Architecture, rng: inout SeededGenerator) -> [Float] { encode(arch) }

    /// The encoding, shape `[dimension]`, one 1 per parameter with a value.
    public func encode(_ arch: S.Architecture) -> [Float] {
        var v = [Float](repeating: 0, count: dimension)
        for (p, c) in categorical.encode(arch).enumerated() { if let c { v[offsets[p] + c] = 1 } }
        return v
    }

    public func key(_ code: [Float]) -> [UInt64]? { Self.bitKey(code) }
}
