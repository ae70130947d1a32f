import NASCore

/// The NAS-Bench-Graph search space (Qin et al., NeurIPS 2022 Datasets and Benchmarks; PyPI
/// `nas-bench-graph` 1.4.0): a GNN macro cell of 4 computing nodes. Node i (1...4) applies one GNN
/// operation to the output of one earlier node (0 = the cell input); nodes no other node reads are
/// summed into the cell output. Operations: gat, gcn, gin, cheb, sage, arma, graph (k-GNN), fc,
/// skip (identity).
///
/// Many (links, ops) choices compute the same function (e.g. swapping two leaves that read the same
/// node, or moving a skip). The benchmark stores one canonical representative per class, 26,206 in
/// all; this space's architectures are exactly those representatives (see
/// `NBGraphSpace+Canonical.swift`), and `key` is the benchmark package's integer hash of it.
///
/// String form (ours): the four nodes in order, `op~input` joined by `|`, e.g.
/// `gat~0|gcn~0|sage~1|gin~2` (node 1 = gat of the input, node 2 = gcn of the input, node 3 = sage
/// of node 1, node 4 = gin of node 2; hash 30142). The link pattern must be one of the nine canonical patterns
/// (0000 0001 0011 0012 0013 0111 0112 0122 0123) and the ops in canonical order; `parse` rejects
/// other forms, naming the equivalent canonical string.
public struct NBGraphSpace: SearchSpace {
    public typealias Architecture = NBGraphArchitecture

    /// Operation names, in the benchmark package's order (index = digit in the hash).
    public static let operations = ["gat", "gcn", "gin", "cheb", "sage", "arma", "graph", "fc", "skip"]
    /// The nine canonical link patterns (input index of nodes 1...4), in the package's order.
    public static let linkPatterns: [[Int]] = [
        [0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 1], [0, 0, 1, 2], [0, 0, 1, 3],
        [0, 1, 1, 1], [0, 1, 1, 2], [0, 1, 2, 2], [0, 1, 2, 3],
    ]
    static let skip = 8

    public let name = "nbgraph"

    /// An architecture string in canonical form (for error hints).
    public static let example = "gat~0|gcn~0|sage~1|gin~2"

    public init() {}

    /// Every architecture of the space (26,206), in increasing hash order.
    public static let all: [NBGraphArchitecture] = {
        var out: [NBGraphArchitecture] = []
        for p in 0..<linkPatterns.count {
            for code in 0..<6561 {
                var ops = [Int](repeating: 0, count: 4)
                var c = code
                for i in stride(from: 3, through: 0, by: -1) { ops[i] = c % 9; c /= 9 }
                if ops.allSatisfy({ $0 == skip }) { continue }
                if NBGraphCanonical.isCanonical(links: linkPatterns[p], ops: ops) {
                    out.append(NBGraphArchitecture(pattern: p, ops: ops))
                }
            }
        }
        return out.sorted { $0.hash < $1.hash }
    }()

    public func parse(_ text: String) throws -> NBGraphArchitecture {
        let example = NBGraphSpace.example
        func bad(_ reason: String) -> NaswiftError {
            NaswiftError.malformedArchitecture(text, space: name, reason: reason, example: example)
        }
        let parts = text.split(separator: "|", omittingEmptySubsequences: false)
        guard parts.count == 4 else { throw bad("expected 4 nodes separated by '|', found \(parts.count)") }
        var links: [Int] = [], ops: [Int] = []
        for (i, part) in parts.enumerated() {
            let pieces = part.split(separator: "~", omittingEmptySubsequences: false)
            guard pieces.count == 2 else { throw bad("node \(i + 1) '\(part)' is not 'op~input'") }
            guard let op = NBGraphSpace.operations.firstIndex(of: String(pieces[0])) else {
                throw bad("unknown operation '\(pieces[0])' (valid: \(NBGraphSpace.operations.joined(separator: ", ")))")
            }
            guard let input = Int(pieces[1]), input >= 0, input <= i else {
                throw bad("node \(i + 1) reads '\(pieces[1])'; it may read 0 (the input) to \(i)")
            }
            links.append(input)
            ops.append(op)
        }
        if ops.allSatisfy({ $0 == NBGraphSpace.skip }) { throw bad("all four operations are skip (no such architecture)") }
        let canonical = NBGraphCanonical.canonicalize(links: links, ops: ops)
        guard let p = NBGraphSpace.linkPatterns.firstIndex(of: links), canonical.links == links, canonical.ops == ops else {
            let c = NBGraphArchitecture(links: canonical.links, ops: canonical.ops)
            throw bad("not in canonical form; the benchmark stores it as '\(format(c))'")
        }
        return NBGraphArchitecture(pattern: p, ops: ops)
    }

