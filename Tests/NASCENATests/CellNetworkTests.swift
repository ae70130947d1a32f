import Foundation
import Testing
import NASCENA
import NASCore
import NASSpaces
import NASTensor

/// The networks' structure and their input gradient against central finite differences.
struct CellNetworkTests {
    /// Every op, a node fed only by `none` edges, and the channel changes of the NATS network.
    static let mixedCell = "|nor_conv_3x3~0|+|skip_connect~0|avg_pool_3x3~1|+|nor_conv_1x1~0|none~1|nor_conv_3x3~2|"
    static let zeroNodeCell = "|none~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|avg_pool_3x3~1|nor_conv_1x1~2|"

    @Test func nb201NetworkHasTheReferenceLayout() throws {
        var rng = SeededGenerator(seed: 1)
        let cell = try NB201Space().parse(NB201Space.example)   // all 3x3 convolutions
        let net = CellNetwork<Float>.nb201(cell, rng: &rng)
        #expect(net.layers.count == 17)
        let names = net.namedParameters.map(\.0)
        #expect(names.contains("cells.16.layers.5.op.1.weight"))
        #expect(names.contains("cells.5.downsample.1.weight") && names.contains("cells.11.conv_b.op.2.running_var"))
        // PyTorch's TinyNetwork(16, 5, all-3x3 cell, 10) has 1,531,546 trainable parameters (NB201 lists 1.5315 M
        // for it: stem 432 + 32, 15 cells of 6 ReLUConvBNs, 2 reductions, last BN, classifier 650).
        let perCell = { (c: Int) in 6 * (c * c * 9 + 2 * c) }
        let reduction = { (i: Int, o: Int) in i * o * 9 + 2 * o + o * o * 9 + 2 * o + i * o }
        let expected = 432 + 32 + 5 * perCell(16) + reduction(16, 32) + 5 * perCell(32) + reduction(32, 64)
            + 5 * perCell(64) + 128 + 64 * 10 + 10
        #expect(net.parameterCount == expected)
        // Default initialisation: a 3x3 convolution of 16 inputs has weights in +-1/sqrt(144).
        let w = try #require(net.namedParameters.first { $0.0 == "cells.0.layers.0.op.1.weight" }).1.value.scalars
        #expect(w.allSatisfy { abs($0) <= 1 / 12 } && w.max()! > 0.07 && w.min()! < -0.07)
    }

    @Test func natsNetworkFollowsTheChannelString() throws {
        var rng = SeededGenerator(seed: 2)
        let arch = try NATSSizeSpace().parse("64:8:40:16:24")
        let net = CellNetwork<Float>.natsSize(arch, rng: &rng)
        let shapes = Dictionary(uniqueKeysWithValues: net.namedParameters.map { ($0.0, $0.1.value.shape) })
        #expect(shapes["stem.0.weight"] == [64, 3, 3, 3])
        #expect(shapes["cells.1.conv_a.op.1.weight"] == [8, 64, 3, 3])
        #expect(shapes["cells.2.layers.0.op.1.weight"] == [40, 8, 3, 3])    // node 0 -> 1: Cin -> Cout
        #expect(shapes["cells.2.layers.1.op.1.weight"] == [40, 8, 3, 3])
        #expect(shapes["cells.2.layers.2.op.1.weight"] == [40, 40, 3, 3])   // node 1 -> 2: Cout -> Cout
        #expect(shapes["cells.2.layers.3.conv.weight"] == [40, 8, 1, 1])     // skip_connect 8 -> 40
        #expect(shapes["cells.0.layers.3.conv.weight"] == nil)              // 64 -> 64: identity
        #expect(shapes["classifier.weight"] == [10, 24])
    }

    /// d(sum of logits)/d(images) against central differences on 24 pixels, for small networks
    /// (NB201 C = 4, N = 1; a NATS network) on 4 real images, in Double.
    @Test(arguments: [mixedCell, zeroNodeCell, "natsss:8:16:24:8:16"])
    func inputGradientMatchesFiniteDifferences(_ spec: String) throws {
        var rng = SeededGenerator(seed: 5)
        let net: CellNetwork<Double> = spec.hasPrefix("natsss:")
            ? .natsSize(try NATSSizeSpace().parse(String(spec.dropFirst(7))), rng: &rng)
            : .nb201(try NB201Space().parse(spec), c: 4, n: 1, rng: &rng)
        Fixtures.randomiseBatchNorms(net, seed: 9)
        var x: Tensor<Double> = try Fixtures.images(4)
        let g = net.inputGradient(x)
        #expect(g.shape == [4, 3, 32, 32])
        func loss(_ t: Tensor<Double>) -> Double {
            let tape = Tape<Double>()
            return net.logits(tape.constant(t), NetworkPass(tape: tape, weightGradients: false)).value.scalars.reduce(0, +)
        }
        let h = 1e-6   // small: every activation depends on every pixel through the batch norms, so a larger step crosses ReLU kinks
        var worst = 0.0, scale = 0.0
        for _ in 0..<24 {
            let i = Int(rng.next() % UInt64(x.count))
            let v = x.scalars[i]
            x.scalars[i] = v + h; let up = loss(x)
            x.scalars[i] = v - h; let down = loss(x)
            x.scalars[i] = v
            worst = max(worst, abs((up - down) / (2 * h) - g.scalars[i]))
            scale = max(scale, abs(g.scalars[i]))
        }
        #expect(scale > 1e-6, "the sampled gradient entries are all ~0")
        #expect(worst / scale < 1e-6, "finite differences disagree: max error \(worst) against gradient scale \(scale)")
    }

    /// A cell whose output node has only `none` edges cuts the network off its input.
    @Test func cutOffCellHasZeroJacobian() throws {
        var rng = SeededGenerator(seed: 3)
        let cell = try NB201Space().parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|none~0|none~1|none~2|")
        let net = CellNetwork<Float>.nb201(cell, c: 4, n: 1, rng: &rng)
        let g = net.inputGradient(try Fixtures.images(4))
        #expect(g.scalars.allSatisfy { $0 == 0 })
    }
}
