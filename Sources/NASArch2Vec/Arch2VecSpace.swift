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
/// * `nbgraph` (not in the reference; added so every DAG space has arch2vec): the 6-node DAG of
///   `NBGraphSpace.graph` (node 0 input, nodes 1..4 the operations, each reading its one input,
///   node 5 output reading every node no other node reads) with an 11-way one-hot
///   `input, gat, gcn, gin, cheb, sage, arma, graph, fc, skip, output` (`NBGraphSpace.operations`
///   in the package's order). There is no padding: every cell has six nodes.
public enum Arch2VecSpace: String, CaseIterable, Sendable {
    case nb201
    case nb101
    case nbgraph

    /// The space for a registry name; throws `unknownName` listing the supported ones.
    public static func named(_ name: String) throws -> Arch2VecSpace {
        guard let s = Arch2VecSpace(rawValue: name) else {
            throw NaswiftError.unknownName("arch2vec space", name, valid: allCases.map(\.rawValue))
        }
        return s
    }

    /// Nodes per (padded) graph: 8 (nb201), 7 (nb101) or 6 (nbgraph).
    public var nodes: Int {
        switch self {
        case .nb201: 8
        case .nb101: 7
        case .nbgraph: 6
        }
    }

    /// One-hot width: 7 (nb201), 5 (nb101) or 11 (nbgraph).
    public var features: Int { opLabels.count }

    /// One-hot column labels, in column order (the reference's order).
    public var opLabels: [String] {
        switch self {
        case .nb201: ["input", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3", "skip_connect", "none", "output"]
        case .nb101: ["input", "conv1x1-bn-relu", "conv3x3-bn-relu", "maxpool3x3", "output"]
        case .nbgraph: ["input"] + NBGraphSpace.operations + ["output"]
        }
    }

    /// Pretraining epochs of the reference scripts: 10 (nb201), 8 (nb101); nbgraph, which the
    /// reference does not have, takes NB201's 10 (a space of similar size: 26,206 cells).
    public var referenceEpochs: Int { self == .nb101 ? 8 : 10 }

    /// Seed of the reference scripts: 3 (nb201), 1 (nb101); 3 on nbgraph (NB201's).
    public var referenceSeed: UInt64 { self == .nb101 ? 1 : 3 }

    /// Number of cells of the whole space (all of them are pretrained on).
    public var cellCount: Int {
        switch self {
        case .nb201: NB201Cell.cellCount
        case .nb101: 423_624
        case .nbgraph: NBGraphSpace.all.count
        }
    }

    /// An example architecture string (for error hints).
    public var example: String {
        switch self {
        case .nb201: NB201Space.example
        case .nb101: NB101Space.example
        case .nbgraph: NBGraphSpace.example
        }
    }
}
