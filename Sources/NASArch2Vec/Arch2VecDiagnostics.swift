import NASCore
import NASSpaces
import NASTensor

/// The per-epoch diagnostics of arch2vec pretraining (METHODS §2.3), as pure functions.
public enum Arch2VecDiagnostics {
    /// Counts for the reconstruction accuracies of one batch.
    public struct ReconstructionCounts: Sendable, Equatable {
        public var opRowsCorrect = 0, opRows = 0
        /// The same over real node rows (one-hot rows that are not all zero).
        public var realRowsCorrect = 0, realRows = 0
        public var adjacencyCorrect = 0, adjacencyEntries = 0
        /// The same over upper entries whose two nodes are both real.
        public var realAdjacencyCorrect = 0, realAdjacencyEntries = 0

        public init() {}

        public var opAccuracy: Double { opRows == 0 ? 0 : Double(opRowsCorrect) / Double(opRows) }
        public var realNodeOpAccuracy: Double { realRows == 0 ? 0 : Double(realRowsCorrect) / Double(realRows) }
        public var adjacencyAccuracy: Double { adjacencyEntries == 0 ? 0 : Double(adjacencyCorrect) / Double(adjacencyEntries) }
        public var realNodeAdjacencyAccuracy: Double {
            realAdjacencyEntries == 0 ? 0 : Double(realAdjacencyCorrect) / Double(realAdjacencyEntries)
        }

        public static func += (a: inout ReconstructionCounts, b: ReconstructionCounts) {
            a.opRowsCorrect += b.opRowsCorrect; a.opRows += b.opRows
            a.realRowsCorrect += b.realRowsCorrect; a.realRows += b.realRows
            a.realAdjacencyCorrect += b.realAdjacencyCorrect; a.realAdjacencyEntries += b.realAdjacencyEntries
            a.adjacencyCorrect += b.adjacencyCorrect; a.adjacencyEntries += b.adjacencyEntries
        }
    }

    /// Reconstruction counts of a batch: `opsRecon [B n, F]` against one-hot `ops [B n, F]` (row
    /// argmax equal; an all-zero padding row has argmax 0, as in the reference), and
    /// `adjRecon [B, n, n]` thresholded at 0.5 against the directed `target [B, n, n]` on the strict
    /// upper triangle. Ties in argmax go to the first column (numpy / PyTorch convention).
    public static func reconstruction(opsRecon: Tensor<Float>, ops: Tensor<Float>,
                                      adjRecon: Tensor<Float>, target: Tensor<Float>) -> ReconstructionCounts {
        var c = ReconstructionCounts()
        let f = ops.shape[1], rows = ops.shape[0]
        var real = [Bool](repeating: false, count: rows)
        for r in 0..<rows {
            let ok = argmax(opsRecon.scalars, r * f, f) == argmax(ops.scalars, r * f, f)
            if ok { c.opRowsCorrect += 1 }
            if ops.scalars[(r * f)..<((r + 1) * f)].contains(where: { $0 != 0 }) {
                real[r] = true
                c.realRows += 1
                if ok { c.realRowsCorrect += 1 }
            }
        }
        c.opRows = rows
        let (b, n) = (target.shape[0], target.shape[1])
        for g in 0..<b {
            for i in 0..<n {
                for j in (i + 1)..<max(i + 1, n) {
                    let k = (g * n + i) * n + j
                    let ok = (adjRecon.scalars[k] > 0.5) == (target.scalars[k] > 0.5)
                    if ok { c.adjacencyCorrect += 1 }
                    if real[g * n + i] && real[g * n + j] {
                        c.realAdjacencyEntries += 1
                        if ok { c.realAdjacencyCorrect += 1 }
                    }
                }
            }
        }
        c.adjacencyEntries = b * n * (n - 1) / 2
        return c
    }

    /// Index of the largest of `x[start ..< start + count]` (first on ties).
    @inline(__always)
    static func argmax(_ x: [Float], _ start: Int, _ count: Int) -> Int {
        var best = 0
        for k in 1..<max(1, count) where x[start + k] > x[start + best] { best = k }
        return best
    }

