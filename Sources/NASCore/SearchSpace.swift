/// A neural architecture search space: how architectures are written, sampled, mutated and seen
/// as graphs. Spaces are values (cheap to copy, `Sendable`) and never read benchmark data.
///
/// Conformers: `NB201Space`, `NB101Space`, `NATSSizeSpace`, `NBGraphSpace` (module NASSpaces).
public protocol SearchSpace: Sendable {
    /// The space's own compact architecture value.
    associatedtype Architecture: Hashable, Sendable

    /// Registry name, e.g. "nb201", "nb101", "natsss", "nbgraph".
    var name: String { get }

    /// Parses the space's string form; throws `NaswiftError.malformedArchitecture` saying what is wrong.
    func parse(_ text: String) throws -> Architecture

    /// The space's string form (`parse(format(a)) == a`).
    func format(_ arch: Architecture) -> String

    /// The key a tabular benchmark stores this architecture under (NB201: the official arch string,
    /// NB101: the module hash, NATS: the channel string, NAS-Bench-Graph: its hash).
    func key(_ arch: Architecture) -> String

    /// A uniformly random architecture of the space (uniform over the space's encoding).
    func sample<G: RandomNumberGenerator>(using rng: inout G) -> Architecture

    /// One random mutation, as the space's reference code does it; never returns `arch` itself.
    func mutate<G: RandomNumberGenerator>(_ arch: Architecture, using rng: inout G) -> Architecture

    /// All architectures one elementary change away (the local-search neighbourhood).
    func neighbours(of arch: Architecture) -> [Architecture]

    /// The architecture as a labelled DAG.
    func graph(_ arch: Architecture) -> LabelledDAG

    /// A JSON object describing the architecture (for studies and exports), as UTF-8 JSON text.
    func json(_ arch: Architecture) -> String
}
