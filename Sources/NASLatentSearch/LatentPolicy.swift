import Foundation
import NASCore
import NASTensor

/// One REINFORCE step: the state the policy saw, the action it sampled, and the reward (a
/// fraction; nil while untold or when the evaluation failed).
struct LatentStep: Sendable {
    var input: [Float]
    var action: [Float]
    var row: Int
    var reward: Double?
    var told = false
}

/// arch2vec's policy (METHODS §2.4): `LSTMCell(d -> hidden)` then `Linear(hidden -> d)` gives the
/// mean `m` of the Gaussian action `a ~ N(m, I)`.
///
/// A reference type (modules and Adam hold class state) kept behind copy-on-write by
/// `LatentREINFORCE`: a copy is rebuilt from the seed by replaying the recorded updates, which
/// reproduces the parameters exactly.
final class LatentPolicy: @unchecked Sendable {
    let dimension: Int, hidden: Int, learningRate: Float, seed: UInt64
    let lstm: LSTMCell<Float>
    let head: Linear<Float>
    let adam: Adam<Float>
    /// Every update applied so far: (episode steps, baseline).
    private(set) var history: [([LatentStep], Double)] = []

    init(dimension: Int, hidden: Int, learningRate: Double, seed: UInt64) {
        self.dimension = dimension; self.hidden = hidden; self.learningRate = Float(learningRate); self.seed = seed
        var rng = SeededGenerator(seed: seed, stream: 0x2E1F)
        lstm = LSTMCell(dimension, hidden, rng: &rng)
        head = Linear(hidden, dimension, rng: &rng)
        adam = Adam(parameters: lstm.parameters + head.parameters, learningRate: Float(learningRate))
    }

    /// An independent policy with the same parameters and optimiser state.
    func replayed() -> LatentPolicy {
        let p = LatentPolicy(dimension: dimension, hidden: hidden, learningRate: Double(learningRate), seed: seed)
        for (steps, b) in history { p.update(steps, baseline: b) }
        return p
    }

    /// One forward step: the action mean for `input` and the next LSTM state (`h`, `c` of length `hidden`).
    func step(_ input: [Float], h: [Float], c: [Float]) -> (mean: [Float], h: [Float], c: [Float]) {
        let tape = Tape<Float>()
        let (h2, c2) = lstm(tape.constant(Self.row(input)), state: (tape.constant(Self.row(h)), tape.constant(Self.row(c))))
        return (head(h2).value.scalars, h2.value.scalars, c2.value.scalars)
    }

    /// REINFORCE update on one episode (LSTM state from zero): loss `mean_t[-log pi(a_t) (r_t - b)]`
    /// over the steps with a reward, one Adam step. Steps without a reward (failed evaluations)
    /// still advance the LSTM state but add no term.
    func update(_ steps: [LatentStep], baseline: Double) {
        history.append((steps, baseline))
        let rewarded = steps.filter { $0.reward != nil }.count
        guard rewarded > 0 else { return }
        let tape = Tape<Float>()
        var h = tape.constant(Tensor(zeros: [1, hidden])), c = tape.constant(Tensor(zeros: [1, hidden]))
        var loss: Variable<Float>? = nil
        for s in steps {
            (h, c) = lstm(tape.constant(Self.row(s.input)), state: (h, c))
            guard let r = s.reward else { continue }
            let mean = head(h)
            // log N(a; m, I) up to a constant: -|a - m|^2 / 2; the term is -logp (r - b) / T.
            let sq = (mean - Self.row(s.action)).squared().sum()
            let term = sq * Float(0.5 * (r - baseline) / Double(rewarded))
            loss = loss.map { $0 + term } ?? term
        }
        guard let loss else { return }
        tape.backward(loss)
        adam.step()
    }

    static func row(_ v: [Float]) -> Tensor<Float> { Tensor(v).reshapedUnchecked([1, v.count]) }
}
