import NASCore
import NASSpaces
import NASTensor

/// The search spaces CENA builds networks for, with their cells as integer codes (the spaces'
/// internal codes: NB201 `NB201Cell.code`, NATS `NATSSizeArch.code`).
public enum CENASpace: String, CaseIterable, Sendable {
    case nb201, natsss

    /// Looks a space up by name; the error lists the valid names.
    public static func named(_ name: String) throws -> CENASpace {
        guard let s = CENASpace(rawValue: name) else {
            throw NaswiftError.unknownName("CENA search space", name, valid: allCases.map(\.rawValue))
        }
        return s
    }

    /// Number of cells: 15,625 (NB201) or 32,768 (NATS size space).
    public var cellCount: Int { self == .nb201 ? NB201Cell.cellCount : NATSSizeArch.archCount }

    /// The space's string form of cell `code` (NB201 arch string, NATS channel string).
    public func string(_ code: Int) -> String {
        switch self {
        case .nb201: return NB201Space().format(NB201Cell(code: code)!)
        case .natsss: return NATSSizeArch(code: code)!.description
        }
    }

    /// The code of a cell string of this space; a string of another space or a malformed one
    /// gives the space's parse error.
    public func parse(_ text: String) throws -> Int {
        switch self {
        case .nb201: return Int(try NB201Space().parse(text).code)
        case .natsss: return Int(try NATSSizeSpace().parse(text).code)
        }
    }

    /// The network of cell `code` with weights drawn from `rng` (PyTorch-default initialisation):
    /// NB201 `TinyNetwork(16, 5, cell, 10)` or the NATS size-space network, 10 classes.
    public func network<T: TensorScalar>(_ code: Int, rng: inout SeededGenerator) -> CellNetwork<T> {
        switch self {
        case .nb201: return .nb201(NB201Cell(code: code)!, rng: &rng)
        case .natsss: return .natsSize(NATSSizeArch(code: code)!, rng: &rng)
        }
    }
}
