import NASCore

/// What the TW-NAS discrepancy needs to know about one architecture (METHODS §3.1).
public struct TWFeatures: Sendable, Equatable {
    /// Subtree masses of the normalised operation counts under the op tree. Shape `[tree.edges.count]`.
    public let opMasses: [Double]
    /// In-degree mass per layer (layer = shortest-path distance from the input), summing to 1.
    public let inDegree: [Double]
    /// Out-degree mass per layer, summing to 1.
    public let outDegree: [Double]
}

/// The three tree-Wasserstein discrepancies between two architectures.
public struct TWDistances: Sendable, Equatable {
    public let op: Double
    public let inDegree: Double
    public let outDegree: Double
}

/// Counting rules shared by the TW-NAS representation (METHODS §3.1).
public enum TWCounting {
    /// Shortest-path layer of every node from node 0 (unit edge weights); -1 when unreachable.
    public static func layers(_ g: LabelledDAG) -> [Int] {
        let n = g.nodeCount
        var layer = [Int](repeating: -1, count: n)
        guard n > 0 else { return layer }
        layer[0] = 0
        var frontier = [0]
        while !frontier.isEmpty {
            var next: [Int] = []
            for i in frontier {
                for j in 0..<n where g.hasEdge(i, j) && layer[j] < 0 {
                    layer[j] = layer[i] + 1
                    next.append(j)
                }
            }
            frontier = next
        }
        return layer
    }

    /// Per-layer sums of per-node degrees, normalised to a probability vector (uniform when all
    /// degrees are zero). Nodes with layer -1 are ignored. Shape `[maxLayer + 1]`.
    public static func layerHistogram(degrees: [Int], layers: [Int]) -> [Double] {
        let maxLayer = layers.max() ?? 0
        var h = [Double](repeating: 0, count: max(maxLayer, 0) + 1)
        for (d, l) in zip(degrees, layers) where l >= 0 { h[l] += Double(d) }
        let total = h.reduce(0, +)
        if total == 0 { return [Double](repeating: 1 / Double(h.count), count: h.count) }
        return h.map { $0 / total }
    }

    /// 1-gram counts over `vocabulary` of the non-isolated nodes (nodes with any edge).
    public static func oneGram(_ g: LabelledDAG, vocabulary: [String]) -> [Double] {
        var counts = [Double](repeating: 0, count: vocabulary.count)
        for v in 0..<g.nodeCount where g.inDegree(v) + g.outDegree(v) > 0 {
            if let k = vocabulary.firstIndex(of: g.labels[v]) { counts[k] += 1 }
        }
        return counts
    }

    /// 1-gram counts followed by directed op-pair counts over edges between intermediate nodes
    /// (first and last node cropped; nodes whose label is not in `vocabulary` dropped). The pair
    /// (row op r, column op c) is counted at index `K * (1 + r) + c`, K = vocabulary size.
    public static func twoGram(_ g: LabelledDAG, vocabulary: [String]) -> [Double] {
        let k = vocabulary.count
        var counts = oneGram(g, vocabulary: vocabulary) + [Double](repeating: 0, count: k * k)
        guard g.nodeCount > 2 else { return counts }
        let inner = 1..<(g.nodeCount - 1)
        for i in inner {
            guard let r = vocabulary.firstIndex(of: g.labels[i]) else { continue }
            for j in inner where g.hasEdge(i, j) {
                guard let c = vocabulary.firstIndex(of: g.labels[j]) else { continue }
                counts[k * (1 + r) + c] += 1
            }
        }
        return counts
    }

    /// The DAG without the nodes whose label is in `labels` (and their edges).
    public static func removing(_ labels: Set<String>, from g: LabelledDAG) -> LabelledDAG {
        let keep = (0..<g.nodeCount).filter { !labels.contains(g.labels[$0]) }
        var adj = [Bool](repeating: false, count: keep.count * keep.count)
        for (a, i) in keep.enumerated() { for (b, j) in keep.enumerated() where g.hasEdge(i, j) { adj[a * keep.count + b] = true } }
        return LabelledDAG(nodeCount: keep.count, adjacency: adj, labels: keep.map { g.labels[$0] })
    }
}
