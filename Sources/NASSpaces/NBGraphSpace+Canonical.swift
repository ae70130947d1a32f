/// Canonical forms of NAS-Bench-Graph architectures: the representative the benchmark stores for
/// each class of equivalent (links, ops) choices. The rules reproduce the benchmark package's
/// `valid_hash` (checked exhaustively against it over all 24 link vectors x 9^4 op choices in the
/// tests):
///
/// 1. Relabel: a link vector outside the nine patterns is renumbered (nodes permuted, keeping
///    every node after its input) onto a pattern; we take the first permutation, in lexicographic
///    order, that lands on a pattern.
/// 2. Skips move to the front: scanning nodes in order, a skip node that has a reader, or no
///    sibling (no other node reads its input), or only skips between it and the cell input, is
///    moved to position 1 reading the cell input; its readers then read its former input, and every
///    node that read the cell input reads the moved skip instead (other inputs are renumbered).
///    Two resulting patterns are folded onto `0112` (`0121` by swapping nodes 3 and 4; `0113` by
///    swapping nodes 2 and 3).
/// 3. Interchangeable nodes are sorted by operation index: all four in `0000`; nodes 2-3 in `0001`;
///    3-4 in `0011` and `0122`; 2-4 in `0111`; in `0012` the two branches (1->3 and 2->4) are
///    swapped when node 1's op is larger than node 2's, or equal with node 3's larger than node 4's.
enum NBGraphCanonical {
    static let skip = 8

    /// The canonical (links, ops) equivalent to `links` (input of each node, `links[i] <= i`) and
    /// `ops` (indices into `NBGraphSpace.operations`).
    static func canonicalize(links: [Int], ops: [Int]) -> (links: [Int], ops: [Int]) {
        var (l, o) = relabel(links: links, ops: ops)
        moveSkips(links: &l, ops: &o)
        sortInterchangeable(links: l, ops: &o)
        return (l, o)
    }

    /// Whether (links, ops) is its own canonical form (steps 2 and 3 leave it unchanged).
    static func isCanonical(links: [Int], ops: [Int]) -> Bool {
        var l = links, o = ops
        moveSkips(links: &l, ops: &o)
        sortInterchangeable(links: l, ops: &o)
        return l == links && o == ops
    }

    /// Step 1: renumber nodes so the link vector is one of the nine patterns.
    static func relabel(links: [Int], ops: [Int]) -> ([Int], [Int]) {
        if NBGraphSpace.linkPatterns.contains(links) { return (links, ops) }
        for perm in permutations {
            // New node j+1 is old node perm[j]+1.
            var newIndex = [0, 0, 0, 0, 0]
            for (j, old) in perm.enumerated() { newIndex[old + 1] = j + 1 }
            var l = [Int](repeating: 0, count: 4), valid = true
            for j in 0..<4 {
                l[j] = newIndex[links[perm[j]]]
                if l[j] > j { valid = false; break }
            }
            if valid, NBGraphSpace.linkPatterns.contains(l) { return (l, perm.map { ops[$0] }) }
        }
        return (links, ops)
    }

    /// All 24 permutations of 0...3 in lexicographic order.
    static let permutations: [[Int]] = {
        var out: [[Int]] = []
        for a in 0..<4 { for b in 0..<4 where b != a { for c in 0..<4 where c != a && c != b {
            out.append([a, b, c, 6 - a - b - c])
        } } }
        return out
    }()

    /// Step 2 (see the type's comment).
    static func moveSkips(links: inout [Int], ops: inout [Int]) {
        for i in 0..<4 where ops[i] == skip {
            let hasReader = links.contains(i + 1)
            var hasSibling = false
            for j in 0..<4 where j != i && links[j] != i + 1 && links[j] == links[i] { hasSibling = true }
            if hasReader || !hasSibling || onlySkipsToInput(from: i, links: links, ops: ops) {
                moveToFront(i, links: &links, ops: &ops)
            }
        }
        if links == [0, 1, 2, 1] {
            links = [0, 1, 1, 2]
            ops = [ops[0], ops[1], ops[3], ops[2]]
        } else if links == [0, 1, 1, 3] {
            links = [0, 1, 1, 2]
            ops = [ops[0], ops[2], ops[1], ops[3]]
        }
    }

    /// Whether node k and every node on its input chain are skips.
    private static func onlySkipsToInput(from k: Int, links: [Int], ops: [Int]) -> Bool {
        var node = k
        while node >= 0 {
            if ops[node] != skip { return false }
            node = links[node] - 1
        }
        return true
    }

    /// Moves node k (0-based) to position 0 reading the cell input.
    private static func moveToFront(_ k: Int, links: inout [Int], ops: inout [Int]) {
        let input = links[k]
        var l = links
        for j in 0..<4 {
            if links[j] == k + 1 {
                // Readers of the moved node read its former input, renumbered.
                l[j] = input + 1
            } else if links[j] <= k {
                l[j] = links[j] + 1
            }
        }
        var newLinks = [0]
        var newOps = [ops[k]]
        for j in 0..<4 where j != k {
            newLinks.append(l[j])
            newOps.append(ops[j])
        }
        links = newLinks
        ops = newOps
    }

    /// Step 3 (see the type's comment).
    static func sortInterchangeable(links: [Int], ops: inout [Int]) {
        func sortPositions(_ positions: [Int]) {
            let sorted = positions.map { ops[$0] }.sorted()
            for (p, v) in zip(positions, sorted) { ops[p] = v }
        }
        switch links {
        case [0, 0, 0, 0]: sortPositions([0, 1, 2, 3])
        case [0, 0, 0, 1]: sortPositions([1, 2])
        case [0, 0, 1, 1], [0, 1, 2, 2]: sortPositions([2, 3])
        case [0, 1, 1, 1]: sortPositions([1, 2, 3])
        case [0, 0, 1, 2]:
            if ops[0] > ops[1] || (ops[0] == ops[1] && ops[2] > ops[3]) { ops = [ops[1], ops[0], ops[3], ops[2]] }
        default: break
        }
    }
}
