import Foundation
import NASCore

/// The members of a restricted search domain as packed graphs, for finding the members nearest
/// to a given one by graph edit distance with a linear scan of bit operations.
///
/// Each member's `LabelledDAG` (at most 11 nodes) is placed in a frame of `frameNodes` nodes (the
/// largest member): node i of an n-node graph goes to i, except its last node (the output), which
/// goes to the last frame node. The distance of two members is the number of upper-triangular
/// adjacency entries plus the number of node labels (absent nodes count as a label of their own)
/// on which they differ: one space mutation that flips an edge or changes an op is distance 1.
/// The index is built once per domain and cached per process (`shared(for:)`).
public final class DomainGraphIndex: Sendable {
    /// Nodes of the common frame.
    public let frameNodes: Int
    /// Per member: adjacency bits (entry (i, j), i < j, is bit i * frameNodes + j).
    let adjacency: [UInt64]
    /// Per member: label codes (1...255, 0 = absent node), one byte per frame node, two words.
    let labels: [(UInt64, UInt64)]

    public var memberCount: Int { adjacency.count }

    /// Packs `graphs`; nil when a graph has more than 11 nodes or there are over 255 labels.
    public init?(graphs: [LabelledDAG]) {
        let frame = graphs.map(\.nodeCount).max() ?? 0
        guard frame <= 11 else { return nil }
        var codes: [String: UInt64] = [:]
        var adj: [UInt64] = [], lab: [(UInt64, UInt64)] = []
        adj.reserveCapacity(graphs.count); lab.reserveCapacity(graphs.count)
        for g in graphs {
            let n = g.nodeCount
            func slot(_ i: Int) -> Int { i == n - 1 ? frame - 1 : i }
            var bits: UInt64 = 0
            for i in 0..<n { for j in (i + 1)..<max(i + 1, n) where g.hasEdge(i, j) { bits |= 1 << UInt64(slot(i) * frame + slot(j)) } }
            var words: (UInt64, UInt64) = (0, 0)
            for (i, l) in g.labels.enumerated() {
                let c: UInt64
                if let known = codes[l] { c = known } else { c = UInt64(codes.count + 1); codes[l] = c }
                guard c <= 255 else { return nil }
                let s = slot(i)
                if s < 8 { words.0 |= c << UInt64(8 * s) } else { words.1 |= c << UInt64(8 * (s - 8)) }
            }
            adj.append(bits); lab.append(words)
        }
        frameNodes = frame
        adjacency = adj
        labels = lab
    }

    /// Number of non-zero bytes of `x`.
    @inline(__always) static func nonZeroBytes(_ x: UInt64) -> Int {
        let low7 = (x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F
        return ((low7 | x) & 0x8080_8080_8080_8080).nonzeroBitCount
    }

    /// The graph edit distance (as above) between members `a` and `b`.
    public func distance(_ a: Int, _ b: Int) -> Int {
        (adjacency[a] ^ adjacency[b]).nonzeroBitCount
            + Self.nonZeroBytes(labels[a].0 ^ labels[b].0) + Self.nonZeroBytes(labels[a].1 ^ labels[b].1)
    }

    /// The `k` members nearest to member `i` (excluding `i` and members at distance 0), nearest
    /// first, ties in member order.
    public func nearest(_ i: Int, k: Int) -> [Int32] {
        let n = memberCount
        var byDistance = [[Int32]](repeating: [], count: 64 + 17)
        let (a, l0, l1) = (adjacency[i], labels[i].0, labels[i].1)
        for j in 0..<n where j != i {
            let d = (a ^ adjacency[j]).nonzeroBitCount + Self.nonZeroBytes(l0 ^ labels[j].0) + Self.nonZeroBytes(l1 ^ labels[j].1)
            if d > 0 { byDistance[d].append(Int32(j)) }
        }
        var out: [Int32] = []
        out.reserveCapacity(k)
        for bucket in byDistance {
            for j in bucket { if out.count == k { return out }; out.append(j) }
        }
        return out
    }

    // MARK: per-process cache

    nonisolated(unsafe) private static var cache: [String: (Int, DomainGraphIndex?)] = [:]
    private static let lock = NSLock()

    /// The index of `domain`'s members (nil for an unrestricted domain or graphs too large),
    /// built on first use and cached for the process (the last 4 domains), keyed by the space and
    /// a fingerprint of the members' keys in order.
    public static func shared<S: SearchSpace>(for domain: SearchDomain<S>) -> DomainGraphIndex? {
        guard let members = domain.members else { return nil }
        let key = fingerprint(domain)
        lock.lock()
        if let (_, idx) = cache[key] { lock.unlock(); return idx }
        lock.unlock()
        let idx = DomainGraphIndex(graphs: members.map(domain.space.graph))
        lock.lock(); defer { lock.unlock() }
        if let (_, existing) = cache[key] { return existing }
        let tick = (cache.values.map(\.0).max() ?? 0) + 1
        if cache.count >= 4, let oldest = cache.min(by: { $0.value.0 < $1.value.0 })?.key { cache[oldest] = nil }
        cache[key] = (tick, idx)
        return idx
    }

    static func fingerprint<S: SearchSpace>(_ domain: SearchDomain<S>) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for m in domain.members ?? [] {
            for b in domain.space.key(m).utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            h = (h ^ 0xff) &* 0x100_0000_01b3
        }
        return "\(domain.space.name)/\(domain.members?.count ?? -1)/\(h)"
    }
}
