/// Loss functions (all return a rank-0 `Variable`, mean-reduced like PyTorch's defaults).
public enum Loss {
    /// Mean squared error over all elements.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public static func mse<T>(_ prediction: Variable<T>, _ target: Tensor<T>) -> Variable<T> {
        precondition(prediction.value.shape == target.shape,
                     "mse: prediction \(prediction.value.shape) vs target \(target.shape)")
        return (prediction - target).squared().mean()
    }

    /// Mean absolute error (L1) over all elements (PyTorch `L1Loss`); at a zero residual the
    /// gradient is 0 (the subgradient PyTorch uses).
    public static func mae<T>(_ prediction: Variable<T>, _ target: Tensor<T>) -> Variable<T> {
        precondition(prediction.value.shape == target.shape,
                     "mae: prediction \(prediction.value.shape) vs target \(target.shape)")
        return (prediction - target).abs().mean()
    }

    /// Binary cross-entropy on logits (numerically stable), mean over all elements:
    /// `max(x, 0) - x y + log(1 + exp(-|x|))`.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public static func bceWithLogits<T>(_ logits: Variable<T>, _ target: Tensor<T>) -> Variable<T> {
        precondition(logits.value.shape == target.shape,
                     "bceWithLogits: logits \(logits.value.shape) vs target \(target.shape)")
        let x = logits.value.scalars, y = target.scalars
        let n = T(Swift.max(x.count, 1))
        var s: T = 0
        for i in x.indices { s += Swift.max(x[i], 0) - x[i] * y[i] + T.log1p(T.exp(-Swift.abs(x[i]))) }
        let sig = logits.value.map(.sigmoid).scalars
        return logits.tape.record(Tensor(s / n), inputs: [logits]) { [logits = logits.saved] g, tape in
            let k = g.scalar / n
            tape.accumulate(logits, Tensor(unchecked: logits.value.shape, x.indices.map { k * (sig[$0] - y[$0]) }))
        }
    }

    /// Binary cross-entropy on probabilities, PyTorch `BCELoss` exactly: logs clamped at -100 in
    /// the value, and the gradient `(p - y) / max(p (1 - p), 1e-12)` (PyTorch's backward formula,
    /// which damps the gradient of saturated predictions; kept so models train as in PyTorch).
    @_specialize(where T == Float) @_specialize(where T == Double)
    public static func bce<T>(_ probabilities: Variable<T>, _ target: Tensor<T>) -> Variable<T> {
        precondition(probabilities.value.shape == target.shape,
                     "bce: probabilities \(probabilities.value.shape) vs target \(target.shape)")
        let p = probabilities.value.scalars, y = target.scalars
        let n = T(Swift.max(p.count, 1))
        let floor: T = -100
        var s: T = 0
        for i in p.indices {
            s -= y[i] * Swift.max(T.log(p[i]), floor) + (1 - y[i]) * Swift.max(T.log(1 - p[i]), floor)
        }
        return probabilities.tape.record(Tensor(s / n), inputs: [probabilities]) { [probabilities = probabilities.saved] g, tape in
            let k = g.scalar / n
            let d = p.indices.map { i in k * (p[i] - y[i]) / Swift.max(p[i] * (1 - p[i]), 1e-12) }
            tape.accumulate(probabilities, Tensor(unchecked: probabilities.value.shape, d))
        }
    }

    /// Cross-entropy of `logits [N, C]` with integer class `labels` (mean over rows).
    @_specialize(where T == Float) @_specialize(where T == Double)
    public static func crossEntropy<T>(_ logits: Variable<T>, labels: [Int]) -> Variable<T> {
        precondition(logits.value.rank == 2 && logits.value.shape[0] == labels.count,
                     "crossEntropy: logits \(logits.value.shape) vs \(labels.count) labels")
        let (n, c) = (logits.value.shape[0], logits.value.shape[1])
        var onehot = Tensor<T>(zeros: [n, c])
        for (i, l) in labels.enumerated() {
            precondition(l >= 0 && l < c, "crossEntropy: label \(l) out of range 0..<\(c)")
            onehot.scalars[i * c + l] = 1
        }
        return (logits.logSoftmax() * onehot).sum() * (-1 / T(Swift.max(n, 1)))
    }

    /// NT-Xent (SimCLR) on projections `z [2N, d]` laid out as `[view 1 of N items; view 2 of N]`:
    /// rows are L2-normalised, similarities divided by `tau`, the diagonal masked to -inf, and
    /// each row's positive is the other view of the same item (`(i + N) mod 2N`). Mean over 2N rows.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public static func ntXent<T>(_ z: Variable<T>, tau: T) -> Variable<T> {
        precondition(z.value.rank == 2 && z.value.shape[0] % 2 == 0 && z.value.shape[0] >= 2,
                     "ntXent: expected [2N, d] with N >= 1, got \(z.value.shape)")
        let m = z.value.shape[0], n = m / 2
        let zn = z.l2NormalizedRows()
        let sim = zn.matmul(zn, transposeOther: true) * (1 / tau)
        var mask = Tensor<T>(zeros: [m, m])
        for i in 0..<m { mask.scalars[i * m + i] = -T.infinity }
        // the positives' log-probabilities picked by index (a one-hot product would meet the
        // masked -inf as -inf * 0 = NaN)
        let logp = (sim + mask).logSoftmax().reshaped([m * m, 1])
        return logp.gatherRows((0..<m).map { $0 * m + ($0 + n) % m }).sum() * (-1 / T(m))
    }

    /// The arch2vec Gaussian KL term (METHODS §2.3), with the head parametrising log sigma:
    /// `-0.5 / (graphs * nodes) * mean_rows sum_d (1 + 2 logStd - mu^2 - exp(logStd)^2)`,
    /// where rows are all (graph, node) pairs and `d` is the last axis.
    @_specialize(where T == Float) @_specialize(where T == Double)
    public static func gaussianKL<T>(mu: Variable<T>, logStd: Variable<T>, graphs: Int, nodes: Int) -> Variable<T> {
        precondition(mu.value.shape == logStd.value.shape, "gaussianKL: mu \(mu.value.shape) vs logStd \(logStd.value.shape)")
        let last = mu.value.rank - 1
        let inner = (logStd * T(2) + T(1)) - mu.squared() - (logStd * T(2)).exp()
        return inner.sum(alongAxes: [last]).mean() * (-0.5 / T(graphs * nodes))
    }
}
