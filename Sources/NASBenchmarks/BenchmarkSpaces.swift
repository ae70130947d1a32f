import Foundation
import NASCore
import NASSpaces

/// The search spaces a benchmark can be imported into (those of `SpaceRegistry`), with the CSV
/// columns each accepts for the architecture.
///
/// | space | architecture columns |
/// |---|---|
/// | nb201 | `arch` (official string `\|op~0\|+\|op~0\|op~1\|+...`) |
/// | nb101 | `arch` (the NB101 string form) or `hash` (module hash; resolved by enumerating the space) |
/// | natsss | `arch` or `channels` (`c1:c2:c3:c4:c5`) |
/// | nbgraph | `arch` (`gcn~0\|gat~0\|skip~1\|sage~2`) or `hash` (the package's integer hash) |
public enum BenchmarkSpaces {
    /// Names of the spaces `resolver(for:)` knows.
    public static var names: [String] { SpaceRegistry.names }

    /// Extra architecture column names per space (after `arch`).
    static let aliases: [String: [String]] = ["natsss": ["channels"], "nbgraph": ["hash"]]

    /// The resolver of space `name`; throws `unknownName` listing the spaces.
    public static func resolver(for name: String) throws -> ArchitectureResolver {
        let space = try SpaceRegistry.make(name)
        if name == "nbgraph" { return nbgraphResolver() }
        if name == "nb101" { return nb101Resolver() }
        return ArchitectureResolver(space: space, columns: ["arch"] + (aliases[name] ?? []))
    }

    /// NB101: `arch` parses the string form; `hash` looks the module hash up in the enumerated
    /// space (`NB101Catalog.shared`, built once per process on first use).
    static func nb101Resolver() -> ArchitectureResolver {
        let space = NB101Space()
        return ArchitectureResolver(spaceName: space.name, columns: ["arch", "hash"]) { column in
            if column == "hash" {
                let catalog = NB101Catalog.shared
                return { text in
                    let cell = try catalog.cell(forHash: text)
                    return (space.key(cell), space.format(cell))
                }
            }
            return { text in
                let cell = try space.parse(text)
                return (space.key(cell), space.format(cell))
            }
        }
    }

    static func nbgraphResolver() -> ArchitectureResolver {
        let space = NBGraphSpace()
        return ArchitectureResolver(spaceName: space.name, columns: ["arch", "hash"]) { column in
            if column == "hash" {
                return { text in
                    let a = try space.architecture(forKey: text.trimmingCharacters(in: .whitespaces))
                    return (space.key(a), space.format(a))
                }
            }
            return { text in
                let a = try space.parse(text)
                return (space.key(a), space.format(a))
            }
        }
    }
}
