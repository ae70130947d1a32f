/// A NAS-Bench-101 vertex label.
///
/// The raw value of an interior op is its label in the nasbench module hash (the index in
/// `['conv3x3-bn-relu', 'conv1x1-bn-relu', 'maxpool3x3']`); input hashes as -1, output as -2.
public enum NB101Op: Int, Sendable, Hashable, CaseIterable {
    case conv3x3 = 0
    case conv1x1 = 1
    case maxpool3x3 = 2
    case input = -1
    case output = -2

    /// The three ops an interior vertex may carry, in hash-label order.
    public static let interior: [NB101Op] = [.conv3x3, .conv1x1, .maxpool3x3]

    /// The official label, e.g. `conv3x3-bn-relu`.
    public var name: String {
        switch self {
        case .conv3x3: "conv3x3-bn-relu"
        case .conv1x1: "conv1x1-bn-relu"
        case .maxpool3x3: "maxpool3x3"
        case .input: "input"
        case .output: "output"
        }
    }

    /// Parses an official label or a short alias (`conv3x3`, `conv1x1`, `maxpool3x3`); nil otherwise.
    public init?(name: String) {
        switch name {
        case "conv3x3-bn-relu", "conv3x3": self = .conv3x3
        case "conv1x1-bn-relu", "conv1x1": self = .conv1x1
        case "maxpool3x3": self = .maxpool3x3
        case "input": self = .input
        case "output": self = .output
        default: return nil
        }
    }

    /// The label used by the module hash.
    public var hashLabel: Int { rawValue }
}
