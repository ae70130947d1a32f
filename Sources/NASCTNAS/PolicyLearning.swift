import NASCore
import NASLinalg
import NASSpaces
import NASTensor

/// Settings of CTNAS's policy learning (METHODS §4.4; defaults = the reference).
public struct PolicySettings: Sendable, Hashable, Codable {
    /// Controller updates (10,000), one sampled architecture each.
    public var iterations = 10_000
    /// The baseline is replaced every `baselineEvery` iterations (500) by the tournament winner of
    /// `tournament` (10) controller samples; `randomBaseline` picks a random one of them instead
    /// (the ablation).
    public var baselineEvery = 500
    public var tournament = 10
    public var randomBaseline = false
    /// Entropy bonus (5e-4) and Adam (lr 2e-4, betas (0.5, 0.999), weight decay 5e-4).
    public var entropyWeight = 5e-4
    public var learningRate = 2e-4
    public var hidden = 64

    public init() {}
    public static let reference = PolicySettings()
}

/// The result of a policy-learning run: the derived architecture (the best of the history of
/// baselines by the NAC tournament) and the baselines in order.
public struct PolicyOutcome<A: Hashable & Sendable>: Sendable {
    public let derived: A
    public let baselines: [A]
    public let seconds: Double
}

/// CTNAS's REINFORCE with a comparator reward on NB201 (6 op decisions): each iteration samples
/// a cell, the reward is `P_NAC(cell better than baseline)`, loss `-log pi(cell) R - w H(pi)`,
/// one Adam step. The initial baseline is a uniformly random cell; every `baselineEvery`
/// iterations the baseline becomes the most-often-winning of `tournament` controller samples (row
/// sums of the NAC comparison matrix, diagonal left out), and joins the history; the derived
/// architecture is the tournament winner of the history. (Pseudo-label rounds are not built yet.)
///
/// Seeds: controller initialisation stream 10, sampling stream 11.
public enum NB201PolicyLearning {
    public static func run(nac: NACComparator, settings: PolicySettings = .reference, seed: UInt64,
                           restrictTo members: Set<NB201Cell>? = nil) throws -> PolicyOutcome<NB201Cell> {
        let space = NB201Space()
        let encoding = try NACEncoding(space: space)
        var initRNG = SeededGenerator(seed: seed, stream: 10)
        var rng = SeededGenerator(seed: seed, stream: 11)
        let controller = OpController<Float>(decisions: NB201Cell.edgeCount, choices: NB201Space.opNames.count, hidden: settings.hidden,
                                      rng: &initRNG)
        let adam = Adam(parameters: controller.parameters, learningRate: Float(settings.learningRate), beta1: 0.5, beta2: 0.999,
                        weightDecay: 5e-4)
        // P(a better than b) = sigmoid(first[a] + second[b] + bias): half-logits cached per cell
        var half: [NB201Cell: (Double, Double)] = [:]
        let bias = try nac.halfLogits([encoding.code(space.sample(using: &rng))]).bias
        func halves(_ cells: [NB201Cell]) throws -> [(Double, Double)] {
            let missing = Array(Set(cells.filter { half[$0] == nil }))
            if !missing.isEmpty {
                let h = try nac.halfLogits(missing.map(encoding.code))
                for (k, c) in missing.enumerated() { half[c] = (h.first[k], h.second[k]) }
            }
            return cells.map { half[$0]! }
        }
        func winner(_ cells: [NB201Cell]) throws -> NB201Cell {
            let h = try halves(cells)
            var best = 0, bestScore = -Double.infinity
            for i in cells.indices {
                var s = 0.0
                for j in cells.indices where j != i { s += NACComparator.sigmoid(h[i].0 + h[j].1 + bias) }
                if s > bestScore { bestScore = s; best = i }
            }
            return cells[best]
        }
        func sampleCell() -> NB201Cell {
            let tape = Tape<Float>()
            while true {
                let ops = controller.run(on: tape, rng: &rng).choices
                // ops come from the 5 NB201 op choices, so the cell always exists
                let cell = NB201Cell(ops: ops)!
                if members == nil || members!.contains(cell) { return cell }
            }
        }

        let t0 = monotonicSeconds()
        var baseline = members.map { Array($0).sorted { $0.code < $1.code }[Int(rng.next() % UInt64($0.count))] } ?? space.sample(using: &rng)
        var history = [baseline]
        try BLAS.withThreadCount(1) {
            for it in 1...max(settings.iterations, 1) {
                let tape = Tape<Float>()
                let r = controller.run(on: tape, rng: &rng)
                let cell = NB201Cell(ops: r.choices)!
                let h = try halves([cell, baseline])
                let reward = Float(NACComparator.sigmoid(h[0].0 + h[1].1 + bias))
                let loss = r.logProbability * (-reward) - r.entropy * Float(settings.entropyWeight)
                tape.backward(loss)
                adam.step()
                if it % settings.baselineEvery == 0 {
                    let candidates = (0..<settings.tournament).map { _ in sampleCell() }
                    baseline = settings.randomBaseline ? candidates[Int(rng.next() % UInt64(candidates.count))] : try winner(candidates)
                    history.append(baseline)
                }
            }
        }
        return PolicyOutcome(derived: try winner(history), baselines: history, seconds: monotonicSeconds() - t0)
    }
}