    public func format(_ arch: NBGraphArchitecture) -> String {
        let links = arch.links, ops = arch.ops
        return (0..<4).map { "\(NBGraphSpace.operations[ops[$0]])~\(links[$0])" }.joined(separator: "|")
    }

    /// The benchmark package's hash (decimal): pattern index, then the four op indices, base 10.
    public func key(_ arch: NBGraphArchitecture) -> String { String(arch.hash) }

    /// The architecture stored under the package's hash `key`; throws when it is not one of the
    /// 26,206 canonical architectures.
    public func architecture(forKey key: String) throws -> NBGraphArchitecture {
        guard let h = Int(key), h >= 0, h < 90_000 else {
            throw NaswiftError.malformedArchitecture(key, space: name, reason: "not a NAS-Bench-Graph hash (an integer below 90000)",
                                                     example: "88887")
        }
        var c = h
        var ops = [Int](repeating: 0, count: 4)
        for i in stride(from: 3, through: 0, by: -1) {
            ops[i] = c % 10
            c /= 10
        }
        guard c < NBGraphSpace.linkPatterns.count, ops.allSatisfy({ $0 < 9 }),
              !ops.allSatisfy({ $0 == NBGraphSpace.skip }),
              NBGraphCanonical.isCanonical(links: NBGraphSpace.linkPatterns[c], ops: ops) else {
            throw NaswiftError.malformedArchitecture(key, space: name, reason: "hash of no canonical NAS-Bench-Graph architecture",
                                                     example: "88887")
        }
        return NBGraphArchitecture(pattern: c, ops: ops)
    }

    /// The canonical architecture equivalent to `links` (input of nodes 1...4, `links[i] <= i`) and
    /// `ops` (indices into `operations`), the one the benchmark stores. Throws for out-of-range
    /// input or all-skip ops.
    public func canonical(links: [Int], ops: [Int]) throws -> NBGraphArchitecture {
        let text = "links \(links) ops \(ops)"
        guard links.count == 4, ops.count == 4, links.enumerated().allSatisfy({ $1 >= 0 && $1 <= $0 }),
              ops.allSatisfy({ (0..<9).contains($0) }) else {
            throw NaswiftError.malformedArchitecture(text, space: name, reason: "need 4 inputs (node i reads 0...i-1) and 4 op indices 0...8",
                                                     example: "links [0, 0, 1, 2] ops [1, 0, 8, 4]")
        }
        guard !ops.allSatisfy({ $0 == NBGraphSpace.skip }) else {
            throw NaswiftError.malformedArchitecture(text, space: name, reason: "all four operations are skip",
                                                     example: "links [0, 0, 1, 2] ops [1, 0, 8, 4]")
        }
        let c = NBGraphCanonical.canonicalize(links: links, ops: ops)
        return NBGraphArchitecture(links: c.links, ops: c.ops)
    }

    /// Uniform over the 26,206 canonical architectures.
    public func sample<G: RandomNumberGenerator>(using rng: inout G) -> NBGraphArchitecture {
        let all = NBGraphSpace.all
        return all[Int(rng.next() % UInt64(all.count))]
    }

