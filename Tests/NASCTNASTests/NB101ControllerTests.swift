import NASCore
import NASSpaces
import NASTensor
import NASTestSupport
import Testing
@testable import NASCTNAS

/// The NB101 controller (METHODS §4.4): decision sequence, decoding and pruning, gradients.
@Suite struct NB101ControllerTests {
    /// d/dtheta of `-log pi(seq) R - w H` through the LSTM and the attention against central
    /// differences (Double, hidden 6), on sequences the controller itself sampled with 1, 3 and 5
    /// intermediate nodes: every parameter (embeddings, LSTM, attention, both decoders) is checked.
    @Test(arguments: [1, 3, 5])
    func controllerLossGradientsMatchFiniteDifferences(interior: Int) throws {
        var rng = SeededGenerator(seed: 41)
        let c = NB101Controller<Double>(hidden: 6, rng: &rng)
        var draw = SeededGenerator(seed: 2)
        var seq: [Int] = []
        while seq.first != interior { seq = c.run(on: Tape<Double>(), rng: &draw).choices }
        #expect(seq.count == NB101Controller<Double>.length(interior: interior))
        let err = GradCheck.maxRelativeError(inputs: [], parameters: c.parameters) { tape, _ in
            var r = SeededGenerator(seed: 1)
            let out = c.run(on: tape, rng: &r, forced: seq)
            return out.logProbability * (-0.61) - out.entropy * 0.05
        }
        #expect(err < 1e-6, "n = \(interior): relative gradient error \(err)")
        // the forced run reproduces the sampled one's decisions
        var r = SeededGenerator(seed: 9)
        #expect(c.run(on: Tape<Double>(), rng: &r, forced: seq).choices == seq)
    }

    /// The uniform mode (the reference's `force_uniform`, the initial baseline) runs no network:
    /// every decision is uniform, so n is uniform over 1...5 (5,000 draws, each share within 0.03 of 0.2).
    @Test func uniformSequencesAreUniform() throws {
        var rng = SeededGenerator(seed: 5)
        let c = NB101Controller<Double>(hidden: 8, rng: &rng)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<5000 {
            let u = c.run(on: Tape<Double>(), rng: &rng, uniform: true)
            #expect(u.entropy.scalar == 0 && u.logProbability.scalar == 0 && NB101Controller<Double>.isValid(u.choices))
            counts[u.choices[0]] += 1
        }
        for n in 1...5 { #expect(abs(Double(counts[n]) / 5000 - 0.2) < 0.03, "n = \(n): \(counts[n])") }
    }

    /// Hand-made sequences decode as the reference's seq2arch + prune.
    @Test func decodingFollowsTheReference() throws {
        // n = 2: node1 <- 0 (conv1x1), node2 <- 1 (maxpool), output <- 2; extra pairs (0,3) (2,2) (1,3)...
        let extra = [0, 3, 2, 2, 3, 1] + Array(repeating: 0, count: 2 * (9 - 2 - 1) - 6)
        let cell = try NB101Controller<Float>.cell(from: [2, 0, 1, 1, 2, 2] + extra)
        #expect(cell.matrix == [[0, 1, 0, 1], [0, 0, 1, 1], [0, 0, 0, 1], [0, 0, 0, 0]])
        #expect(cell.ops == [.input, .conv1x1, .maxpool3x3, .output])
        // n = 3 with node 2 a dead end (only node 3 feeds the output): node 2 is pruned
        let dead = try NB101Controller<Float>.cell(from: [3, 0, 0, 1, 1, 1, 2, 3] + Array(repeating: 4, count: 2 * 5))
        #expect(dead.vertexCount == 4 && dead.ops == [.input, .conv3x3, .maxpool3x3, .output])
        #expect(dead.matrix == [[0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [0, 0, 0, 0]])
        #expect { try NB101Controller<Float>.cell(from: [2, 0, 1]) } throws: { "\($0)".contains("not an NB101 controller decision sequence") }
        #expect { try NB101Controller<Float>.cell(from: [1, 1, 0, 0] + Array(repeating: 0, count: 14)) } throws: { _ in true }
    }

    /// 3,000 sampled sequences (half from the network, half uniform) decode, against a Python
    /// transcription of the reference's decoding and nasbench's pruning written from METHODS §4.4,
    /// to the same pruned matrix and ops; every one is a valid cell (no rejection or repair).
    @Test func sampledSequencesDecodeLikeAPythonTranscription() throws {
        var rng = SeededGenerator(seed: 17)
        let c = NB101Controller<Float>(rng: &rng)
        var seqs: [[Int]] = []
        for k in 0..<3000 { seqs.append(c.run(on: Tape<Float>(), rng: &rng, uniform: k % 2 == 0).choices) }
        let cells = try seqs.map(NB101Controller<Float>.cell(from:))
        #expect(Set(seqs.map { $0[0] }) == Set(1...5))
        let out = try PythonReference.run("""
            res = []
            for seq in inp:
                n = seq[0]; m = n + 2
                A = np.zeros((m, m), dtype=int)
                ops = ['input']
                names = ['conv3x3-bn-relu', 'conv1x1-bn-relu', 'maxpool3x3']
                for i in range(1, n + 1):
                    A[seq[2 * i - 1], i] = 1
                    ops.append(names[seq[2 * i]])
                A[seq[2 * n + 1], n + 1] = 1
                rest = seq[2 * n + 2:]
                for a, b in zip(rest[0::2], rest[1::2]):
                    if a != b:
                        A[min(a, b), max(a, b)] = 1
                ops.append('output')
                fwd = {0}
                for j in range(m):
                    if j in fwd:
                        fwd |= {k for k in range(j + 1, m) if A[j, k]}
                bwd = {m - 1}
                for j in range(m - 1, -1, -1):
                    if j in bwd:
                        bwd |= {k for k in range(j) if A[k, j]}
                keep = sorted(fwd & bwd)
                B = A[np.ix_(keep, keep)]
                assert B.sum() <= 9 and len(keep) <= 7
                res.append([B.tolist(), [ops[k] for k in keep]])
            print(json.dumps(res))
            """, input: seqs) as? [[Any]]
        let ref = try #require(out)
        #expect(ref.count == cells.count)
        var mismatches = 0
        for (cell, r) in zip(cells, ref) {
            let matrix = r[0] as? [[Int]], ops = r[1] as? [String]
            if cell.matrix != matrix || cell.ops.map(\.name) != ops { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(cells.contains { $0.vertexCount < $0.ops.count || $0.vertexCount < 7 })
    }
}
