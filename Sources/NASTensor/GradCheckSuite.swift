import NASCore

/// The gradient-check suite over every differentiable operation, layer and loss (Double,
/// central differences). Shared by the tests (each case must stay below 1e-6) and by
/// `naswift bench numerics` (which reports the maximum).
public enum GradCheckSuite {
    public struct Case: Sendable {
        public let name: String
        public let run: @Sendable () -> Double
    }

    static func rnd(_ shape: [Int], _ seed: UInt64, low: Double = -1, high: Double = 1) -> Tensor<Double> {
        var rng = SeededGenerator(seed: seed)
        return Tensor.uniform(shape, low: low, high: high, rng: &rng)
    }

    /// Values bounded away from 0 (for kinks such as ReLU and abs): magnitude in [0.1, 1], random sign.
    static func awayFromZero(_ shape: [Int], _ seed: UInt64) -> Tensor<Double> {
        var rng = SeededGenerator(seed: seed)
        var t = Tensor<Double>.uniform(shape, low: 0.1, high: 1, rng: &rng)
        for i in 0..<t.count where rng.uniform() < 0.5 { t.scalars[i] = -t.scalars[i] }
        return t
    }

    static func check(_ inputs: [Tensor<Double>], _ params: [Parameter<Double>] = [],
                      _ f: @escaping (Tape<Double>, [Variable<Double>]) -> Variable<Double>) -> Double {
        GradCheck.maxRelativeError(inputs: inputs, parameters: params, f)
    }

    /// All cases, in a fixed order.
    public static func cases() -> [Case] {
        var c: [Case] = []
        func add(_ name: String, _ run: @escaping @Sendable () -> Double) { c.append(Case(name: name, run: run)) }

        // element-wise arithmetic and broadcasting
        for (label, sa, sb) in [("same", [3, 4], [3, 4]), ("row", [3, 4], [4]), ("column", [3, 4], [3, 1]),
                                ("scalar", [3, 4], [1]), ("general", [2, 1, 3], [4, 1])] {
            add("add.\(label)") { check([rnd(sa, 1), rnd(sb, 2)]) { $1[0] + $1[1] } }
            add("sub.\(label)") { check([rnd(sa, 3), rnd(sb, 4)]) { $1[0] - $1[1] } }
            add("mul.\(label)") { check([rnd(sa, 5), rnd(sb, 6)]) { $1[0] * $1[1] } }
            add("div.\(label)") { check([rnd(sa, 7), rnd(sb, 8, low: 0.5, high: 2)]) { $1[0] / $1[1] } }
        }
        add("affine") { check([rnd([3, 5], 9)]) { ($1[0] * 2.5) + 0.3 } }
        add("neg") { check([rnd([4], 10)]) { -$1[0] } }
        add("relu") { check([awayFromZero([4, 5], 11)]) { $1[0].relu() } }
        add("tanh") { check([rnd([4, 5], 12, low: -2, high: 2)]) { $1[0].tanh() } }
        add("sigmoid") { check([rnd([4, 5], 13, low: -4, high: 4)]) { $1[0].sigmoid() } }
        add("exp") { check([rnd([4, 5], 14)]) { $1[0].exp() } }
        add("log") { check([rnd([4, 5], 15, low: 0.2, high: 3)]) { $1[0].log() } }
        add("square") { check([rnd([4, 5], 16)]) { $1[0].squared() } }
        add("sqrt") { check([rnd([4, 5], 17, low: 0.2, high: 3)]) { $1[0].sqrt() } }
        add("abs") { check([awayFromZero([4, 5], 18)]) { $1[0].abs() } }

        // matrix products
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let sa = ta ? [4, 3] : [3, 4], sb = tb ? [5, 4] : [4, 5]
            add("matmul.\(ta ? "T" : "N")\(tb ? "T" : "N")") {
                check([rnd(sa, 20), rnd(sb, 21)]) { $1[0].matmul($1[1], transposeSelf: ta, transposeOther: tb) }
            }
            let ba = ta ? [2, 4, 3] : [2, 3, 4], bb = tb ? [2, 5, 4] : [2, 4, 5]
            add("batchedMatmul.\(ta ? "T" : "N")\(tb ? "T" : "N")") {
                check([rnd(ba, 22), rnd(bb, 23)]) { $1[0].batchedMatmul($1[1], transposeSelf: ta, transposeOther: tb) }
            }
        }
        add("transposed") { check([rnd([3, 4], 24)]) { $1[0].transposed() } }
        add("reshaped") { check([rnd([3, 4], 25)]) { $1[0].reshaped([2, -1]) } }