    /// Changes one node: its operation (to a different one) or its input (to a different earlier
    /// node), each with probability 1/2, then canonicalises; retries until the result differs.
    public func mutate<G: RandomNumberGenerator>(_ arch: NBGraphArchitecture, using rng: inout G) -> NBGraphArchitecture {
        while true {
            var links = arch.links, ops = arch.ops
            let node = Int(rng.next() % 4)
            if rng.next() % 2 == 0 || node == 0 {
                ops[node] = (ops[node] + 1 + Int(rng.next() % 8)) % 9
            } else {
                links[node] = (links[node] + 1 + Int(rng.next() % UInt64(node))) % (node + 1)
            }
            if ops.allSatisfy({ $0 == NBGraphSpace.skip }) { continue }
            let c = NBGraphCanonical.canonicalize(links: links, ops: ops)
            let m = NBGraphArchitecture(links: c.links, ops: c.ops)
            if m != arch { return m }
        }
    }

    /// Every distinct canonical architecture one operation change or one input change away.
    public func neighbours(of arch: NBGraphArchitecture) -> [NBGraphArchitecture] {
        var seen: Set<NBGraphArchitecture> = [arch]
        var out: [NBGraphArchitecture] = []
        func consider(_ links: [Int], _ ops: [Int]) {
            if ops.allSatisfy({ $0 == NBGraphSpace.skip }) { return }
            let c = NBGraphCanonical.canonicalize(links: links, ops: ops)
            let m = NBGraphArchitecture(links: c.links, ops: c.ops)
            if seen.insert(m).inserted { out.append(m) }
        }
        let links = arch.links, ops = arch.ops
        for node in 0..<4 {
            for op in 0..<9 where op != ops[node] {
                var o = ops
                o[node] = op
                consider(links, o)
            }
            for input in 0...node where input != links[node] {
                var l = links
                l[node] = input
                consider(l, ops)
            }
        }
        return out
    }

    /// Nodes: 0 `input`, 1...4 the operations, 5 `output`; edges input -> node for each link and
    /// every node no other node reads -> output.
    public func graph(_ arch: NBGraphArchitecture) -> LabelledDAG {
        let links = arch.links, ops = arch.ops
        var edges: [(Int, Int)] = []
        for i in 0..<4 { edges.append((links[i], i + 1)) }
        for i in 1...4 where !links.contains(i) { edges.append((i, 5)) }
        let labels = ["input"] + ops.map { NBGraphSpace.operations[$0] } + ["output"]
        return LabelledDAG(nodeCount: 6, edges: edges, labels: labels)
    }

    public func json(_ arch: NBGraphArchitecture) -> String {
        let ops = arch.ops.map { "\"\(NBGraphSpace.operations[$0])\"" }.joined(separator: ",")
        let links = arch.links.map(String.init).joined(separator: ",")
        return "{\"space\":\"nbgraph\",\"arch\":\"\(format(arch))\",\"hash\":\(arch.hash),\"links\":[\(links)],\"ops\":[\(ops)]}"
    }
}

/// One NAS-Bench-Graph architecture, stored as the package's hash
/// (`pattern * 10^4 + op1 * 10^3 + op2 * 10^2 + op3 * 10 + op4`).
public struct NBGraphArchitecture: Hashable, Sendable, Comparable {
    public let hash: Int

    /// `pattern` indexes `NBGraphSpace.linkPatterns`; `ops` are 4 indices into `NBGraphSpace.operations`.
    init(pattern: Int, ops: [Int]) {
        hash = ops.reduce(pattern) { $0 * 10 + $1 }
    }

    /// From a canonical link vector (one of the nine patterns).
    init(links: [Int], ops: [Int]) {
        self.init(pattern: NBGraphSpace.linkPatterns.firstIndex(of: links) ?? 0, ops: ops)
    }

    /// Index into `NBGraphSpace.linkPatterns`.
    public var pattern: Int { hash / 10_000 }
    /// Input node of nodes 1...4 (0 = cell input).
    public var links: [Int] { NBGraphSpace.linkPatterns[pattern] }
    /// Operation indices of nodes 1...4 (into `NBGraphSpace.operations`).
    public var ops: [Int] { [hash / 1000 % 10, hash / 100 % 10, hash / 10 % 10, hash % 10] }

    public static func < (a: NBGraphArchitecture, b: NBGraphArchitecture) -> Bool { a.hash < b.hash }
}
