import NASCore

/// The search spaces by registry name.
///
/// One entry per space in `factories`; a new space registers itself by adding one line there.
public enum SpaceRegistry {
    /// Name -> constructor of every registered space.
    static let factories: [String: @Sendable () -> any SearchSpace] = [
        "nb201": { NB201Space() },
        "nb101": { NB101Space() },
        "natsss": { NATSSizeSpace() },
        "nbgraph": { NBGraphSpace() },
    ]

    /// The registered names, sorted.
    public static var names: [String] { factories.keys.sorted() }

    /// The space named `name`; throws `NaswiftError.unknownName` listing the valid names.
    public static func make(_ name: String) throws -> any SearchSpace {
        guard let f = factories[name] else { throw NaswiftError.unknownName("search space", name, valid: names) }
        return f()
    }
}
