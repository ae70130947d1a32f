extension NB201Space {
    /// Length of the NB201 path encoding: one feature per op sequence of length 1...3 over the 4
    /// non-`none` ops (4 + 16 + 64 = 84).
    public static let pathFeatureCount = 84

    /// The cell's 4 input-to-output paths through cell nodes 0 -> 3, as edge indices in string
    /// order (e1 = 0): 0->3 (e4), 0->1->3 (e1, e5), 0->2->3 (e2, e6), 0->1->2->3 (e1, e3, e6).
    public static let cellPaths: [[Int]] = [[3], [0, 4], [1, 5], [0, 2, 5]]

    /// The feature index of a path whose edge ops are `ops` (op codes 1...4 of `opNames`, i.e.
    /// never `none`, input to output order, 1 to 3 of them): `offset(L) + sum_i 4^i (op_i - 1)`
    /// with offsets 0, 4, 20 for lengths 1, 2, 3. Different sequences never collide.
    public static func pathIndex(_ ops: [Int]) -> Int {
        let offset = [0, 0, 4, 20][ops.count]
        var index = 0, power = 1
        for op in ops {
            index += power * (op - 1)
            power *= 4
        }
        return offset + index
    }

    /// Path counts: entry k is the number of input-to-output paths of the cell whose op sequence
    /// has `pathIndex == k`. A path through a `none` edge carries no signal and is not counted.
    /// Shape: `[pathFeatureCount]`.
    ///
    /// This is the BANANAS path encoding carried to NB201's edge-labelled cell (as NASLib and
    /// naszilla do): a path is the sequence of ops on the edges it crosses. The cell's 4 paths have
    /// lengths 1, 2, 2 and 3, so at most 4 features are non-zero; the paths 0->1->3 and 0->2->3
    /// share one op-sequence space, so two such paths with equal ops give a count of 2.
    public func pathCounts(_ arch: NB201Cell) -> [Int] {
        var counts = [Int](repeating: 0, count: NB201Space.pathFeatureCount)
        let ops = arch.ops
        for path in NB201Space.cellPaths {
            let seq = path.map { ops[$0] }
            if seq.contains(0) { continue }  // op code 0 is `none`
            counts[NB201Space.pathIndex(seq)] += 1
        }
        return counts
    }

    /// The path encoding: 1 where `pathCounts` is non-zero, else 0 (presence, as BANANAS
    /// `encode_paths`). Shape: `[pathFeatureCount]`.
    public func pathEncoding(_ arch: NB201Cell) -> [Double] {
        pathCounts(arch).map { $0 > 0 ? 1 : 0 }
    }
}
