import NASCore

extension Adam {
    /// The optimiser's state: the steps taken and the first and second moments of every trainable
    /// parameter (in `parameters` order, flattened like `Parameter.value.scalars`). Saving it with
    /// the weights lets a model continue training exactly where it stopped.
    public struct State: Sendable, Equatable {
        public var steps: Int
        public var m: [[T]]
        public var v: [[T]]
        public init(steps: Int, m: [[T]], v: [[T]]) { self.steps = steps; self.m = m; self.v = v }
    }

    public var state: State { State(steps: stepCount, m: m, v: v) }

    /// Restores a state taken from an optimiser over parameters of the same sizes.
    /// - Throws: `invalidArgument` naming the first parameter whose moment sizes differ.
    public func restore(_ s: State) throws {
        guard s.steps >= 0, s.m.count == parameters.count, s.v.count == parameters.count else {
            throw NaswiftError.invalidArgument("Adam state for \(s.m.count) parameters (steps \(s.steps)); the optimiser has \(parameters.count)",
                                               hint: "restore a state saved from the same model")
        }
        for (i, p) in parameters.enumerated() where s.m[i].count != p.value.count || s.v[i].count != p.value.count {
            throw NaswiftError.invalidArgument("Adam state: parameter \(i) has \(s.m[i].count) / \(s.v[i].count) moments for \(p.value.count) weights",
                                               hint: "restore a state saved from the same model")
        }
        stepCount = s.steps
        m = s.m
        v = s.v
    }
}
