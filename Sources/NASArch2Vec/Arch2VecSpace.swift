import NASCore
import NASSpaces

/// The search spaces arch2vec is pretrained on, with their graph input encodings
/// (METHODS §0.3 and §2.1).
///
/// * `nb201`: the fixed 8-node line graph (node 0 input, nodes 1..6 the edges e1..e6 labelled by
///   their op, node 7 output) with a 7-way one-hot in the column order
///   `input, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3, skip_connect, none, output`.
/// * `nb101`: the pruned cell zero-padded to 7 x 7 (missing vertices get all-zero adjacency rows
///   and columns and all-zero one-hot rows, appended after the output vertex) with a 5-way one-hot
///   `input, conv1x1-bn-relu, conv3x3-bn-relu, maxpool3x3, output`.
public enum Arch2VecSpace: String, CaseIterable, Sendable {
    case nb201
    case nb101

    /// The space for a registry name; throws `unknownName` listing the supported ones.
    public static func named(_ name: String) throws -> Arch2VecSpace {
        guard let s = Arch2VecSpace(rawValue: name) else {
            throw NaswiftError.unknownName("arch2vec space", name, valid: allCases.map(\.rawValue))
        }
        return s
    }

    /// Nodes per (padded) graph: 8 (nb201) or 7 (nb101).
    public var nodes: Int { self == .nb201 ? 8 : 7 }

    /// One-hot width: 7 (nb201) or 5 (nb101).
    public var features: Int { opLabels.count }

    /// One-hot column labels, in column order (the reference's order).
    public var opLabels: [String] {
        switch self {
        case .nb201: ["input", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3", "skip_connect", "none", "output"]
        case .nb101: ["input", "conv1x1-bn-relu", "conv3x3-bn-relu", "maxpool3x3", "output"]
        }
    }

    /// Pretraining epochs of the reference scripts: 10 (nb201), 8 (nb101).
    public var referenceEpochs: Int { self == .nb201 ? 10 : 8 }

    /// Seed of the reference scripts: 3 (nb201), 1 (nb101).
    public var referenceSeed: UInt64 { self == .nb201 ? 3 : 1 }

    /// Number of cells of the whole space (all of them are pretrained on).
    public var cellCount: Int { self == .nb201 ? NB201Cell.cellCount : 423_624 }

    /// An example architecture string (for error hints).
    public var example: String { self == .nb201 ? NB201Space.example : NB101Space.example }
}
