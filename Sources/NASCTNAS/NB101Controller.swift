import NASCore
import NASSpaces
import NASTensor

/// CTNAS's NB101 controller (METHODS §4.4): one `LSTMCell(hidden -> hidden)` (64) run over the
/// decision sequence, with ENAS-style attention over node-id embeddings for every "which node"
/// decision. Parameters (all U(-0.1, 0.1), as the reference):
/// `countEmbedding [maxInterior, H]`, `nodeEmbedding [maxInterior + 2, H]`, `opEmbedding [3, H]`,
/// `lstm`, `embAttention` / `hidAttention` (Linear(H -> H), no bias), `vAttention` (Linear(H -> 1),
/// no bias), `opDecoder` (Linear(H -> 3)) and `countDecoder` (Linear(H -> maxInterior)).
/// No temperature or tanh scaling of the logits (the reference's defaults are None).
///
/// Decision sequence (values as stored in `choices`; every step feeds the embedding of the previous
/// decision to the LSTM; the first step is fed zeros):
/// 1. `n` in 1...maxInterior intermediate nodes (logits `countDecoder(h)`; stored as n, the
///    embedding fed next is row n - 1 of `countEmbedding`);
/// 2. for node i = 1...n: its predecessor in 0..<i (attention: logits
///    `vAttention(tanh(embAttention(nodeEmbedding[0..<i]) + hidAttention(h)))`), then its op
///    (0 conv3x3, 1 conv1x1, 2 maxpool3x3: `NB101Op.interior`'s order, the reference's);
/// 3. the predecessor of the output node (n + 1) in 0...n (attention);
/// 4. `maxEdges - n - 1` extra edges, each two node ids in 0...n+1 (attention over n + 2 rows).
///
/// Every sequence decodes to a valid cell (`cell(from:)`), so nothing is rejected or repaired.
public final class NB101Controller<T: TensorScalar>: Module {
    public let hidden: Int
    public static var maxInterior: Int { NB101Cell.maxVertices - 2 }
    public let countEmbedding: Embedding<T>, nodeEmbedding: Embedding<T>, opEmbedding: Embedding<T>
    public let lstm: LSTMCell<T>
    public let embAttention: Linear<T>, hidAttention: Linear<T>, vAttention: Linear<T>
    public let opDecoder: Linear<T>, countDecoder: Linear<T>

    public init(hidden: Int = 64, rng: inout SeededGenerator) {
        precondition(hidden >= 1, "NB101Controller: hidden \(hidden)")
        self.hidden = hidden
        let k = Self.maxInterior
        countEmbedding = Embedding(k, hidden, rng: &rng)
        nodeEmbedding = Embedding(k + 2, hidden, rng: &rng)
        opEmbedding = Embedding(NB101Op.interior.count, hidden, rng: &rng)
        lstm = LSTMCell(hidden, hidden, rng: &rng)
        embAttention = Linear(hidden, hidden, bias: false, rng: &rng)
        hidAttention = Linear(hidden, hidden, bias: false, rng: &rng)
        vAttention = Linear(hidden, 1, bias: false, rng: &rng)
        opDecoder = Linear(hidden, NB101Op.interior.count, rng: &rng)
        countDecoder = Linear(hidden, k, rng: &rng)
        for p in parameters { p.value = Init.uniform(p.value.shape, bound: T(0.1), rng: &rng) }
    }

    /// Names as the reference's `state_dict`.
    public var namedParameters: [(String, Parameter<T>)] {
        prefixed("n_nodes_embedding", countEmbedding.namedParameters) + prefixed("node_embedding", nodeEmbedding.namedParameters)
            + prefixed("op_embedding", opEmbedding.namedParameters) + prefixed("lstm", lstm.namedParameters)
            + prefixed("emb_attn", embAttention.namedParameters) + prefixed("hid_attn", hidAttention.namedParameters)
            + prefixed("v_attn", vAttention.namedParameters) + prefixed("w_soft", opDecoder.namedParameters)
            + prefixed("n_soft", countDecoder.namedParameters)
    }

    /// Number of decisions of a sequence with `n` intermediate nodes: 1 + 2n + 1 + 2 (maxEdges - n - 1).
    public static func length(interior n: Int) -> Int { 1 + 2 * n + 1 + 2 * (NB101Cell.maxEdges - n - 1) }

