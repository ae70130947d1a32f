// Measures Swift's `_Differentiation` against an explicit tape on the same model and kernels:
// one training step (forward, backward, SGD update) of a 4-layer ReLU MLP (128-256-256-256-1,
// the CENA DeepSet encoder widths) on a batch of 256 rows, Float, gemm via OpenBLAS.
// Build & run:  bash scripts/bench/ad_compare.sh
// Kept out of the library: the losing prototype lives only here (DESIGN.md "Numerics").
import _Differentiation
import CBLAS
import Foundation

// MARK: shared kernels
func gemm(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int, ta: Bool = false, tb: Bool = false) -> [Float] {
    var c = [Float](repeating: 0, count: m * n)
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), 1, a, Int32(ta ? m : k), b, Int32(tb ? k : n), 0, &c, Int32(n))
    return c
}

// MARK: _Differentiation version
struct Mat: Differentiable, AdditiveArithmetic {
    var rows: Int, cols: Int
    var data: [Float]
    typealias TangentVector = Mat
    static var zero: Mat { Mat(rows: 0, cols: 0, data: []) }
    static func + (a: Mat, b: Mat) -> Mat {
        if a.data.isEmpty { return b }; if b.data.isEmpty { return a }
        var c = a; for i in c.data.indices { c.data[i] += b.data[i] }; return c
    }
    static func - (a: Mat, b: Mat) -> Mat {
        if b.data.isEmpty { return a }
        var c = a.data.isEmpty ? Mat(rows: b.rows, cols: b.cols, data: .init(repeating: 0, count: b.data.count)) : a
        for i in c.data.indices { c.data[i] -= b.data[i] }; return c
    }
    mutating func move(by o: Mat) { self = self + o }
}

@differentiable(reverse)
func matmul(_ a: Mat, _ b: Mat) -> Mat { Mat(rows: a.rows, cols: b.cols, data: gemm(a.data, b.data, m: a.rows, n: b.cols, k: a.cols)) }
@derivative(of: matmul)
func vjpMatmul(_ a: Mat, _ b: Mat) -> (value: Mat, pullback: (Mat) -> (Mat, Mat)) {
    (matmul(a, b), { g in
        (Mat(rows: a.rows, cols: a.cols, data: gemm(g.data, b.data, m: a.rows, n: a.cols, k: b.cols, tb: true)),
         Mat(rows: b.rows, cols: b.cols, data: gemm(a.data, g.data, m: a.cols, n: b.cols, k: a.rows, ta: true)))
    })
}
@differentiable(reverse)
func addBias(_ x: Mat, _ b: Mat) -> Mat {
    var y = x; for i in 0..<x.rows { for j in 0..<x.cols { y.data[i * x.cols + j] += b.data[j] } }; return y
}
@derivative(of: addBias)
func vjpAddBias(_ x: Mat, _ b: Mat) -> (value: Mat, pullback: (Mat) -> (Mat, Mat)) {
    (addBias(x, b), { g in
        var gb = [Float](repeating: 0, count: b.data.count)
        for i in 0..<g.rows { for j in 0..<g.cols { gb[j] += g.data[i * g.cols + j] } }
        return (g, Mat(rows: 1, cols: b.cols, data: gb))
    })
}
@differentiable(reverse)
func relu(_ x: Mat) -> Mat { var y = x; for i in y.data.indices where y.data[i] < 0 { y.data[i] = 0 }; return y }
@derivative(of: relu)
func vjpRelu(_ x: Mat) -> (value: Mat, pullback: (Mat) -> Mat) {
    (relu(x), { g in var d = g; for i in d.data.indices where !(x.data[i] > 0) { d.data[i] = 0 }; return d })
}
@differentiable(reverse, wrt: x)
func mse(_ x: Mat, _ t: Mat) -> Float {
    var s: Float = 0; for i in x.data.indices { let d = x.data[i] - t.data[i]; s += d * d }; return s / Float(x.data.count)
}
@derivative(of: mse, wrt: x)
func vjpMse(_ x: Mat, _ t: Mat) -> (value: Float, pullback: (Float) -> Mat) {
    (mse(x, t), { g in
        let k = 2 * g / Float(x.data.count)
        return Mat(rows: x.rows, cols: x.cols, data: x.data.indices.map { k * (x.data[$0] - t.data[$0]) })
    })
}

