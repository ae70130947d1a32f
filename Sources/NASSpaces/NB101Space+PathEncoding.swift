extension NB101Space {
    /// Length of the path encoding: one feature per op sequence of length 0...5
    /// (1 + 3 + 9 + 27 + 81 + 243 = 364).
    public static let pathFeatureCount = 364

    /// The feature index of an input-to-output path whose interior ops are `ops` (in order):
    /// `sum_i 3^i * (label(ops[i]) + 1)` with labels conv3x3 0, conv1x1 1, maxpool3x3 2, as in
    /// BANANAS (`get_path_indices`). The empty path (input -> output edge) is index 0; indices of
    /// different sequences never collide.
    public static func pathIndex(_ ops: [NB101Op]) -> Int {
        var index = 0, power = 1
        for op in ops {
            index += power * (op.rawValue + 1)
            power *= 3
        }
        return index
    }

    /// Path counts (White et al. 2021, BANANAS): entry k is the number of distinct
    /// input-to-output paths of the pruned cell whose sequence of interior ops has
    /// `pathIndex == k`. Shape: `[pathFeatureCount]`. Isomorphic cells get the same counts.
    public func pathCounts(_ arch: NB101Cell) -> [Int] {
        var counts = [Int](repeating: 0, count: NB101Space.pathFeatureCount)
        let n = arch.vertexCount
        let ops = arch.ops
        // Depth-first over paths from the input; `index`/`power` encode the ops seen so far.
        func walk(_ v: Int, _ index: Int, _ power: Int) {
            for w in (v + 1)..<n where arch.hasEdge(v, w) {
                if w == n - 1 { counts[index] += 1 }
                else { walk(w, index + power * (ops[w].rawValue + 1), power * 3) }
            }
        }
        walk(0, 0, 1)
        return counts
    }

    /// The BANANAS path encoding: 1 where `pathCounts` is non-zero, else 0 (BANANAS
    /// `encode_paths` records presence, not multiplicity). Shape: `[pathFeatureCount]`.
    public func pathEncoding(_ arch: NB101Cell) -> [Double] {
        pathCounts(arch).map { $0 > 0 ? 1 : 0 }
    }
}
