import Testing
import NASTensor

/// Every differentiable operation, layer and loss against central finite differences (Double).
@Suite struct GradCheckTests {
    static let names = GradCheckSuite.cases().map(\.name)

    @Test(arguments: names)
    func gradientMatchesFiniteDifferences(_ name: String) {
        let c = GradCheckSuite.cases().first { $0.name == name }!
        let err = c.run()
        #expect(err < 1e-6, "\(name): relative error \(err)")
    }

    /// The checker itself fails on a wrong gradient (so the suite can fail).
    @Test func checkerDetectsAWrongPullback() {
        let err = GradCheck.maxRelativeError(inputs: [Tensor([0.3, -0.7, 1.1])]) { tape, v in
            // y = 2x recorded with a pullback claiming dy/dx = 3
            tape.record(v[0].value * 2, inputs: [v[0]]) { [x = v[0].saved] g, tape in tape.accumulate(x, g * 3) }
        }
        #expect(err > 0.4)
    }
}
