import NASCore
import NASSpaces
import NASTensor

/// A controller CTNAS's policy learning trains: it samples architectures of one space with the
/// summed log-probability and entropy of its decisions (rank-0 variables on the tape).
public protocol PolicyController: AnyObject {
    associatedtype Architecture: Hashable & Sendable
    /// A controller with `hidden` LSTM units, parameters drawn from `rng`.
    init(hidden: Int, rng: inout SeededGenerator)
    /// Trainable parameters (Adam).
    var parameters: [Parameter<Float>] { get }
    /// One sampled architecture on `tape` (a non-recording tape, `Tape(recording: false)`, when no
    /// gradient is wanted: the same architecture and values for the same `rng` state).
    func sample(on tape: Tape<Float>, rng: inout SeededGenerator) throws
        -> (architecture: Architecture, logProbability: Variable<Float>, entropy: Variable<Float>)
    /// The initial baseline when the domain is the whole space.
    func initialSample(rng: inout SeededGenerator) throws -> Architecture
}

/// NB201: `OpController` over the 6 edge ops; the initial baseline is a uniformly random cell.
public final class NB201Policy: PolicyController {
    public let controller: OpController<Float>
    public init(hidden: Int, rng: inout SeededGenerator) {
        controller = OpController(decisions: NB201Cell.edgeCount, choices: NB201Space.opNames.count, hidden: hidden, rng: &rng)
    }
    public var parameters: [Parameter<Float>] { controller.parameters }
    public func sample(on tape: Tape<Float>, rng: inout SeededGenerator) throws
        -> (architecture: NB201Cell, logProbability: Variable<Float>, entropy: Variable<Float>) {
        let r = controller.run(on: tape, rng: &rng)
        guard let cell = NB201Cell(ops: r.choices) else {
            throw NaswiftError.invalidArgument("NB201 controller: choices \(r.choices) are not a cell", hint: "this is a bug; please report it")
        }
        return (cell, r.logProbability, r.entropy)
    }
    public func initialSample(rng: inout SeededGenerator) throws -> NB201Cell { NB201Space().sample(using: &rng) }
}

/// NB101: `NB101Controller` (METHODS §4.4); the initial baseline is a sequence of uniform
/// decisions (the reference's `force_uniform`).
public final class NB101Policy: PolicyController {
    public let controller: NB101Controller<Float>
    public init(hidden: Int, rng: inout SeededGenerator) { controller = NB101Controller(hidden: hidden, rng: &rng) }
    public var parameters: [Parameter<Float>] { controller.parameters }
    public func sample(on tape: Tape<Float>, rng: inout SeededGenerator) throws
        -> (architecture: NB101Cell, logProbability: Variable<Float>, entropy: Variable<Float>) {
        let r = controller.run(on: tape, rng: &rng)
        return (try NB101Controller<Float>.cell(from: r.choices), r.logProbability, r.entropy)
    }
    public func initialSample(rng: inout SeededGenerator) throws -> NB101Cell {
        try NB101Controller<Float>.cell(from: controller.run(on: Tape<Float>(recording: false), rng: &rng, uniform: true).choices)
    }
}

/// NAS-Bench-Graph: `OpController` deciding node by node, node 1's op, then for nodes 2...4 the
/// node it reads (kinds `in2`, `in3`, `in4`: 2, 3, 4 choices) and its op (kind `op`: the 9
/// operations, shared by all nodes). The choices map to the benchmark's canonical architecture
/// (`NBGraphSpace.architecture(categorical:)`). Four skips are no architecture: such a draw is
/// thrown away and the sequence drawn again (probability 9^-4 under a uniform policy; the
/// REINFORCE gradient is that of the accepted draw). The initial baseline is a uniformly random
/// architecture.
public final class NBGraphPolicy: PolicyController {
    public let controller: OpController<Float>
    /// Decision kinds: 0 = op (9 choices), 1 = in2, 2 = in3, 3 = in4; the sequence
    /// op1, in2, op2, in3, op3, in4, op4.
    static let kinds = [NBGraphSpace.operations.count, 2, 3, 4]
    static let sequence = [0, 1, 0, 2, 0, 3, 0]
    /// Draws of a sequence before giving up on finding a non-all-skip one.
    static let maxDraws = 1000

    public init(hidden: Int, rng: inout SeededGenerator) {
        controller = OpController(kinds: Self.kinds, sequence: Self.sequence, hidden: hidden, rng: &rng)
    }
    public var parameters: [Parameter<Float>] { controller.parameters }

    /// The architecture of a decision sequence (op1, in2, op2, in3, op3, in4, op4), or nil for four skips.
    public static func architecture(choices c: [Int]) -> NBGraphArchitecture? {
        NBGraphSpace().architecture(categorical: [c[1], c[3], c[5], c[0], c[2], c[4], c[6]])
    }

    public func sample(on tape: Tape<Float>, rng: inout SeededGenerator) throws
        -> (architecture: NBGraphArchitecture, logProbability: Variable<Float>, entropy: Variable<Float>) {
        for _ in 0..<Self.maxDraws {
            let r = controller.run(on: tape, rng: &rng)
            if let a = Self.architecture(choices: r.choices) { return (a, r.logProbability, r.entropy) }
        }
        throw NaswiftError.invalidArgument("NAS-Bench-Graph controller: \(Self.maxDraws) draws in a row were all-skip cells",
                                           hint: "the policy has collapsed onto skip; use fewer iterations or a smaller learning rate")
    }
    public func initialSample(rng: inout SeededGenerator) throws -> NBGraphArchitecture { NBGraphSpace().sample(using: &rng) }
}