        // reductions
        add("sum") { check([rnd([3, 4], 26)]) { $1[0].sum() } }
        add("mean") { check([rnd([3, 4], 27)]) { $1[0].mean() } }
        add("sum.axes") { check([rnd([2, 3, 4], 28)]) { $1[0].sum(alongAxes: [0, 2]) } }
        add("mean.axis.keep") { check([rnd([2, 3, 4], 29)]) { $1[0].mean(alongAxes: [1], keepingDims: true) } }

        // indexing
        add("gatherRows") { check([rnd([4, 3], 30)]) { $1[0].gatherRows([2, 0, 2, 3, 1]) } }
        add("scatterAddRows") { check([rnd([5, 3], 31)]) { $1[0].scatterAddRows([1, 0, 1, 2, 1], rows: 4) } }
        add("segmentMean") { check([rnd([5, 3], 32)]) { $1[0].segmentMean([0, 0, 1, 1, 1], segments: 3) } }
        add("split") {
            check([rnd([3, 7], 33)]) { _, v in
                let p = v[0].split([2, 4, 1], axis: 1)
                return p[0].sum() * 1.5 + p[1].squared().sum() - p[2].sum() * 0.7
            }
        }
        add("concat") { check([rnd([2, 3], 34), rnd([2, 2], 35)]) { Variable.concat([$1[0], $1[1]], axis: 1) } }
        add("concat.axis0") { check([rnd([2, 3], 36), rnd([1, 3], 37)]) { Variable.concat([$1[0], $1[1]], axis: 0) } }
        add("logSoftmax") { check([rnd([3, 5], 38, low: -3, high: 3)]) { $1[0].logSoftmax() } }
        add("l2NormalizedRows") { check([rnd([3, 5], 39)]) { $1[0].l2NormalizedRows() } }

        // normalisation
        add("batchNorm.train.1d") {
            check([rnd([6, 3], 40), rnd([3], 41, low: 0.5, high: 1.5), rnd([3], 42)]) {
                batchNormTrain($1[0], $1[1], $1[2], eps: 1e-5).0
            }
        }
        add("batchNorm.train.2d") {
            check([rnd([3, 2, 2, 3], 43), rnd([2], 44, low: 0.5, high: 1.5), rnd([2], 45)]) {
                batchNormTrain($1[0], $1[1], $1[2], eps: 1e-5).0
            }
        }
        add("batchNorm.eval") {
            check([rnd([4, 3], 46), rnd([3], 47, low: 0.5, high: 1.5), rnd([3], 48)]) {
                batchNormEval($1[0], $1[1], $1[2], mean: [0.1, -0.2, 0.3], variance: [0.5, 1.2, 2], eps: 1e-5)
            }
        }

        // losses
        add("loss.mse") { check([rnd([4, 3], 50)]) { Loss.mse($1[0], rnd([4, 3], 51)) } }
        add("loss.mae") {
            // residuals kept away from the kink at 0: target = x - r with |r| in [0.1, 1]
            let x = rnd([4, 3], 58), target = x - awayFromZero([4, 3], 59)
            return check([x]) { Loss.mae($1[0], target) }
        }
        add("loss.bceWithLogits") {
            check([rnd([4, 3], 52, low: -3, high: 3)]) { Loss.bceWithLogits($1[0], rnd([4, 3], 53, low: 0, high: 1)) }
        }
        add("loss.bce") {
            check([rnd([4, 3], 54, low: 0.05, high: 0.95)]) { Loss.bce($1[0], rnd([4, 3], 55, low: 0, high: 1)) }
        }
        add("loss.crossEntropy") { check([rnd([4, 5], 56, low: -2, high: 2)]) { Loss.crossEntropy($1[0], labels: [1, 4, 0, 2]) } }
        add("loss.ntXent") { check([rnd([6, 4], 57)]) { Loss.ntXent($1[0], tau: 0.1) } }
        add("loss.gaussianKL") {
            check([rnd([2, 3, 4], 58), rnd([2, 3, 4], 59, low: -0.5, high: 0.5)]) {
                Loss.gaussianKL(mu: $1[0], logStd: $1[1], graphs: 2, nodes: 3)
            }
        }

        // layers (inputs and parameters)
        add("layer.linear") {
            var rng = SeededGenerator(seed: 60)
            let l = Linear<Double>(4, 3, rng: &rng)
            return check([rnd([5, 4], 61)], l.parameters) { l($1[0]) }
        }
        add("layer.mlp.batchNorm") {
            var rng = SeededGenerator(seed: 62)
            let m = MLP<Double>([3, 6, 2], activation: .tanh, batchNorm: true, rng: &rng)
            return check([rnd([5, 3], 63)], m.parameters) { m($1[0], training: true) }
        }
        return c + layerCases()
    }
}
