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
