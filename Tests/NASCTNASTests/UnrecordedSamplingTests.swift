import NASCore
import NASSpaces
import NASTensor
import Testing
@testable import NASCTNAS

/// Gradient-free controller draws (`Tape(recording: false)`, used by policy learning for
/// tournament candidates and pseudo-label samples) equal taped draws: same choices, bit-identical
/// log-probability and entropy, same RNG state afterwards, and nothing recorded.
@Suite struct UnrecordedSamplingTests {
    /// NB101 (18 LSTM-with-attention steps a sample at most): 300 draws from one RNG state each.
    @Test func nb101DrawsMatchTapedDraws() {
        var initRNG = SeededGenerator(seed: 10, stream: 10)
        let c = NB101Controller<Float>(hidden: 64, rng: &initRNG)
        var taped = SeededGenerator(seed: 3, stream: 11), unrecorded = taped
        for i in 0..<300 {
            let tape = Tape<Float>(), plain = Tape<Float>(recording: false)
            let a = c.run(on: tape, rng: &taped), b = c.run(on: plain, rng: &unrecorded)
            #expect(a.choices == b.choices, "draw \(i)")
            #expect(a.logProbability.scalar.bitPattern == b.logProbability.scalar.bitPattern, "draw \(i)")
            #expect(a.entropy.scalar.bitPattern == b.entropy.scalar.bitPattern, "draw \(i)")
            #expect(taped.next() == unrecorded.next(), "draw \(i): RNG states differ")
            #expect(tape.count > 0 && plain.count == 0 && !b.logProbability.requiresGrad)
        }
    }

    /// NB201 (`NB201Policy`, 6 op decisions): 300 draws.
    @Test func nb201DrawsMatchTapedDraws() throws {
        var initRNG = SeededGenerator(seed: 4, stream: 10)
        let p = NB201Policy(hidden: 64, rng: &initRNG)
        var taped = SeededGenerator(seed: 8, stream: 11), unrecorded = taped
        for i in 0..<300 {
            let a = try p.sample(on: Tape<Float>(), rng: &taped), b = try p.sample(on: Tape<Float>(recording: false), rng: &unrecorded)
            #expect(a.architecture == b.architecture, "draw \(i)")
            #expect(a.logProbability.scalar.bitPattern == b.logProbability.scalar.bitPattern, "draw \(i)")
            #expect(a.entropy.scalar.bitPattern == b.entropy.scalar.bitPattern, "draw \(i)")
            #expect(taped.next() == unrecorded.next(), "draw \(i): RNG states differ")
        }
    }

    /// A non-recording tape keeps no nodes; its variables never require a gradient, even a
    /// trainable parameter's.
    @Test func nonRecordingTapeRecordsNothing() {
        let tape = Tape<Float>(recording: false)
        let w = Parameter(Tensor<Float>([1, 2, 3]))
        let y = (tape.parameter(w) * tape.constant(Tensor([2, 2, 2]))).sum()
        #expect(y.scalar == 12 && !y.requiresGrad && tape.count == 0 && !tape.isRecording)
    }
}
