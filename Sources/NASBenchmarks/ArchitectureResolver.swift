import NASCore
import NASSpaces

/// Turns the architecture cell of an imported CSV row into the benchmark's (key, architecture
/// string) pair, using a search space: `key = space.key(a)`, `architecture = space.format(a)`.
///
/// `columns` are the column names that may hold the architecture, in order of preference (e.g.
/// `arch`, or `hash` for NB101, whose hashes are resolved to cells by enumerating the space).
public struct ArchitectureResolver: Sendable {
    /// The space's registry name.
    public let spaceName: String
    /// Accepted architecture column names, preferred first.
    public let columns: [String]
    private let resolveCell: @Sendable (_ column: String) throws -> @Sendable (String) throws -> (key: String, architecture: String)

    /// `resolve(column)` prepares a converter for cells of `column` (it may do expensive set-up
    /// once, such as enumerating a space to resolve hashes).
    public init(spaceName: String, columns: [String],
                resolve: @escaping @Sendable (_ column: String) throws -> @Sendable (String) throws -> (key: String, architecture: String)) {
        self.spaceName = spaceName
        self.columns = columns
        self.resolveCell = resolve
    }

    /// A resolver that parses the space's string form from any of `columns`.
    public init<S: SearchSpace>(space: S, columns: [String] = ["arch"]) {
        self.init(spaceName: space.name, columns: columns) { _ in
            { text in
                let a = try space.parse(text)
                return (space.key(a), space.format(a))
            }
        }
    }

    /// The converter for cells of `column` (one of `columns`).
    public func converter(for column: String) throws -> @Sendable (String) throws -> (key: String, architecture: String) {
        try resolveCell(column)
    }
}
