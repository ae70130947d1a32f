/// The combinations of per-parameter choices in decreasing total score, lazily (best-first search
/// over index vectors with a binary heap): independent TPE's "next best" proposal when its best
/// combination was evaluated before.
///
/// `scores[p]` must be sorted in decreasing order; a combination is one index per parameter and
/// its score is the sum. Each index vector is reached exactly once, from the vector with its last
/// non-zero index decremented. Ties go to the lexicographically smaller index vector, so the order
/// is deterministic.
struct RankedCombinations {
    let scores: [[Double]]
    private var heap: [(score: Double, index: [Int], last: Int)] = []

    init(scores: [[Double]]) {
        self.scores = scores
        guard scores.allSatisfy({ !$0.isEmpty }) else { return }
        heap = [(scores.reduce(0) { $0 + $1[0] }, [Int](repeating: 0, count: scores.count), 0)]
    }

    /// The next index vector (one index into each `scores[p]`), or nil when all were returned.
    mutating func next() -> [Int]? {
        guard let top = pop() else { return nil }
        for j in top.last..<scores.count where top.index[j] + 1 < scores[j].count {
            var child = top.index
            child[j] += 1
            push((top.score - scores[j][top.index[j]] + scores[j][child[j]], child, j))
        }
        return top.index
    }

    private static func before(_ a: (score: Double, index: [Int], last: Int), _ b: (score: Double, index: [Int], last: Int)) -> Bool {
        a.score != b.score ? a.score > b.score : a.index.lexicographicallyPrecedes(b.index)
    }

    private mutating func push(_ e: (score: Double, index: [Int], last: Int)) {
        heap.append(e)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.before(heap[i], heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    private mutating func pop() -> (score: Double, index: [Int], last: Int)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count && Self.before(heap[l], heap[m]) { m = l }
            if r < heap.count && Self.before(heap[r], heap[m]) { m = r }
            if m == i { break }
            heap.swapAt(i, m)
            i = m
        }
        return top
    }
}
