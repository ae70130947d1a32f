import Foundation
import Testing
import NASCore
import NASTensor
import NASTestSupport

/// An MLP trained with the tape and Adam on real NAS-Bench-201 data learns the accuracy landscape.
@Suite struct TrainingTests {
    static let ops = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]

    /// One-hot (6 edges x 5 ops) encodings and CIFAR-10-valid validation accuracies of the first `n` cells.
    static func nb201(_ n: Int) throws -> (Tensor<Float>, [Float]) {
        let text = try String(contentsOf: SharedData.url("nb201/nb201_200ep.csv"), encoding: .utf8)
        var x: [Float] = [], y: [Float] = []
        for line in text.split(whereSeparator: \.isNewline).dropFirst().prefix(n) {
            let cols = line.split(separator: ",")
            let edges = cols[1].split(separator: "|").filter { $0.contains("~") }
            #expect(edges.count == 6)
            for e in edges {
                let op = String(e.split(separator: "~")[0])
                x += ops.map { $0 == op ? 1 : 0 }
            }
            y.append(Float(cols[2])!)
        }
        return (try Tensor(shape: [y.count, 30], scalars: x), y)
    }

    @Test func mlpLearnsNB201Accuracies() throws {
        let (x, acc) = try Self.nb201(1200)
        try #require(acc.count == 1200)
        let mean = acc.reduce(0, +) / Float(acc.count)
        let target = Tensor(acc.map { ($0 - mean) / 10 }).reshapedUnchecked([-1, 1])
        let train = Array(0..<1000), test = Array(1000..<1200)
        var rng = SeededGenerator(seed: 1)
        let mlp = MLP<Float>([30, 64, 64, 1], rng: &rng)
        let opt = Adam(parameters: mlp.parameters, learningRate: 3e-3)
        func loss(_ idx: [Int]) -> Float {
            let tape = Tape<Float>()
            return Loss.mse(mlp(tape.constant(x.gatherRows(idx))), target.gatherRows(idx)).scalar
        }
        let before = loss(test)
        for epoch in 0..<60 {
            var order = train
            order.shuffle(using: &rng)
            for b in stride(from: 0, to: order.count, by: 100) {
                let idx = Array(order[b..<(b + 100)])
                let tape = Tape<Float>()
                let l = Loss.mse(mlp(tape.constant(x.gatherRows(idx))), target.gatherRows(idx))
                tape.backward(l)
                opt.step()
                _ = epoch
            }
        }
        let after = loss(test)
        // held-out MSE must fall by at least 4x (variance of the standardised target is ~1)
        #expect(after < before / 4, "held-out MSE \(before) -> \(after)")
        let tape = Tape<Float>()
        let pred = mlp(tape.constant(x.gatherRows(test))).value.scalars
        let truth = test.map { acc[$0] }
        #expect(pearson(pred.map(Double.init), truth.map(Double.init)) > 0.8)
    }

    func pearson(_ a: [Double], _ b: [Double]) -> Double {
        let ma = a.reduce(0, +) / Double(a.count), mb = b.reduce(0, +) / Double(b.count)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for (x, y) in zip(a, b) { sab += (x - ma) * (y - mb); saa += (x - ma) * (x - ma); sbb += (y - mb) * (y - mb) }
        return sab / (saa * sbb).squareRoot()
    }
}
