import NASCore
import NASTensor

/// A controller that decides a fixed sequence of categorical choices: `LSTMCell(hidden -> hidden)`
/// fed a learned start token, then the embedding of the previous choice. Decisions come in kinds
/// (`kinds[k]` choices each; `sequence[t]` is the kind of decision t); each kind has its own
/// `Embedding(kinds[k], hidden)` and `Linear(hidden -> kinds[k])` decoder giving the logits.
/// Parameters U(-0.1, 0.1) as the reference's controllers.
///
/// NB201: one kind (5 ops) decided 6 times (edges e1..e6 in string order). NAS-Bench-Graph: an op
/// kind (9) and one input kind per node that has a choice (2, 3, 4 choices), decided node by node
/// (`NBGraphPolicy`).
public final class OpController<T: TensorScalar>: Module {
    /// Choices of each decision kind, and the kind of each decision in order.
    public let kinds: [Int], sequence: [Int]
    public let hidden: Int
    public let start: Parameter<T>
    public let embeddings: [Embedding<T>]
    public let lstm: LSTMCell<T>
    public let decoders: [Linear<T>]
    /// Number of decisions per sequence.
    public var decisions: Int { sequence.count }

    /// `decisions` decisions of one kind with `choices` choices each.
    public convenience init(decisions: Int, choices: Int, hidden: Int = 64, rng: inout SeededGenerator) {
        self.init(kinds: [choices], sequence: Array(repeating: 0, count: decisions), hidden: hidden, rng: &rng)
    }

    public init(kinds: [Int], sequence: [Int], hidden: Int = 64, rng: inout SeededGenerator) {
        precondition(!sequence.isEmpty && !kinds.isEmpty && kinds.allSatisfy { $0 >= 2 } && hidden >= 1
                     && sequence.allSatisfy { kinds.indices.contains($0) },
                     "OpController: kinds \(kinds), sequence \(sequence), hidden \(hidden)")
        self.kinds = kinds; self.sequence = sequence; self.hidden = hidden
        start = Parameter(Tensor(zeros: [1, hidden]))
        embeddings = kinds.map { Embedding($0, hidden, rng: &rng) }
        lstm = LSTMCell(hidden, hidden, rng: &rng)
        decoders = kinds.map { Linear(hidden, $0, rng: &rng) }
        for p in parameters { p.value = Init.uniform(p.value.shape, bound: T(0.1), rng: &rng) }
    }

    /// `start`, `embedding`, `lstm`, `decoder` (one kind); `embedding0`... and `decoder0`... with several.
    public var namedParameters: [(String, Parameter<T>)] {
        func name(_ base: String, _ k: Int) -> String { kinds.count == 1 ? base : "\(base)\(k)" }
        return [("start", start)]
            + embeddings.indices.flatMap { prefixed(name("embedding", $0), embeddings[$0].namedParameters) }
            + prefixed("lstm", lstm.namedParameters)
            + decoders.indices.flatMap { prefixed(name("decoder", $0), decoders[$0].namedParameters) }
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
        for (t, kind) in sequence.enumerated() {
            state = lstm(x, state: state)
            let logProbs = decoders[kind](state.h).logSoftmax()          // [1, kinds[kind]]
            let p = logProbs.value.scalars.map { Double(T.exp($0)) }
            let choice = forced?[t] ?? Self.sample(p, rng: &rng)
            var onehot = Tensor<T>(zeros: [1, kinds[kind]])
            onehot.scalars[choice] = 1
            let lp = (logProbs * onehot).sum()
            let h = (logProbs.exp() * logProbs).sum() * T(-1)
            logp = logp.map { $0 + lp } ?? lp
            entropy = entropy.map { $0 + h } ?? h
            picked.append(choice)
            x = embeddings[kind]([choice], on: tape)
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