    /// One decision sequence on `tape`: the choices (sampled from `rng`, or `forced` when given;
    /// `uniform` samples every decision uniformly, as the reference's `force_uniform`, and records
    /// no network ops), the summed log-probability and the summed entropy of the decisions (rank 0).
    /// - Precondition: a `forced` sequence is a valid sequence (`isValid`).
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func run(on tape: Tape<T>, rng: inout SeededGenerator, forced: [Int]? = nil, uniform: Bool = false)
        -> (choices: [Int], logProbability: Variable<T>, entropy: Variable<T>) {
        precondition(forced.map(Self.isValid) ?? true, "NB101Controller: invalid forced sequence \(forced!)")
        var state = lstm.zeroState(batch: 1, on: tape)
        var x = tape.constant(Tensor(zeros: [1, hidden]))
        var picked: [Int] = []
        var logp = tape.constant(Tensor(zeros: [])), entropy = tape.constant(Tensor(zeros: []))

        /// One categorical decision from `[1, k]` logits (or uniform over k).
        /// The forced action of decision t (the stored count n is action n - 1).
        func forcedAction(_ t: Int) -> Int? { forced.map { t == 0 ? $0[0] - 1 : $0[t] } }
        func decide(_ logits: () -> Variable<T>, count k: Int) -> Int {
            let t = picked.count
            if uniform {
                let c = forcedAction(t) ?? Int(rng.next() % UInt64(k))
                picked.append(c)
                return c
            }
            let logProbs = logits().logSoftmax()
            let p = logProbs.value.scalars.map { Double(T.exp($0)) }
            let c = forcedAction(t) ?? OpController<T>.sample(p, rng: &rng)
            var onehot = Tensor<T>(zeros: [1, k])
            onehot.scalars[c] = 1
            logp = logp + (logProbs * onehot).sum()
            entropy = entropy - (logProbs.exp() * logProbs).sum()
            picked.append(c)
            return c
        }
        func step() -> Variable<T> {
            state = lstm(x, state: state)
            return state.h
        }
        /// Attention logits `[1, rows]` over the first `rows` node embeddings.
        func attend(rows: Int) -> Variable<T> {
            let h = step()
            let keys = tape.parameter(nodeEmbedding.weight).gatherRows(Array(0..<rows))     // [rows, H]
            let q = (embAttention(keys) + hidAttention(h)).tanh()                            // [rows, H]
            return vAttention(q).reshaped([1, rows])
        }

        let n = decide({ countDecoder(step()) }, count: Self.maxInterior) + 1
        picked[0] = n
        x = countEmbedding([n - 1], on: tape)
        for node in 1...(n + 1) {
            let from = decide({ attend(rows: node) }, count: node)
            x = nodeEmbedding([from], on: tape)
            if node == n + 1 { break }
            let op = decide({ opDecoder(step()) }, count: NB101Op.interior.count)
            x = opEmbedding([op], on: tape)
        }
        for _ in 0..<(2 * (NB101Cell.maxEdges - n - 1)) {
            let id = decide({ attend(rows: n + 2) }, count: n + 2)
            x = nodeEmbedding([id], on: tape)
        }
        return (picked, logp, entropy)
    }

    /// True when `choices` is a complete decision sequence (right length, every value in range).
    public static func isValid(_ choices: [Int]) -> Bool {
        guard let n = choices.first, (1...maxInterior).contains(n), choices.count == length(interior: n) else { return false }
        for node in 1...(n + 1) {
            let k = 2 * node - 1
            guard (0..<node).contains(choices[k]) else { return false }
            if node <= n, !(0..<NB101Op.interior.count).contains(choices[k + 1]) { return false }
        }
        return choices[(2 * n + 2)...].allSatisfy { (0...(n + 1)).contains($0) }
    }

    /// The cell of a decision sequence, decoded as the reference's `nasbench_seq2arch`: an
    /// `(n + 2)`-vertex matrix with edges predecessor(i) -> i for i = 1...n + 1, op i for vertex
    /// i, and each extra pair `(a, b)` with `a != b` as the edge min -> max (pairs with a == b and
    /// repeated edges add nothing); then pruned as NB101 (`NB101Cell`: vertices off every
    /// input-to-output path are removed). Always valid: every vertex has a predecessor, so the
    /// output is reachable from the input, and there are at most n + 1 + (9 - n - 1) = 9 edges.
    /// - Throws: `invalidArgument` for a sequence that is not `isValid`.
    public static func cell(from choices: [Int]) throws -> NB101Cell {
        guard isValid(choices) else {
            throw NaswiftError.invalidArgument("not an NB101 controller decision sequence: \(choices)",
                                               hint: "sequences come from NB101Controller.run")
        }
        let n = choices[0], m = n + 2
        var adjacency = [Bool](repeating: false, count: m * m)
        var ops: [NB101Op] = [.input]
        for node in 1...(n + 1) {
            adjacency[choices[2 * node - 1] * m + node] = true
            if node <= n { ops.append(NB101Op.interior[choices[2 * node]]) }
        }
        ops.append(.output)
        let extra = Array(choices[(2 * n + 2)...])
        for e in stride(from: 0, to: extra.count, by: 2) where extra[e] != extra[e + 1] {
            adjacency[min(extra[e], extra[e + 1]) * m + max(extra[e], extra[e + 1])] = true
        }
        return try NB101Cell(vertexCount: m, adjacency: adjacency, ops: ops)
    }
}
