import NASCore
import NASSpaces
import NASTensor
import Testing
@testable import NASCTNAS

/// The NB201 controller's REINFORCE path and a short policy-learning run with a NAC trained on real cells.
@Suite struct PolicyLearningTests {
    /// d/dtheta of `-log pi(seq) R - w H` (the controller loss) against central differences, on a
    /// fixed decision sequence.
    @Test func controllerLossGradientsMatchFiniteDifferences() {
        var rng = SeededGenerator(seed: 31)
        let c = OpController<Double>(decisions: 6, choices: 5, hidden: 7, rng: &rng)
        let err = GradCheck.maxRelativeError(inputs: [], parameters: c.parameters) { tape, _ in
            var r = SeededGenerator(seed: 1)
            let out = c.run(on: tape, rng: &r, forced: [3, 0, 4, 1, 2, 3])
            return out.logProbability * (-0.73) - out.entropy * 0.05
        }
        #expect(err < 1e-6, "relative gradient error \(err)")
    }

    /// Trained on 423 real NB201 cells, the policy (2,000 iterations, baseline every 500) derives a
    /// cell well above the median of the space (cifar10-valid validation accuracy), and the same
    /// seed derives the same cell.
    @Test func derivedNB201CellIsGoodAndDeterministic() throws {
        let (graphs, values, cells) = try Fixtures.nb201()
        var settings = NACSettings.reference
        settings.epochs = 200
        var nac = try NACComparator(vocabulary: try NACVocabulary.named("nb201"), settings: settings, seed: 3)
        for i in NACEvaluation.split(count: graphs.count, labels: 423, heldOut: 0, seed: 3).labelled {
            try nac.append(graphs[i], value: values[i])
        }
        try nac.fit()
        var policy = PolicySettings.reference
        policy.iterations = 2000
        let a = try NB201PolicyLearning.run(nac: nac, settings: policy, seed: 5)
        let b = try NB201PolicyLearning.run(nac: nac, settings: policy, seed: 5)
        #expect(a.derived == b.derived && a.baselines == b.baselines)
        #expect(a.baselines.count == 5)
        let value = values[cells.firstIndex(of: a.derived)!]
        let sorted = values.sorted()
        let rank = sorted.firstIndex { $0 >= value }!
        print("derived \(a.derived) val acc \(value), quantile \(Double(rank) / Double(values.count)), \(a.seconds) s")
        #expect(Double(rank) / Double(values.count) > 0.75)
    }
}