struct Model4: Differentiable {
    var w1: Mat, b1: Mat, w2: Mat, b2: Mat, w3: Mat, b3: Mat, w4: Mat, b4: Mat
}
@differentiable(reverse, wrt: m)
func forwardLoss(_ m: Model4, _ x: Mat, _ t: Mat) -> Float {
    var h = relu(addBias(matmul(x, m.w1), m.b1))
    h = relu(addBias(matmul(h, m.w2), m.b2))
    h = relu(addBias(matmul(h, m.w3), m.b3))
    return mse(addBias(matmul(h, m.w4), m.b4), t)
}

// MARK: explicit tape version (same kernels)
final class Tape {
    var grads: [[Float]?] = []
    var pullbacks: [(([Float], Tape) -> Void)?] = []
    var needs: [Bool] = []
    func leaf(_ needsGrad: Bool) -> Int { grads.append(nil); pullbacks.append(nil); needs.append(needsGrad); return grads.count - 1 }
    func node(_ pb: @escaping ([Float], Tape) -> Void) -> Int { grads.append(nil); pullbacks.append(pb); needs.append(true); return grads.count - 1 }
    func acc(_ i: Int, _ g: [Float]) {
        if grads[i] == nil { grads[i] = g } else { for j in g.indices { grads[i]![j] += g[j] } }
    }
    func backward(_ out: Int) {
        grads[out] = [1]
        for i in stride(from: out, through: 0, by: -1) { if let g = grads[i], let pb = pullbacks[i] { pb(g, self) } }
    }
}
struct V { let id: Int; let rows: Int; let cols: Int; let data: [Float] }
func tMatmul(_ t: Tape, _ a: V, _ b: V) -> V {
    let y = gemm(a.data, b.data, m: a.rows, n: b.cols, k: a.cols)
    let id = t.node { g, t in
        if t.needs[a.id] { t.acc(a.id, gemm(g, b.data, m: a.rows, n: a.cols, k: b.cols, tb: true)) }
        t.acc(b.id, gemm(a.data, g, m: a.cols, n: b.cols, k: a.rows, ta: true))
    }
    return V(id: id, rows: a.rows, cols: b.cols, data: y)
}
func tAddBias(_ t: Tape, _ x: V, _ b: V) -> V {
    var y = x.data; for i in 0..<x.rows { for j in 0..<x.cols { y[i * x.cols + j] += b.data[j] } }
    let id = t.node { g, t in
        var gb = [Float](repeating: 0, count: b.data.count)
        for i in 0..<x.rows { for j in 0..<x.cols { gb[j] += g[i * x.cols + j] } }
        t.acc(x.id, g); t.acc(b.id, gb)
    }
    return V(id: id, rows: x.rows, cols: x.cols, data: y)
}
func tRelu(_ t: Tape, _ x: V) -> V {
    var y = x.data; for i in y.indices where y[i] < 0 { y[i] = 0 }
    let id = t.node { g, t in var d = g; for i in d.indices where !(x.data[i] > 0) { d[i] = 0 }; t.acc(x.id, d) }
    return V(id: id, rows: x.rows, cols: x.cols, data: y)
}
func tMse(_ t: Tape, _ x: V, _ target: [Float]) -> V {
    var s: Float = 0; for i in x.data.indices { let d = x.data[i] - target[i]; s += d * d }
    let n = Float(x.data.count)
    let id = t.node { g, t in t.acc(x.id, x.data.indices.map { 2 * g[0] / n * (x.data[$0] - target[$0]) }) }
    return V(id: id, rows: 1, cols: 1, data: [s / n])
}

