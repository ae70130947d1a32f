import NASCore
import NASSpaces
import NASTensor
import Testing
@testable import NASCTNAS

/// CTNAS's data exploration (pseudo labels, METHODS §4.4).
@Suite struct PseudoLabelTests {
    /// The mixed loss (labelled pairs of a batch + pseudo pairs) equals the reference's form,
    /// which runs the NAC on `concat(batch, pseudo first)` against `concat(permuted batch, pseudo
    /// second)`: same loss and gradients (Double, real NB201 cells).
    @Test func mixedLossEqualsTheReferenceForm() throws {
        let (graphs, values, _) = try Fixtures.nb201()
        let v = try NACVocabulary.named("nb201")
        var rng = SeededGenerator(seed: 8)
        let net = NACNetwork<Double>(opCount: v.opCount, nodes: v.nodes, dimension: 16, layers: 4, rng: &rng)
        let idx = (0..<24).map { $0 * 611 }
        var permutation = Array(idx.indices)
        permutation.shuffle(using: &rng)
        let pa = (0..<10).map { graphs[$0 * 97 + 5] }, pb = (0..<10).map { graphs[$0 * 89 + 13] }
        let labels: [Float] = (0..<10).map { $0 % 3 == 0 ? 0 : 1 }
        let vals = idx.map { values[$0] }
        let tape = Tape<Double>()
        let loss = net.pairLoss(idx.map { graphs[$0] }, values: vals, permutation: permutation,
                                pseudoFirst: pa, pseudoSecond: pb, pseudoLabels: labels, on: tape)
        tape.backward(loss)
        let g1 = net.parameters.map { $0.grad! }
        net.zeroGrad()
        let tape2 = Tape<Double>()
        let first = NACBatch<Double>(idx.map { graphs[$0] } + pa, nodes: v.nodes)
        let second = NACBatch<Double>(permutation.map { graphs[idx[$0]] } + pb, nodes: v.nodes)
        let p = net.probabilities(net.features(first, on: tape2), net.features(second, on: tape2))
        let target = Tensor<Double>(permutation.indices.map { vals[$0] > vals[permutation[$0]] ? 1 : 0 } + labels.map(Double.init))
        let ref = Loss.bce(p, target)
        tape2.backward(ref)
        #expect(abs(ref.scalar - loss.scalar) < 1e-13)
        for (a, b) in zip(g1, net.parameters.map { $0.grad! }) {
            let scale = b.scalars.map(Swift.abs).max()! + 1e-300
            #expect(zip(a.scalars, b.scalars).map { Swift.abs($0 - $1) }.max()! / scale < 1e-12)
        }
        net.zeroGrad()
    }

    /// Pseudo labels are the k pairs the NAC is most sure of, labelled 1[P > 0.5]; a pseudo epoch
    /// changes a copy only (copy on write), and takes one Adam step per labelled batch.
    @Test func pseudoPairsAndEpoch() throws {
        let (graphs, values, _) = try Fixtures.nb201()
        var s = NACSettings.reference
        s.epochs = 30
        var nac = try NACComparator(vocabulary: try NACVocabulary.named("nb201"), settings: s, seed: 1)
        for i in 0..<300 { try nac.append(graphs[i * 50], value: values[i * 50]) }
        try nac.fit()
        let a = Array(graphs[1000..<1200]), b = Array(graphs[3000..<3200])
        let p = try nac.probabilities(a, b)
        let pairs = try nac.pseudoLabel(a, b, keep: 50)
        #expect(pairs.count == 50)
        let kept = p.sorted(by: >).prefix(50)
        for i in 0..<pairs.count {
            let pi = try nac.probabilities([pairs.first[i]], [pairs.second[i]])[0]
            #expect(pi >= kept.last! - 1e-6)
            #expect(pairs.labels[i] == (pi > 0.5 ? 1 : 0))
        }
        let before = try nac.comparisonMatrix(Array(graphs[5000..<5040]))
        var tuned = nac
        var rng = SeededGenerator(seed: 4)
        try tuned.trainEpoch(pseudo: pairs, ratio: 1, rng: &rng)
        #expect(try nac.comparisonMatrix(Array(graphs[5000..<5040])) == before)
        #expect(try tuned.comparisonMatrix(Array(graphs[5000..<5040])) != before)
        #expect(tuned.steps == nac.steps + 2)   // 300 labels = batches of 256 and 44
    }
}
