import NASCore
import NASSpaces

/// The candidate mutation of TW-NAS on NAS-Bench-201 (METHODS §3.4, BANANAS `mutate` with
/// `mutation_rate = 1`): each of the 6 edge ops (the n - 2 = 6 intermediate nodes of the 8-node
/// line graph) is resampled with probability 1/6 to one of the 4 other ops, `none` included.
///
/// The reference also flips each entry of its (random) upper-triangular adjacency with probability
/// 1/8; on the real cell graph the adjacency is fixed by the ops, so fixed mode has no edge flips
/// (faithful mode keeps them, `TWEncoding.referenceMutation`). The number of changed ops is
/// Binomial(6, 1/6): a draw that changes nothing (probability (5/6)^6 = 0.335) returns the parent,
/// which the candidate generator drops as already evaluated, as the reference's de-duplication does.
public enum TWCandidateMutation {
    /// Per-op resampling probability, `mutation_rate / OP_SPOTS` = 1/6.
    public static let nb201OpProbability = 1.0 / Double(NB201Cell.edgeCount)

    /// The mutated cell; `rng` is consumed in edge order (one uniform per edge, one more draw per
    /// changed edge).
    public static func nb201<G: RandomNumberGenerator>(_ cell: NB201Cell, using rng: inout G) -> NB201Cell {
        var ops = cell.ops
        for e in 0..<NB201Cell.edgeCount where Double.random(in: 0..<1, using: &rng) < nb201OpProbability {
            // A uniformly chosen op among the 4 others.
            var newOp = Int(rng.next() % UInt64(NB201Cell.opCount - 1))
            if newOp >= ops[e] { newOp += 1 }
            ops[e] = newOp
        }
        return NB201Cell(ops: ops) ?? cell
    }
}