// MARK: benchmark
func rand(_ n: Int, _ scale: Float) -> [Float] { (0..<n).map { _ in Float.random(in: -scale...scale) } }
let sizes = [128, 256, 256, 256, 1], batch = 256
let x = Mat(rows: batch, cols: 128, data: rand(batch * 128, 1)), target = Mat(rows: batch, cols: 1, data: rand(batch, 1))
var ws = (0..<4).map { Mat(rows: sizes[$0], cols: sizes[$0 + 1], data: rand(sizes[$0] * sizes[$0 + 1], 1 / Float(sizes[$0]).squareRoot())) }
var bs = (0..<4).map { Mat(rows: 1, cols: sizes[$0 + 1], data: rand(sizes[$0 + 1], 0.05)) }
var model = Model4(w1: ws[0], b1: bs[0], w2: ws[1], b2: bs[1], w3: ws[2], b3: bs[2], w4: ws[3], b4: bs[3])
let lr: Float = 1e-3

func timeIt(_ label: String, _ reps: Int, _ body: () -> Float) -> Double {
    _ = body()
    let t0 = DispatchTime.now().uptimeNanoseconds
    var last: Float = 0
    for _ in 0..<reps { last = body() }
    let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6 / Double(reps)
    print(label.padding(toLength: 20, withPad: " ", startingAt: 0) + String(format: " %8.3f ms/step   (loss %.5f)", ms, last))
    return ms
}

// Check both compute the same gradients first.
let (l0, gAD) = valueWithGradient(at: model) { m in forwardLoss(m, x, target) }
func tapeStep(_ ws: inout [Mat], _ bs: inout [Mat], update: Bool) -> (Float, [[Float]]) {
    let t = Tape()
    let wv = ws.map { V(id: t.leaf(true), rows: $0.rows, cols: $0.cols, data: $0.data) }
    let bv = bs.map { V(id: t.leaf(true), rows: $0.rows, cols: $0.cols, data: $0.data) }
    var h = V(id: t.leaf(false), rows: batch, cols: 128, data: x.data)
    for l in 0..<4 {
        h = tAddBias(t, tMatmul(t, h, wv[l]), bv[l])
        if l < 3 { h = tRelu(t, h) }
    }
    let loss = tMse(t, h, target.data)
    t.backward(loss.id)
    if update {
        for l in 0..<4 {
            ws[l].move(by: Mat(rows: ws[l].rows, cols: ws[l].cols, data: t.grads[wv[l].id]!).scaledData(-lr))
            bs[l].move(by: Mat(rows: bs[l].rows, cols: bs[l].cols, data: t.grads[bv[l].id]!).scaledData(-lr))
        }
    }
    return (loss.data[0], [t.grads[wv[0].id]!])
}
let (l1, gT) = tapeStep(&ws, &bs, update: false)
let diff = zip(gAD.w1.data, gT[0]).map { abs($0 - $1) }.max()!
print("loss AD \(l0) tape \(l1); max |dW1 difference| = \(diff)")

// Alternate blocks of 40 steps, 7 blocks each, and keep each method's fastest block (the machine is
// shared, so the minimum is the least disturbed figure).
var bestAD = Double.infinity, bestTape = Double.infinity
for _ in 0..<7 {
    bestAD = min(bestAD, timeIt("_Differentiation", 40) {
        let (l, g) = valueWithGradient(at: model) { m in forwardLoss(m, x, target) }
        model.move(by: Model4.TangentVector(w1: g.w1.scaledData(-lr), b1: g.b1.scaledData(-lr), w2: g.w2.scaledData(-lr),
                                            b2: g.b2.scaledData(-lr), w3: g.w3.scaledData(-lr), b3: g.b3.scaledData(-lr),
                                            w4: g.w4.scaledData(-lr), b4: g.b4.scaledData(-lr)))
        return l
    })
    bestTape = min(bestTape, timeIt("explicit tape", 40) { tapeStep(&ws, &bs, update: true).0 })
}
print(String(format: "best: _Differentiation %.3f ms/step, explicit tape %.3f ms/step, ratio AD/tape %.3f",
             bestAD, bestTape, bestAD / bestTape))

extension Mat { func scaledData(_ s: Float) -> Mat { Mat(rows: rows, cols: cols, data: data.map { $0 * s }) } }
