import NASCore

/// Finite-difference gradient checking (Double).
///
/// The function under test maps inputs to a `Variable` of any shape; the check uses the scalar
/// `L = sum(f(x) * R)` with a fixed random `R`, compares the tape's gradients of every input and
/// every given parameter with central differences (step `h`), and returns the relative error
/// `max|analytic - numeric| / max(max|numeric|, 1e-8)`, both maxima taken over all elements of all
/// checked tensors (so a tensor whose true gradient is exactly zero, e.g. a bias before batch
/// norm, is judged against the overall gradient scale rather than against 0).
public enum GradCheck {
    public static func maxRelativeError(
        inputs: [Tensor<Double>], parameters: [Parameter<Double>] = [], h: Double = 1e-6, seed: UInt64 = 7,
        _ f: (Tape<Double>, [Variable<Double>]) -> Variable<Double>
    ) -> Double {
        var rng = SeededGenerator(seed: seed)
        var weights: Tensor<Double>? = nil
        func loss(_ xs: [Tensor<Double>], record: Bool) -> (Double, Tape<Double>, [Variable<Double>]) {
            let tape = Tape<Double>()
            let vars = xs.map { tape.input($0) }
            let y = f(tape, vars)
            if weights == nil { weights = Tensor.uniform(y.value.shape, low: 0.5, high: 1.5, rng: &rng) }
            let l = (y * weights!).sum()
            if record { tape.backward(l) }
            return (l.scalar, tape, vars)
        }
        for p in parameters { p.grad = nil }
        let (_, tape, vars) = loss(inputs, record: true)
        var worst = 0.0, scale = 1e-8
        func compare(_ analytic: Tensor<Double>, _ numeric: [Double]) {
            scale = max(scale, numeric.map(Swift.abs).max() ?? 0)
            worst = max(worst, zip(analytic.scalars, numeric).map { Swift.abs($0 - $1) }.max() ?? 0)
        }
        for (k, x) in inputs.enumerated() {
            var numeric = [Double](repeating: 0, count: x.count)
            for i in 0..<x.count {
                var xs = inputs
                xs[k].scalars[i] = x.scalars[i] + h
                let up = loss(xs, record: false).0
                xs[k].scalars[i] = x.scalars[i] - h
                let down = loss(xs, record: false).0
                numeric[i] = (up - down) / (2 * h)
            }
            compare(tape.gradient(of: vars[k]), numeric)
        }
        for p in parameters {
            let analytic = p.grad ?? Tensor(zeros: p.value.shape)
            var numeric = [Double](repeating: 0, count: p.value.count)
            for i in 0..<p.value.count {
                let orig = p.value.scalars[i]
                p.value.scalars[i] = orig + h
                let up = loss(inputs, record: false).0
                p.value.scalars[i] = orig - h
                let down = loss(inputs, record: false).0
                p.value.scalars[i] = orig
                numeric[i] = (up - down) / (2 * h)
            }
            compare(analytic, numeric)
            p.grad = nil
        }
        return worst / scale
    }
}
