import NASCore
import NASSpaces

/// The tree-Wasserstein encoding of TW-NAS (METHODS §3.1-3.2) for NB201, NB101, NAS-Bench-Graph and
/// NATS size-space architectures: codes are
/// `TWFeatures`, compared by three distance components `[d_op, d_in, d_out]`.
///
/// `faithful` on NB201 reproduces the reference code, which gave every NB201 architecture a random
/// upper-triangular 8x8 "adjacency" (each entry present with probability 1/2) instead of the
/// cell's graph (METHODS §0.3): the matrix is drawn from the strategy's generator the first time
/// an architecture is encoded, and `referenceMutation` mutates it with the cell.
public struct TWEncoding<S: SearchSpace>: DistanceEncoding {
    public typealias Architecture = S.Architecture
    public typealias Code = TWFeatures
    public let name = "tw"
    public let space: S
    public let representation: TWRepresentation
    /// True when the reference's random NB201 matrices are reproduced.
    public let randomNB201Matrices: Bool
    private var matrices: [S.Architecture: [Bool]] = [:]

    public var componentCount: Int { 3 }

    /// NB201 and NB101 use the TW-NAS trees (1- or 2-gram, fixed or faithful); NAS-Bench-Graph and
    /// the NATS size space have 1-gram fixed representations of ours (`TWRepresentation.nbgraph`,
    /// `.natsss`). Throws `invalidArgument` for other spaces, and for `twoGram` or `faithful` on
    /// the spaces the reference never covered.
    /// `positionalOps` (NAS-Bench-Graph only): `TWRepresentation.nbgraph(positional: true)`.
    public init(space: S, twoGram: Bool, mode: TWRepresentation.Mode, strategy: String, positionalOps: Bool = false) throws {
        if positionalOps && !(space is NBGraphSpace) {
            throw NaswiftError.invalidArgument("strategy '\(strategy)': ops=positions is defined for the nbgraph space only, not '\(space.name)'",
                                               hint: "drop --option ops=positions")
        }
        switch space {
        case is NB201Space: representation = .nb201(twoGram: twoGram, mode: mode)
        case is NB101Space: representation = .nb101(twoGram: twoGram, mode: mode)
        case is NBGraphSpace, is NATSSizeSpace:
            if twoGram || mode == .faithful {
                throw NaswiftError.invalidArgument(
                    "strategy '\(strategy)': \(twoGram ? "twogram=1" : "mode=faithful") is defined for the nb201 and nb101 spaces only, not '\(space.name)'",
                    hint: "drop --option \(twoGram ? "twogram=1" : "mode=faithful"); on \(space.name) the 1-gram fixed representation is used")
            }
            representation = space is NBGraphSpace
                ? .nbgraph(positional: positionalOps)
                : .natsss(widths: NATSSizeArch.widthChoices, stages: NATSSizeArch.stageCount)
        default:
            throw NaswiftError.invalidArgument("strategy '\(strategy)' works on the \(TWRepresentation.spaces.joined(separator: ", ")) spaces, not '\(space.name)'",
                                               hint: "use a benchmark of one of those spaces, or another strategy (random, re, ls, tpe)")
        }
        self.space = space
        randomNB201Matrices = mode == .faithful && space is NB201Space
    }

    public mutating func encode(_ arch: S.Architecture, rng: inout SeededGenerator) -> TWFeatures {
        var g = space.graph(arch)
        if randomNB201Matrices {
            let m = matrices[arch] ?? Self.randomUpperTriangular(g.nodeCount, rng: &rng)
            matrices[arch] = m
            g = LabelledDAG(nodeCount: g.nodeCount, adjacency: m, labels: g.labels)
        }
        return representation.features(g)
    }

    public func distance(_ x: TWFeatures, _ y: TWFeatures) -> [Double] { representation.components(x, y) }

    public func distances(_ xs: [TWFeatures], _ ys: [TWFeatures]) -> [[Double]] { representation.componentMatrices(xs, ys) }

    // MARK: the reference's NB201 cells (faithful mode only)

    /// `np.triu(random 0/1, 1)`: each entry above the diagonal present with probability 1/2.
    static func randomUpperTriangular(_ n: Int, rng: inout SeededGenerator) -> [Bool] {
        var m = [Bool](repeating: false, count: n * n)
        for i in 0..<n { for j in (i + 1)..<n { m[i * n + j] = rng.next() & 1 == 1 } }
        return m
    }

    /// The reference's op list, in its order (the order decides which op a draw picks).
    static var referenceOps: [String] { ["nor_conv_3x3", "nor_conv_1x1", "avg_pool_3x3", "skip_connect", "none"] }

    /// The reference NB201 mutation (faithful mode): each upper-triangular entry flipped with
    /// probability 1/8, each of the 6 edge ops resampled to a different op (of 5, `none` included)
    /// with probability 1/6. The child keeps the flipped matrix unless it was encoded or `seen`
    /// before. Returns `parent` when the result does not parse.
    public mutating func referenceMutation(_ parent: S.Architecture, seen: (S.Architecture) -> Bool,
                                           rng: inout SeededGenerator) -> S.Architecture {
        let g = space.graph(parent)
        let n = g.nodeCount
        var m = matrices[parent] ?? Self.randomUpperTriangular(n, rng: &rng)
        matrices[parent] = m
        for i in 0..<n { for j in (i + 1)..<n where rng.uniform() < 1.0 / Double(n) { m[i * n + j].toggle() } }
        var ops = Array(g.labels[1..<(n - 1)])
        for i in ops.indices where rng.uniform() < 1.0 / Double(ops.count) {
            let others = Self.referenceOps.filter { $0 != ops[i] }
            ops[i] = others[Int(rng.next() % UInt64(others.count))]
        }
        let text = "|\(ops[0])~0|+|\(ops[1])~0|\(ops[2])~1|+|\(ops[3])~0|\(ops[4])~1|\(ops[5])~2|"
        guard let child = try? space.parse(text) else { return parent }
        if matrices[child] == nil && !seen(child) { matrices[child] = m }
        return child
    }
}
