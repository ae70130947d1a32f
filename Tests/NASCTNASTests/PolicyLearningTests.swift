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

/// The NAS-Bench-Graph controller (decision kinds of different sizes) and its policy learning.
@Suite struct NBGraphPolicyTests {
    /// The controller loss gradient with several decision kinds (9, 2, 3, 4 choices) against
    /// central differences, on a fixed sequence.
    @Test func multiKindLossGradientsMatchFiniteDifferences() {
        var rng = SeededGenerator(seed: 8)
        let c = OpController<Double>(kinds: NBGraphPolicy.kinds, sequence: NBGraphPolicy.sequence, hidden: 6, rng: &rng)
        #expect(c.parameters.count == 1 + 4 + 4 + 8)   // start, 4 embeddings, LSTM (4), 4 decoders (weight + bias)
        let err = GradCheck.maxRelativeError(inputs: [], parameters: c.parameters) { tape, _ in
            var r = SeededGenerator(seed: 1)
            let out = c.run(on: tape, rng: &r, forced: [8, 1, 0, 2, 5, 3, 1])
            return out.logProbability * (-0.41) - out.entropy * 0.05
        }
        #expect(err < 1e-6, "relative gradient error \(err)")
    }

    /// Sampled sequences stay within each decision's choices, and the uniform-ish initial policy
    /// reaches every link pattern (the benchmark's 9) within 2,000 draws.
    @Test func samplesCoverTheSpace() throws {
        var rng = SeededGenerator(seed: 2)
        let policy = NBGraphPolicy(hidden: 64, rng: &rng)
        var patterns = Set<Int>(), archs = Set<NBGraphArchitecture>()
        for _ in 0..<2000 {
            let r = policy.controller.run(on: Tape<Float>(recording: false), rng: &rng)
            for (t, k) in NBGraphPolicy.sequence.enumerated() { #expect((0..<NBGraphPolicy.kinds[k]).contains(r.choices[t])) }
            if let a = NBGraphPolicy.architecture(choices: r.choices) { patterns.insert(a.pattern); archs.insert(a) }
        }
        #expect(patterns.count == NBGraphSpace.linkPatterns.count)
        #expect(archs.count > 1500)
        // choice order: op1, in2, op2, in3, op3, in4, op4
        let a = try #require(NBGraphPolicy.architecture(choices: [0, 0, 1, 1, 4, 2, 2]))
        #expect(NBGraphSpace().format(a) == "gat~0|gcn~0|sage~1|gin~2")
        #expect(NBGraphPolicy.architecture(choices: [8, 0, 8, 1, 8, 2, 8]) == nil)
    }

    /// A NAC trained on 200 random architectures valued by their number of gcn operations (plus
    /// a small hash-mixed noise) leads the policy (2,000 iterations) to a cell with at least three
    /// gcn operations (0.8% of the space has as many), and the same seed derives the same cell.
    @Test func derivedCellFollowsTheComparator() throws {
        let space = NBGraphSpace()
        let encoding = try NACEncoding(space: space)
        func value(_ a: NBGraphArchitecture) -> Double {
            var g = SeededGenerator(seed: UInt64(a.hash))
            return 0.3 * g.uniform() + Double(a.ops.filter { $0 == 1 }.count)
        }
        var settings = NACSettings.reference
        settings.epochs = 100
        var nac = try NACComparator(vocabulary: encoding.vocabulary, settings: settings, seed: 4)
        var rng = SeededGenerator(seed: 4)
        for a in NBGraphSpace.all.shuffled(using: &rng).prefix(200) { try nac.append(encoding.code(a), value: value(a)) }
        try nac.fit()
        var policy = PolicySettings.reference
        policy.iterations = 2000
        let a = try NBGraphPolicyLearning.run(nac: nac, settings: policy, seed: 6)
        let b = try NBGraphPolicyLearning.run(nac: nac, settings: policy, seed: 6)
        #expect(a.derived == b.derived && a.baselines == b.baselines)
        #expect(a.baselines.count == 5)
        let gcn = a.derived.ops.filter { $0 == 1 }.count
        let share = Double(NBGraphSpace.all.filter { $0.ops.filter { $0 == 1 }.count >= 3 }.count) / Double(NBGraphSpace.all.count)
        print("derived \(space.format(a.derived)) with \(gcn) gcn ops (share of the space with >= 3: \(share)), \(a.seconds) s")
        #expect(gcn >= 3)
    }
}
