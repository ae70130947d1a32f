import NASCore
import NASSpaces
import NASTensor

/// A controller CTNAS's policy learning trains: it samples architectures of one space with the
/// summed log-probability and entropy of its decisions (rank-0 variables on the tape).
public protocol PolicyController: AnyObject {
    associatedtype Architecture: Hashable & Sendable
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
