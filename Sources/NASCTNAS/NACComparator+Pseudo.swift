import NASCore
import NASLinalg
import NASTensor

/// Pairs of architectures labelled by the NAC itself (CTNAS's data exploration, METHODS §4.4):
/// `label[i] = 1` when the NAC judged `first[i]` better than `second[i]` (P > 0.5).
public struct PseudoPairs: Sendable, Hashable {
    public private(set) var first: [NACGraph] = []
    public private(set) var second: [NACGraph] = []
    public private(set) var labels: [Float] = []
    public var count: Int { labels.count }

    public init() {}

    public mutating func append(_ a: NACGraph, _ b: NACGraph, label: Bool) {
        first.append(a); second.append(b); labels.append(label ? 1 : 0)
    }
}

extension NACComparator {
    /// The reference's pseudo-label selection: `P(first[i] > second[i])` for every pair, the `k`
    /// pairs of largest P (ties: lower index first) with label `1[P > 0.5]`.
    public func pseudoLabel(_ first: [NACGraph], _ second: [NACGraph], keep k: Int) throws -> PseudoPairs {
        let p = try probabilities(first, second)
        let top = p.indices.sorted { p[$0] > p[$1] || (p[$0] == p[$1] && $0 < $1) }.prefix(max(0, k))
        var out = PseudoPairs()
        for i in top { out.append(first[i], second[i], label: p[i] > 0.5) }
        return out
    }

    /// One more training epoch on the labelled architectures, each batch extended with
    /// `Int(batch size x ratio)` pseudo pairs drawn without replacement (all of them when there
    /// are fewer): the reference's `train(..., pseudo_set, pseudo_ratio)` after a pseudo-label
    /// round. Continues the fitted network and its Adam state; the epoch's shuffles, partners and
    /// pseudo draws come from `rng`. Copies of this comparator keep the network they had
    /// (copy on write).
    /// - Throws: `invalidArgument` before `fit()` (or `load`).
    public mutating func trainEpoch(pseudo: PseudoPairs, ratio: Double, rng: inout SeededGenerator) throws {
        _ = try fitted()
        if !isKnownUniquelyReferenced(&state) { state = try copiedState() }
        let s = try fitted()
        let n = graphs.count
        var order = Array(0..<n)
        order.shuffle(using: &rng)
        let t0 = monotonicSeconds()
        BLAS.withThreadCount(1) {
            for start in stride(from: 0, to: n, by: settings.batchSize) {
                let idx = Array(order[start..<min(start + settings.batchSize, n)])
                var permutation = Array(idx.indices)
                permutation.shuffle(using: &rng)
                let want = min(pseudo.count, Int(Double(idx.count) * max(0, ratio)))
                var pool = Array(0..<pseudo.count)
                for k in 0..<want { pool.swapAt(k, k + Int(rng.next() % UInt64(pool.count - k))) }
                let chosen = pool.prefix(want)
                let tape = Tape<Float>()
                let loss = s.network.pairLoss(idx.map { graphs[$0] }, values: idx.map { values[$0] }, permutation: permutation,
                                              pseudoFirst: chosen.map { pseudo.first[$0] }, pseudoSecond: chosen.map { pseudo.second[$0] },
                                              pseudoLabels: chosen.map { pseudo.labels[$0] }, on: tape)
                tape.backward(loss)
                s.adam.step()
                steps += 1
            }
        }
        trainSeconds += monotonicSeconds() - t0
    }

    /// A deep copy of the fitted network and its optimiser state.
    func copiedState() throws -> NACState {
        let s = try fitted()
        let c = NACState(vocabulary: vocabulary, settings: settings, seed: seed)
        for (a, b) in zip(c.network.parameters, s.network.parameters) { a.value = b.value }
        try c.adam.restore(s.adam.state)
        c.rng = s.rng
        return c
    }
}

extension NACNetwork {
    /// The training loss with pseudo pairs: graph i of `graphs` is compared with graph
    /// `permutation[i]` (target `1[value_i > value_perm(i)]`), then pseudo pair j compares
    /// `pseudoFirst[j]` with `pseudoSecond[j]` (target `pseudoLabels[j]`); BCE, mean over all
    /// pairs (the reference concatenates both parts into one batch). Features of all graphs are
    /// computed in one pass. Without pseudo pairs this is `pairLoss(_:values:permutation:on:)`.
    public func pairLoss(_ graphs: [NACGraph], values: [Double], permutation: [Int],
                         pseudoFirst: [NACGraph], pseudoSecond: [NACGraph], pseudoLabels: [Float], on tape: Tape<T>) -> Variable<T> {
        let b = graphs.count, p = pseudoLabels.count
        precondition(values.count == b && permutation.count == b && pseudoFirst.count == p && pseudoSecond.count == p,
                     "NACNetwork.pairLoss: \(b) graphs, \(values.count) values, \(permutation.count) partners, \(p) pseudo pairs")
        let f = features(NACBatch(graphs + pseudoFirst + pseudoSecond, nodes: nodes), on: tape)
        let firstRows = Array(0..<(b + p)), secondRows = permutation + Array((b + p)..<(b + 2 * p))
        let prob = probabilities(f.gatherRows(firstRows), f.gatherRows(secondRows))
        let target = Tensor<T>(permutation.indices.map { values[$0] > values[permutation[$0]] ? T(1) : T(0) } + pseudoLabels.map { T($0) })
        return Loss.bce(prob, target)
    }
}
