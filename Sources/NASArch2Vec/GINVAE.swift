import NASCore
import NASTensor

/// The arch2vec graph variational auto-encoder (METHODS §2.2-2.3), built from `GINLayer`s.
///
/// Encoder: `layers` GIN layers (`inputDim -> hidden -> ... -> hidden`), then per-node heads
/// `mu = Linear(hidden, latent)` and `logStd = Linear(hidden, latent)` (the head parametrises
/// log sigma). Training samples `z = mu + noise * exp(logStd)`; eval uses `z = mu`.
/// Decoder: dropout on `z`, `ops = sigmoid(Linear(latent, inputDim)(z))`, `adj = sigmoid(z z^T)`
/// per graph. Loss: `BCE(ops) + BCE(triu(adj, 1), triu(A, 1)) + KL` (arch2vec weights 1, 1).
///
/// Shapes: `ops [B n, inputDim]` one-hot rows, `adjacency [B, n, n]` (symmetrised, no self loops).
public final class GINVAE<T: TensorScalar>: Module {
    public let gins: [GINLayer<T>]
    public let muHead: Linear<T>, logStdHead: Linear<T>, opsHead: Linear<T>
    public let latent: Int
    public let dropoutRate: Double
    private var maskCache: Tensor<T>?

    public init(inputDim: Int, hidden: Int = 128, latent: Int = 16, layers: Int = 4, dropout: Double = 0.3,
                rng: inout SeededGenerator) {
        precondition(layers >= 1, "GINVAE: need at least one GIN layer")
        var g: [GINLayer<T>] = []
        for l in 0..<layers { g.append(GINLayer(l == 0 ? inputDim : hidden, hidden, rng: &rng)) }
        gins = g
        muHead = Linear(hidden, latent, rng: &rng)
        logStdHead = Linear(hidden, latent, rng: &rng)
        opsHead = Linear(latent, inputDim, rng: &rng)
        self.latent = latent
        dropoutRate = dropout
    }

    public var namedParameters: [(String, Parameter<T>)] {
        gins.enumerated().flatMap { prefixed("gins.\($0.offset)", $0.element.namedParameters) }
            + prefixed("mu", muHead.namedParameters) + prefixed("logstd", logStdHead.namedParameters)
            + prefixed("decoder", opsHead.namedParameters)
    }

    /// Encoder: per-node `(mu, logStd)`, each `[B n, latent]`.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func encode(_ ops: Variable<T>, adjacency: Variable<T>, training: Bool) -> (mu: Variable<T>, logStd: Variable<T>) {
        var h = ops
        for g in gins { h = g(h, adjacency: adjacency, training: training) }
        return (muHead(h), logStdHead(h))
    }

    /// The architecture embedding used for search: mean over nodes of `mu` in eval mode, `[B, latent]`.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func embed(ops: Tensor<T>, adjacency: Tensor<T>) -> Tensor<T> {
        let tape = Tape<T>()
        let (mu, _) = encode(tape.constant(ops), adjacency: tape.constant(adjacency), training: false)
        let b = adjacency.shape[0]
        return mu.value.reshapedUnchecked([b, -1, latent]).mean(alongAxes: [1])
    }

    /// Forward pass and loss with explicit randomness: `noise [B n, latent]` (standard normal) and
    /// `dropoutMask [B n, latent]` (0 or 1/(1-p)); pass `nil` for eval behaviour.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func loss(ops: Variable<T>, adjacency: Tensor<T>, noise: Tensor<T>?, dropoutMask: Tensor<T>?,
                     training: Bool) -> (loss: Variable<T>, opsRecon: Variable<T>, adjRecon: Variable<T>) {
        let o = forward(ops: ops, adjacency: adjacency, noise: noise, dropoutMask: dropoutMask, training: training)
        return (o.loss, o.opsRecon, o.adjRecon)
    }

    /// Everything one forward pass computes (see `forward`).
    public struct Output {
        /// The arch2vec loss (rank 0).
        public let loss: Variable<T>
        /// `sigmoid(opsHead(z))`, `[B n, inputDim]`.
        public let opsRecon: Variable<T>
        /// `sigmoid(z z^T)` per graph, `[B, n, n]`.
        public let adjRecon: Variable<T>
        /// Encoder heads, `[B n, latent]` each.
        public let mu: Variable<T>
        public let logStd: Variable<T>
    }

    /// As `loss`, also returning the encoder outputs (the trainer fits its latent Gaussian to `mu`).
    public func forward(ops: Variable<T>, adjacency: Tensor<T>, noise: Tensor<T>?, dropoutMask: Tensor<T>?,
                        training: Bool) -> Output {
        let tape = ops.tape
        let s = adjacency.shape
        precondition(s.count == 3 && s[1] == s[2] && ops.value.shape[0] == s[0] * s[1],
                     "GINVAE: ops \(ops.value.shape) and adjacency \(s) do not match ([B n, F] and [B, n, n])")
        let (b, n) = (s[0], s[1])
        let (mu, logStd) = encode(ops, adjacency: tape.constant(adjacency), training: training)
        var z = mu
        if let noise { z = mu + logStd.exp() * noise }
        if let dropoutMask { z = z * dropoutMask }
        let opsRecon = opsHead(z).sigmoid()
        let z3 = z.reshaped([b, n, latent])
        let adjRecon = z3.batchedMatmul(z3, transposeOther: true).sigmoid()
        let triu = upperMask(graphs: b, nodes: n)
        let lossOps = Loss.bce(opsRecon, ops.value)
        let lossAdj = Loss.bce(adjRecon * triu, adjacency * triu)
        let kl = Loss.gaussianKL(mu: mu, logStd: logStd, graphs: b, nodes: n)
        return Output(loss: lossOps + lossAdj + kl, opsRecon: opsRecon, adjRecon: adjRecon, mu: mu, logStd: logStd)
    }

    /// The strict upper-triangle mask `[B, n, n]` (1 above the diagonal), cached for the last shape
    /// (training uses one batch shape almost always).
    func upperMask(graphs b: Int, nodes n: Int) -> Tensor<T> {
        if let m = maskCache, m.shape == [b, n, n] { return m }
        var triu = Tensor<T>(zeros: [b, n, n])
        for g in 0..<b { for i in 0..<n { for j in (i + 1)..<max(n, i + 1) { triu.scalars[(g * n + i) * n + j] = 1 } } }
        maskCache = triu
        return triu
    }

    /// Draws the training randomness (noise and dropout mask) for `rows` nodes.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public func sampleRandomness(rows: Int, rng: inout SeededGenerator) -> (noise: Tensor<T>, mask: Tensor<T>) {
        let noise = Tensor<T>.normal([rows, latent], rng: &rng)
        let keep = T(1 / (1 - dropoutRate))
        var mask = Tensor<T>(zeros: [rows, latent])
        for i in 0..<mask.count where rng.uniform() >= dropoutRate { mask.scalars[i] = keep }
        return (noise, mask)
    }
}