    /// The cell a decoding denotes, as a key identifying it, or nil when the decoding is not a
    /// valid cell of `space`. `opColumns` are the per-node argmax columns (`nodes` values),
    /// `upper[i * nodes + j]` the thresholded decoded edges (only `i < j` is read).
    ///
    /// * nb201: valid when node 0 decodes to `input`, node 7 to `output` and nodes 1..6 to edge ops
    ///   (the cell is determined by the six edge ops; the decoded adjacency is not used, since the
    ///   line graph is fixed). Key: the arch string.
    /// * nb101: valid when the 7-vertex decoding (ops, edges) is a valid NB101 cell after pruning,
    ///   as nasbench `is_valid` judges it (input first, output last, interior ops conv/maxpool, a
    ///   path, at most 9 edges); a decoded padding row that is not the output makes it invalid.
    ///   Key: the module hash.
    /// * nbgraph: valid when node 0 decodes to `input`, node 5 to `output`, nodes 1..4 to operations,
    ///   each operation node has exactly one decoded input (a lower node) and the output reads
    ///   exactly the nodes no operation reads; not all four operations skip. Key: the package's hash
    ///   of the canonical equivalent (`NBGraphSpace.canonical`), so equivalent decodings count once.
    public static func decodedCellKey(space: Arch2VecSpace, opColumns: [Int], upper: [Bool]) -> String? {
        let n = space.nodes
        guard opColumns.count == n, upper.count == n * n else { return nil }
        switch space {
        case .nb201:
            guard opColumns[0] == 0, opColumns[n - 1] == 6 else { return nil }
            // columns 1..5 = nor_conv_1x1, nor_conv_3x3, avg_pool_3x3, skip_connect, none -> NB201 op codes
            let toCode = [1: 2, 2: 3, 3: 4, 4: 1, 5: 0]
            var ops: [Int] = []
            for v in 1..<(n - 1) {
                guard let code = toCode[opColumns[v]] else { return nil }
                ops.append(code)
            }
            guard let cell = NB201Cell(ops: ops) else { return nil }
            return cell.description
        case .nb101:
            let byColumn: [NB101Op] = [.input, .conv1x1, .conv3x3, .maxpool3x3, .output]
            var adj = [Bool](repeating: false, count: n * n)
            for i in 0..<n { for j in (i + 1)..<max(i + 1, n) { adj[i * n + j] = upper[i * n + j] } }
            let ops = opColumns.map { byColumn[$0] }
            guard let cell = try? NB101Cell(vertexCount: n, adjacency: adj, ops: ops) else { return nil }
            return cell.hashString
        case .nbgraph:
            let output = space.features - 1
            guard opColumns[0] == 0, opColumns[n - 1] == output else { return nil }
            var links: [Int] = [], ops: [Int] = []
            for v in 1..<(n - 1) {
                guard (1..<output).contains(opColumns[v]) else { return nil }
                let inputs = (0..<v).filter { upper[$0 * n + v] }
                guard inputs.count == 1 else { return nil }
                links.append(inputs[0])
                ops.append(opColumns[v] - 1)
            }
            for v in 1..<(n - 1) where upper[v * n + n - 1] == links.contains(v) { return nil }
            guard !upper[n - 1], let arch = try? NBGraphSpace().canonical(links: links, ops: ops) else { return nil }
            return NBGraphSpace().key(arch)
        }
    }

    /// `(validity, uniqueness)` of decoded keys (`nil` = invalid): valid / all, distinct valid / valid
    /// (0 when nothing is valid).
    public static func validityAndUniqueness(_ keys: [String?]) -> (validity: Double, uniqueness: Double) {
        let valid = keys.compactMap { $0 }
        guard !keys.isEmpty else { return (0, 0) }
        let v = Double(valid.count) / Double(keys.count)
        let u = valid.isEmpty ? 0 : Double(Set(valid).count) / Double(valid.count)
        return (v, u)
    }

    /// Decodes `count` latent draws `z = mean + std * N(0, 1)` (per node and dimension, `[nodes * latent]`)
    /// with the model's decoder in eval mode (no dropout) and returns each draw's cell key (nil = invalid).
    public static func decodeSamples(model: GINVAE<Float>, space: Arch2VecSpace, mean: [Float], std: [Float],
                                     count: Int, rng: inout SeededGenerator) -> [String?] {
        let n = space.nodes, d = model.latent, f = space.features
        var keys: [String?] = []
        keys.reserveCapacity(count)
        let chunk = 2048
        var done = 0
        while done < count {
            let b = min(chunk, count - done)
            var z = [Float](repeating: 0, count: b * n * d)
            for g in 0..<b { for k in 0..<(n * d) { z[g * n * d + k] = mean[k] + std[k] * Float(rng.normal()) } }
            let tape = Tape<Float>()
            let zt = try! Tensor(shape: [b * n, d], scalars: z)
            let ops = model.opsHead(tape.constant(zt)).sigmoid().value
            let z3 = zt.reshapedUnchecked([b, n, d])
            let adj = z3.batchedMatmul(z3, transposeOther: true)   // logits: sigmoid(x) > 0.5 <=> x > 0
            for g in 0..<b {
                let cols = (0..<n).map { argmax(ops.scalars, (g * n + $0) * f, f) }
                var upper = [Bool](repeating: false, count: n * n)
                for i in 0..<n { for j in (i + 1)..<max(i + 1, n) { upper[i * n + j] = adj.scalars[(g * n + i) * n + j] > 0 } }
                keys.append(decodedCellKey(space: space, opColumns: cols, upper: upper))
            }
            done += b
        }
        return keys
    }
}
