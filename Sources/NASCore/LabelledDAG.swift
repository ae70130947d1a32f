/// A node-labelled directed acyclic graph: the common core every search space maps to.
///
/// Nodes are in topological order (node 0 is the input, node `nodeCount - 1` the output for cell
/// spaces), so every edge i -> j has i < j. `adjacency` is row-major `nodeCount x nodeCount`;
/// `adjacency[i * nodeCount + j]` is true when there is an edge i -> j.
public struct LabelledDAG: Hashable, Sendable {
    public let nodeCount: Int
    public var adjacency: [Bool]
    public var labels: [String]

    public init(nodeCount: Int, adjacency: [Bool], labels: [String]) {
        precondition(adjacency.count == nodeCount * nodeCount, "adjacency must be nodeCount x nodeCount")
        precondition(labels.count == nodeCount, "one label per node")
        self.nodeCount = nodeCount
        self.adjacency = adjacency
        self.labels = labels
    }

    /// Builds a DAG from an edge list `(from, to)`.
    public init(nodeCount: Int, edges: [(Int, Int)], labels: [String]) {
        var adj = [Bool](repeating: false, count: nodeCount * nodeCount)
        for (i, j) in edges { adj[i * nodeCount + j] = true }
        self.init(nodeCount: nodeCount, adjacency: adj, labels: labels)
    }

    @inlinable
    public func hasEdge(_ i: Int, _ j: Int) -> Bool { adjacency[i * nodeCount + j] }

    /// Edges as `(from, to)` pairs in row-major order.
    public var edges: [(Int, Int)] {
        var out: [(Int, Int)] = []
        for i in 0..<nodeCount { for j in 0..<nodeCount where adjacency[i * nodeCount + j] { out.append((i, j)) } }
        return out
    }

    public var edgeCount: Int { adjacency.reduce(0) { $0 + ($1 ? 1 : 0) } }

    public func inDegree(_ j: Int) -> Int { (0..<nodeCount).reduce(0) { $0 + (hasEdge($1, j) ? 1 : 0) } }
    public func outDegree(_ i: Int) -> Int { (0..<nodeCount).reduce(0) { $0 + (hasEdge(i, $1) ? 1 : 0) } }
}
