import NASCore

extension GradCheckSuite {
    /// Cases for the convolutional, pooling, graph and recurrent layers.
    static func layerCases() -> [Case] {
        var c: [Case] = []
        func add(_ name: String, _ run: @escaping @Sendable () -> Double) { c.append(Case(name: name, run: run)) }
        for (k, s, p) in [(3, 1, 1), (3, 2, 1), (1, 1, 0), (2, 2, 0)] {
            add("conv2d.k\(k)s\(s)p\(p)") {
                check([rnd([2, 2, 5, 5], 70), rnd([3, 2, k, k], 71), rnd([3], 72)]) {
                    conv2d($1[0], $1[1], bias: $1[2], ConvGeometry(kernel: k, stride: s, padding: p))
                }
            }
        }
        for (k, s, p, inc) in [(3, 1, 1, true), (3, 1, 1, false), (2, 2, 0, true), (3, 2, 1, false)] {
            add("avgPool2d.k\(k)s\(s)p\(p)\(inc ? "" : ".excludePad")") {
                check([rnd([2, 2, 5, 5], 73)]) { avgPool2d($1[0], ConvGeometry(kernel: k, stride: s, padding: p), countIncludePad: inc) }
            }
        }
        add("globalAvgPool") { check([rnd([2, 3, 4, 4], 74)]) { globalAvgPool($1[0]) } }
        add("dropout") {
            check([rnd([4, 5], 75)]) { _, v in var rng = SeededGenerator(seed: 9); return dropout(v[0], p: 0.3, training: true, rng: &rng) }
        }
        add("layer.embedding") {
            var rng = SeededGenerator(seed: 76)
            let e = Embedding<Double>(5, 3, rng: &rng)
            return check([rnd([4, 3], 77)], e.parameters) { tape, v in e([3, 1, 3, 0], on: tape) * v[0] }
        }
        add("layer.gin") {
            var rng = SeededGenerator(seed: 78)
            let gin = GINLayer<Double>(3, 4, rng: &rng)
            gin.eps.value = Tensor([0.2])
            let adj = symmetricAdjacency(graphs: 2, nodes: 4, seed: 79)
            return check([rnd([8, 3], 80)], gin.parameters) { tape, v in
                gin(v[0], adjacency: tape.constant(adj), training: true)
            }
        }
        add("layer.gcn") {
            var rng = SeededGenerator(seed: 81)
            let gcn = GCNLayer<Double>(3, rng: &rng)
            let adj = symmetricAdjacency(graphs: 2, nodes: 4, seed: 82)
            return check([rnd([8, 3], 83, low: 0.2, high: 1)], gcn.parameters) { tape, v in
                gcn(v[0], adjacency: tape.constant(adj))
            }
        }
        add("layer.lstmCell") {
            var rng = SeededGenerator(seed: 84)
            let cell = LSTMCell<Double>(3, 4, rng: &rng)
            return check([rnd([2, 3], 85), rnd([2, 4], 86), rnd([2, 4], 87)], cell.parameters) { _, v in
                let s1 = cell(v[0], state: (v[1], v[2]))
                let s2 = cell(v[0] * 0.5, state: s1)
                return Variable.concat([s2.h, s2.c], axis: 1)
            }
        }
        add("layer.conv.bn.relu.pool") {
            var rng = SeededGenerator(seed: 88)
            let conv = Conv2d<Double>(2, 3, kernel: 3, padding: 1, bias: false, rng: &rng)
            let bn = BatchNorm<Double>(3)
            return check([rnd([2, 2, 4, 4], 89)], conv.parameters + bn.parameters) { _, v in
                globalAvgPool(bn(conv(v[0]), training: true).tanh())
            }
        }
        return c
    }

    /// A random 0/1 symmetric adjacency without self loops, `[graphs, nodes, nodes]`.
    static func symmetricAdjacency(graphs: Int, nodes: Int, seed: UInt64) -> Tensor<Double> {
        var rng = SeededGenerator(seed: seed)
        var a = Tensor<Double>(zeros: [graphs, nodes, nodes])
        for g in 0..<graphs { for i in 0..<nodes { for j in (i + 1)..<max(nodes, i + 1) where rng.uniform() < 0.5 {
            a[g, i, j] = 1; a[g, j, i] = 1
        } } }
        return a
    }
}
