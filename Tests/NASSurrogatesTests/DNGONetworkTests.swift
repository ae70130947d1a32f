import Foundation
import NASCore
import NASLinalg
import NASTensor
import Testing
@testable import NASSurrogates

/// DNGO's tape-free network step against the tape (`Loss.mse(output(hidden(x).tanh()), y)`), on
/// z-scored real NB201 cells: gradients and loss per batch, and a whole training run.
@Suite struct DNGONetworkTests {
    /// The real problem of `DNGOTests`, z-scored like DNGO does.
    static func standardisedProblem(count: Int) throws -> (x: Matrix, y: [Double]) {
        let (x, y) = try DNGOTests.realProblem(count: count, seed: 7)
        let f = x.cols
        var mean = [Double](repeating: 0, count: f), std = [Double](repeating: 0, count: f)
        for i in 0..<x.rows { for j in 0..<f { mean[j] += x[i, j] / Double(x.rows) } }
        for i in 0..<x.rows { for j in 0..<f { std[j] += (x[i, j] - mean[j]) * (x[i, j] - mean[j]) / Double(x.rows) } }
        return (DNGO.standardised(x, mean: mean, std: std.map { $0 > 0 ? $0.squareRoot() : 1 }), y)
    }

    /// The tape's loss and the four gradients (weight1, bias1, weight2, bias2) for rows `rows`.
    static func tapeGradients(_ x: Matrix, _ y: [Double], rows: [Int], hidden: Linear<Double>, output: Linear<Double>) throws -> (Double, [[Double]]) {
        let f = x.cols
        let tape = Tape<Double>()
        let input = tape.constant(try Tensor(shape: [rows.count, f], scalars: rows.flatMap { r in (0..<f).map { x[r, $0] } }))
        let loss = Loss.mse(output(hidden(input).tanh()), try Tensor(shape: [rows.count, 1], scalars: rows.map { y[$0] }))
        tape.backward(loss)
        let params = hidden.parameters + output.parameters
        let grads = params.map { $0.grad!.scalars }
        for p in params { p.zeroGrad() }
        return (loss.scalar, grads)
    }

    static func maxRelativeDifference(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count)
        return zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
    }

    @Test(arguments: [(10, 128), (40, 128), (3, 7)])
    func stepEqualsTheTape(batch: Int, hiddenUnits: Int) throws {
        let (x, y) = try Self.standardisedProblem(count: 40)
        var rng = SeededGenerator(seed: 11, stream: 0xD460)
        let hidden = Linear<Double>(x.cols, hiddenUnits, rng: &rng), output = Linear<Double>(hiddenUnits, 1, rng: &rng)
        var rows = Array(0..<x.rows)
        rows.shuffle(using: &rng)
        rows = Array(rows.prefix(batch))
        let (tapeLoss, tapeGrads) = try Self.tapeGradients(x, y, rows: rows, hidden: hidden, output: output)
        var step = DNGO.NetworkStep(features: x.cols, hiddenUnits: hiddenUnits)
        let xb = rows.flatMap { r in (0..<x.cols).map { x[r, $0] } }
        let loss = try step.lossAndGradients(x: xb, y: rows.map { y[$0] }, rows: batch, hidden: hidden, output: output)
        #expect(abs(loss - tapeLoss) <= 1e-12 * max(1, tapeLoss))
        let grads = (hidden.parameters + output.parameters).map { $0.grad!.scalars }
        #expect(grads.map(\.count) == tapeGrads.map(\.count))
        for (g, t) in zip(grads, tapeGrads) { #expect(Self.maxRelativeDifference(g, t) <= 1e-12) }
        // The gradients are not trivially zero, and they accumulate like the tape's (a second
        // step without clearing doubles them).
        #expect(grads[0].contains { abs($0) > 1e-6 })
        _ = try step.lossAndGradients(x: xb, y: rows.map { y[$0] }, rows: batch, hidden: hidden, output: output)
        let twice = (hidden.parameters + output.parameters).map { $0.grad!.scalars }
        for (g2, g) in zip(twice, grads) { #expect(Self.maxRelativeDifference(g2, g.map { 2 * $0 }) <= 1e-12) }
    }

    /// A whole DNGO fit (30 epochs) equals the same recipe trained through the tape: same
    /// initialisation, shuffles and Adam, so the trained weights and predictions agree to rounding.
    @Test func trainingEqualsTheTapeRecipe() throws {
        let (raw, y) = try DNGOTests.realProblem(count: 57, seed: 7)
        var settings = DNGO.Settings()
        settings.epochs = 30
        let model = try DNGO(inputs: raw, targets: y, settings: settings, seed: 5)
        // The tape recipe (DNGO's loop before the tape-free step).
        let x = DNGO.standardised(raw, mean: model.inputMean, std: model.inputStd)
        var rng = SeededGenerator(seed: 5, stream: 0xD460)
        let hidden = Linear<Double>(x.cols, settings.hidden, rng: &rng), output = Linear<Double>(settings.hidden, 1, rng: &rng)
        let adam = Adam(parameters: hidden.parameters + output.parameters, learningRate: settings.learningRate)
        var order = Array(0..<x.rows)
        var lastLoss = 0.0
        for _ in 0..<settings.epochs {
            order.shuffle(using: &rng)
            var sum = 0.0, batches = 0, start = 0
            while start + settings.batchSize <= x.rows {
                let rows = Array(order[start..<(start + settings.batchSize)])
                let tape = Tape<Double>()
                let input = tape.constant(try Tensor(shape: [rows.count, x.cols], scalars: rows.flatMap { r in (0..<x.cols).map { x[r, $0] } }))
                let loss = Loss.mse(output(hidden(input).tanh()), try Tensor(shape: [rows.count, 1], scalars: rows.map { y[$0] }))
                tape.backward(loss)
                adam.step()
                sum += loss.scalar; batches += 1; start += settings.batchSize
            }
            lastLoss = sum / Double(batches)
        }
        #expect(Self.maxRelativeDifference(model.hiddenWeight.scalars, hidden.weight.value.scalars) <= 1e-10)
        #expect(Self.maxRelativeDifference(model.hiddenBias.scalars, hidden.bias!.value.scalars) <= 1e-10)
        #expect(abs(model.finalLoss - lastLoss) <= 1e-10)
        let basis = try DNGO.basis(x, weight: hidden.weight.value, bias: hidden.bias!.value)
        let reference = try BayesianLinearRegression.fitted(features: basis, targets: y)
        let test = try Matrix(try NB201Sample.load(count: 20, seed: 123).oneHot)
        let (m, v) = try model.predict(test)
        let (mr, vr) = try reference.predict(DNGO.basis(DNGO.standardised(test, mean: model.inputMean, std: model.inputStd),
                                                        weight: hidden.weight.value, bias: hidden.bias!.value))
        #expect(Self.maxRelativeDifference(m, mr) <= 1e-8)
        #expect(Self.maxRelativeDifference(v, vr) <= 1e-8)
        // Training did something: the loss fell below the target variance.
        #expect(lastLoss < BayesianLinearRegression.variance(y))
    }
}
