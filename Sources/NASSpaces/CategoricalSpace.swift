import NASCore

/// One categorical parameter of a space's parameterisation: a name and its choices (labels).
public struct CategoricalParameter: Sendable, Equatable {
    /// E.g. "e1" (NB201 edge 0->1), "stage3" (NATS), "op2" (NAS-Bench-Graph), "edge_0_4" (NB101).
    public let name: String
    /// The choice labels; a value is an index into them.
    public let choices: [String]

    public init(_ name: String, choices: [String]) {
        self.name = name
        self.choices = choices
    }
}

/// A space written as a fixed list of categorical parameters, the way a user parameterises it for
/// a black-box optimiser (one `suggest_categorical` per choice in Optuna): NB201 6 edges x 5 ops,
/// NATS size space 5 stages x 8 widths, NAS-Bench-Graph 3 inputs + 4 ops, NB101 21 edge bits + 5
/// interior ops. Several value vectors may give one architecture (NB101 pruning, NAS-Bench-Graph
/// canonical forms); some give none (invalid NB101 specs, all-skip NAS-Bench-Graph cells).
public protocol CategoricalSpace: SearchSpace {
    /// The parameters, in a fixed order; value vectors are indexed like it.
    var categoricalParameters: [CategoricalParameter] { get }

    /// The architecture of `values` (one choice index per parameter), or nil when the values are
    /// out of range or describe no valid architecture (e.g. an NB101 spec with more than 9 edges
    /// after pruning).
    func architecture(categorical values: [Int]) -> Architecture?

    /// One value vector of `arch` (`architecture(categorical:)` of it gives `arch` back), with
    /// `nil` for parameters that do not matter for it (the ops of vertices an NB101 cell has
    /// pruned away).
    func categoricalValues(_ arch: Architecture) -> [Int?]
}

extension CategoricalSpace {
    /// Number of choices of each parameter.
    public var categoricalChoiceCounts: [Int] { categoricalParameters.map(\.choices.count) }
}
