import NASCore
import NASTensor

/// A controller that decides a fixed number of categorical choices in sequence (NB201: the op of
/// each of the 6 edges, in string order e1..e6): `LSTMCell(hidden -> hidden)` fed a learned start
/// token, then the embedding of the previous choice; `Linear(hidden -> choices)` gives the logits
/// of each decision. Parameters U(-0.1, 0.1) as the reference's controllers.
///
/// (The NB101 controller of METHODS §4.4, with ENAS-style attention over node ids, is not built yet.)
public final class OpController<T: TensorScalar>: Module {
    public let decisions: Int, choices: Int, hidden: Int
    public let start: Parameter<T>
    public let embedding: Embedding<T>
    public let lstm: LSTMCell<T>
    public let decoder: Linear<T>

    public init(decisions: Int, choices: Int, hidden: Int = 64, rng: inout SeededGenerator) {
        precondition(decisions >= 1 && choices >= 2 && hidden >= 1, "OpController: \(decisions) decisions of \(choices) choices, hidden \(hidden)")
        self.decisions = decisions; self.choices = choices; self.hidden = hidden
        start = Parameter(Tensor(zeros: [1, hidden]))
        embedding = Embedding(choices, hidden, rng: &rng)
        lstm = LSTMCell(hidden, hidden, rng: &rng)
        decoder = Linear(hidden, choices, rng: &rng)
        for p in parameters { p.value = Init.uniform(p.value.shape, bound: T(0.1), rng: &rng) }
    }

    public var namedParameters: [(String, Parameter<T>)] {
        [("start", start)] + prefixed("embedding", embedding.namedParameters) + prefixed("lstm", lstm.namedParameters)
            + prefixed("decoder", decoder.namedParameters)
    }

    /// One decision sequence on `tape`: the choices (sampled from `rng`, or `forced` when given),
    /// the summed log-probability of the choices and the summed entropy of the decisions (rank 0).
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func run(on tape: Tape<T>, rng: inout SeededGenerator, forced: [Int]? = nil)
        -> (choices: [Int], logProbability: Variable<T>, entropy: Variable<T>) {
        precondition(forced == nil || forced!.count == decisions, "OpController: forced sequence of \(forced!.count), expected \(decisions)")
        var x = tape.parameter(start)
        var state = lstm.zeroState(batch: 1, on: tape)
        var picked: [Int] = []
        var logp: Variable<T>? = nil, entropy: Variable<T>? = nil
        for t in 0..<decisions {
            state = lstm(x, state: state)
            let logProbs = decoder(state.h).logSoftmax()                 // [1, choices]
            let p = logProbs.value.scalars.map { Double(T.exp($0)) }
            let choice = forced?[t] ?? Self.sample(p, rng: &rng)
            var onehot = Tensor<T>(zeros: [1, choices])
            onehot.scalars[choice] = 1
            let lp = (logProbs * onehot).sum()
            let h = (logProbs.exp() * logProbs).sum() * T(-1)
            logp = logp.map { $0 + lp } ?? lp
            entropy = entropy.map { $0 + h } ?? h
            picked.append(choice)
            x = embedding([choice], on: tape)
        }
        // decisions >= 1, so both sums exist
        return (picked, logp!, entropy!)
    }

    /// Inverse-CDF draw from probabilities `p` (summing to 1 up to rounding).
    static func sample(_ p: [Double], rng: inout SeededGenerator) -> Int {
        let u = rng.uniform()
        var acc = 0.0
        for (i, q) in p.enumerated() {
            acc += q
            if u < acc { return i }
        }
        return p.count - 1
    }
}

