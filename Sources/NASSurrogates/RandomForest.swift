import NASCore

/// A random-forest regressor (Breiman 2001, as scikit-learn's `RandomForestRegressor`): `trees`
/// CART regression trees, each grown on a bootstrap sample (n draws with replacement) until its
/// leaves are pure or too small to split (`minSamplesSplit`, `minSamplesLeaf`); each split takes
/// the best squared-error reduction over `maxFeatures` features drawn at random for that node
/// (more are drawn while every drawn one is constant in the node), threshold halfway between the
/// two neighbouring values. The prediction is the mean of the trees' leaf means. Used by CENA's
/// transfer protocol (METHODS.md section 1.5: 100 trees, `max_features = 8`).
///
/// Inputs are row-major `[n, d]` Double. Randomness (bootstraps, feature draws) comes from the
/// generator passed in, so a seed gives one forest.
public struct RandomForestRegressor: Sendable {
    public struct Settings: Sendable, Equatable {
        public var trees = 100
        /// Features tried per split (nil: all, scikit-learn's regression default).
        public var maxFeatures: Int? = nil
        public var minSamplesSplit = 2
        public var minSamplesLeaf = 1
        public var bootstrap = true
        public init() {}
    }

    /// One tree as flat arrays; node 0 is the root; `feature < 0` marks a leaf.
    struct Tree: Sendable {
        var feature: [Int32] = [], threshold: [Double] = [], left: [Int32] = [], right: [Int32] = [], value: [Double] = []

        func predict(_ x: UnsafeBufferPointer<Double>, row: Int, d: Int) -> Double {
            var k = 0
            while feature[k] >= 0 {
                k = Int(x[row * d + Int(feature[k])] <= threshold[k] ? left[k] : right[k])
            }
            return value[k]
        }
    }

    public let settings: Settings
    public let dimension: Int
    let trees: [Tree]

    /// Grows the forest on `x [n, d]` and targets `y [n]`. Throws for mismatched shapes, no rows
    /// or non-finite numbers.
    public init(x: [Double], y: [Double], dimension d: Int, settings: Settings = Settings(), rng: inout SeededGenerator) throws {
        let n = y.count
        guard n >= 1, d >= 1, x.count == n * d else {
            throw NaswiftError.invalidArgument("random forest: \(x.count) inputs for \(n) targets of dimension \(d)",
                                               hint: "pass a row-major [n, d] matrix with one target per row")
        }
        guard x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else {
            throw NaswiftError(.numerical, "random forest: non-finite inputs or targets", hint: "remove NaN/inf rows")
        }
        guard settings.trees >= 1, settings.minSamplesSplit >= 2, settings.minSamplesLeaf >= 1, (settings.maxFeatures ?? 1) >= 1 else {
            throw NaswiftError.invalidArgument("random forest: trees >= 1, minSamplesSplit >= 2, minSamplesLeaf >= 1, maxFeatures >= 1 needed",
                                               hint: "scikit-learn's defaults are 100, 2, 1 and all features")
        }
        self.settings = settings
        dimension = d
        var grown: [Tree] = []
        x.withUnsafeBufferPointer { xp in
            for _ in 0..<settings.trees {
                let sample = settings.bootstrap ? (0..<n).map { _ in Int(rng.next() % UInt64(n)) } : Array(0..<n)
                grown.append(Self.grow(xp, y, d: d, sample: sample, settings: settings, rng: &rng))
            }
        }
        trees = grown
    }

    /// Mean prediction of the trees for each row of `x [rows, dimension]`.
    public func predict(_ x: [Double]) throws -> [Double] {
        guard x.count % dimension == 0 else {
            throw NaswiftError.invalidArgument("random forest: \(x.count) numbers are not rows of \(dimension)", hint: "pass row-major [rows, \(dimension)]")
        }
        let rows = x.count / dimension
        return x.withUnsafeBufferPointer { xp in
            (0..<rows).map { r in trees.reduce(0) { $0 + $1.predict(xp, row: r, d: dimension) } / Double(trees.count) }
        }
    }

    static func grow(_ x: UnsafeBufferPointer<Double>, _ y: [Double], d: Int, sample: [Int], settings: Settings,
                     rng: inout SeededGenerator) -> Tree {
        var t = Tree()
        var idx = sample
        var stack: [(node: Int, lo: Int, hi: Int)] = []
        func addNode(_ lo: Int, _ hi: Int) -> Int {
            var s = 0.0
            for i in lo..<hi { s += y[idx[i]] }
            t.feature.append(-1); t.threshold.append(0); t.left.append(-1); t.right.append(-1)
            t.value.append(s / Double(hi - lo))
            return t.value.count - 1
        }
        stack.append((addNode(0, idx.count), 0, idx.count))
        let maxF = min(settings.maxFeatures ?? d, d)
        var features = Array(0..<d)
        var pairs: [(Double, Double)] = []
        while let (node, lo, hi) = stack.popLast() {
            let m = hi - lo
            guard m >= settings.minSamplesSplit, m >= 2 * settings.minSamplesLeaf else { continue }
            let first = y[idx[lo]]
            guard (lo..<hi).contains(where: { y[idx[$0]] != first }) else { continue }   // pure
            var total = 0.0
            for i in lo..<hi { total += y[idx[i]] }
            let parentScore = total * total / Double(m)
            var best = (gain: 1e-12 * max(1, abs(parentScore)), feature: -1, threshold: 0.0)
            var tried = 0, k = 0
            while k < d && tried < maxF {
                let j = k + Int(rng.next() % UInt64(d - k))
                features.swapAt(k, j)
                let f = features[k]
                k += 1
                pairs.removeAll(keepingCapacity: true)
                for i in lo..<hi { pairs.append((x[idx[i] * d + f], y[idx[i]])) }
                pairs.sort { $0.0 < $1.0 }
                guard pairs[0].0 < pairs[m - 1].0 else { continue }   // constant here: draw another
                tried += 1
                var left = 0.0
                for p in 0..<(m - 1) {
                    left += pairs[p].1
                    let nl = p + 1, nr = m - nl
                    guard pairs[p].0 < pairs[p + 1].0, nl >= settings.minSamplesLeaf, nr >= settings.minSamplesLeaf else { continue }
                    let right = total - left
                    let gain = left * left / Double(nl) + right * right / Double(nr) - parentScore
                    if gain > best.gain {
                        var thr = (pairs[p].0 + pairs[p + 1].0) / 2
                        if thr >= pairs[p + 1].0 { thr = pairs[p].0 }   // neighbours one ulp apart
                        best = (gain, f, thr)
                    }
                }
            }
            guard best.feature >= 0 else { continue }
            // partition idx[lo..<hi] by the threshold
            var i = lo, j = hi - 1
            while i <= j {
                if x[idx[i] * d + best.feature] <= best.threshold { i += 1 } else { idx.swapAt(i, j); j -= 1 }
            }
            guard i > lo, i < hi else { continue }
            t.feature[node] = Int32(best.feature)
            t.threshold[node] = best.threshold
            let l = addNode(lo, i), r = addNode(i, hi)
            t.left[node] = Int32(l); t.right[node] = Int32(r)
            stack.append((r, i, hi))
            stack.append((l, lo, i))
        }
        return t
    }
}
