import NASCore
import NASTensor
import Testing
@testable import NASCTNAS

/// The NAC's embedding -> GCN -> mean -> concat -> linear -> sigmoid -> BCE path against central
/// differences (Double), on real NB101 and NB201 cells.
@Suite struct NACGradientTests {
    /// A small NAC (width 6, the reference's 4 layers) so every parameter can be perturbed.
    static func small(opCount: Int, nodes: Int, seed: UInt64) -> NACNetwork<Double> {
        var rng = SeededGenerator(seed: seed)
        return NACNetwork<Double>(opCount: opCount, nodes: nodes, dimension: 6, layers: 4, rng: &rng)
    }

    @Test(arguments: ["nb101", "nb201"])
    func pairLossGradientsMatchFiniteDifferences(space: String) throws {
        let (graphs, values) = try Fixtures.labelled(space)
        let v = try NACVocabulary.named(space)
        // 8 cells spread over the table, with their true values; partners: a fixed permutation
        let pick = (0..<8).map { $0 * (graphs.count / 8) + 3 }
        let batch = NACBatch<Double>(pick.map { graphs[$0] }, nodes: v.nodes)
        let vals = pick.map { values[$0] }
        let permutation = [3, 0, 6, 1, 7, 2, 4, 5]
        let net = Self.small(opCount: v.opCount, nodes: v.nodes, seed: 11)
        let err = GradCheck.maxRelativeError(inputs: [], parameters: net.parameters) { tape, _ in
            net.pairLoss(batch, values: vals, permutation: permutation, on: tape).loss
        }
        #expect(err < 1e-6, "\(space): relative gradient error \(err)")
        // the targets are not all equal (the loss sees both classes)
        let targets = permutation.indices.map { vals[$0] > vals[permutation[$0]] }
        #expect(targets.contains(true) && targets.contains(false))
    }

    /// The shared-feature loss equals the reference's form, which runs the GCN a second time on the
    /// permuted copy of the batch: same loss, same gradients.
    @Test func sharedFeaturesEqualTheReferenceForm() throws {
        let f = try Fixtures.nb101()
        let v = try NACVocabulary.named("nb101")
        let idx = Array(100..<132)
        var rng = SeededGenerator(seed: 5)
        var permutation = Array(idx.indices)
        permutation.shuffle(using: &rng)
        let vals = idx.map { f.values[$0] }
        let net = Self.small(opCount: v.opCount, nodes: v.nodes, seed: 12)
        let batch = NACBatch<Double>(idx.map { f.graphs[$0] }, nodes: v.nodes)
        let tape = Tape<Double>()
        let shared = net.pairLoss(batch, values: vals, permutation: permutation, on: tape)
        tape.backward(shared.loss)
        let g1 = net.parameters.map { $0.grad! }
        net.zeroGrad()

        let tape2 = Tape<Double>()
        let permuted = NACBatch<Double>(permutation.map { f.graphs[idx[$0]] }, nodes: v.nodes)
        let p = net.probabilities(net.features(batch, on: tape2), net.features(permuted, on: tape2))
        let target = Tensor<Double>(permutation.indices.map { vals[$0] > vals[permutation[$0]] ? 1 : 0 })
        let loss = Loss.bce(p, target)
        tape2.backward(loss)
        #expect(abs(loss.scalar - shared.loss.scalar) < 1e-14)
        for (a, b) in zip(g1, net.parameters.map { $0.grad! }) {
            let scale = b.scalars.map(abs).max()! + 1e-300
            #expect(zip(a.scalars, b.scalars).map { abs($0 - $1) }.max()! / scale < 1e-12)
        }
        net.zeroGrad()
    }
}
