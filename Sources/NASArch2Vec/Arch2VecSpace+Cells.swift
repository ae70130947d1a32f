import NASCore
import NASSpaces

extension Arch2VecSpace {
    /// Every cell of the space, encoded, with each cell's string form and benchmark key, in a fixed
    /// order: NB201 by internal code (lexicographic op tuples), NB101 by module hash (`NB101Catalog`,
    /// which enumerates the 423,624 cells on first use: several seconds), NAS-Bench-Graph by the
    /// package's hash (`NBGraphSpace.all`; the key is that hash).
    public func wholeSpace() -> (graphs: Arch2VecGraphs, architectures: [String], keys: [String]) {
        switch self {
        case .nb201:
            let s = NB201Space()
            let cells = s.allCells
            let names = cells.map { s.format($0) }
            return (Arch2VecGraphs(nb201: cells), names, names)
        case .nb101:
            let s = NB101Space()
            let cells = NB101Catalog.shared.cells
            return (Arch2VecGraphs(nb101: cells), cells.map { s.format($0) }, cells.map(\.hashString))
        case .nbgraph:
            let s = NBGraphSpace()
            let cells = NBGraphSpace.all
            return (Arch2VecGraphs(nbgraph: cells), cells.map { s.format($0) }, cells.map { s.key($0) })
        }
    }
}
