import NASCore

/// Hyper-parameters of a `GaussianProcess` (standardised-target units).
public struct GPHyperparameters: Sendable, Equatable {
    /// One lengthscale per kernel component (`GPInputs.componentCount`).
    public var lengthscales: [Double]
    /// Kernel amplitude (`alpha` of METHODS §3.3; 1 there).
    public var signalVariance: Double
    /// Observation noise variance added to the kernel diagonal.
    public var noiseVariance: Double

    public init(lengthscales: [Double], signalVariance: Double = 1, noiseVariance: Double) {
        self.lengthscales = lengthscales
        self.signalVariance = signalVariance
        self.noiseVariance = noiseVariance
    }

    func validate(components: Int) throws {
        guard lengthscales.count == components else {
            throw NaswiftError.invalidArgument("GP has \(components) kernel components but \(lengthscales.count) lengthscales",
                                               hint: "pass one lengthscale per distance matrix (or per feature with ARD, else one)")
        }
        for (name, v) in [("signal variance", signalVariance), ("noise variance", noiseVariance)] + lengthscales.map({ ("lengthscale", $0) })
        where !(v > 0 && v.isFinite) {
            throw NaswiftError.invalidArgument("GP \(name) must be positive and finite, got \(v)", hint: "use values > 0")
        }
    }
}

/// Box bounds for marginal-likelihood fitting (a bound with `lower == upper` fixes that parameter).
public struct GPBounds: Sendable, Equatable {
    public var lengthscales: [ClosedRange<Double>]
    public var signalVariance: ClosedRange<Double>
    public var noiseVariance: ClosedRange<Double>

    public init(lengthscales: [ClosedRange<Double>], signalVariance: ClosedRange<Double> = 1...1,
                noiseVariance: ClosedRange<Double>) {
        self.lengthscales = lengthscales
        self.signalVariance = signalVariance
        self.noiseVariance = noiseVariance
    }

    /// METHODS §3.3 (TW-NAS, distances `[d_op, d_in, d_out]`): l1 in [1e-3, 0.1], l2, l3 in
    /// [1e-3, 0.2], noise variance in [1e-3, 1e-2], alpha fixed at 1.
    public static let treeWasserstein = GPBounds(lengthscales: [1e-3...0.1, 1e-3...0.2, 1e-3...0.2],
                                                 signalVariance: 1...1, noiseVariance: 1e-3...1e-2)

    /// Generic defaults for `components` lengthscales on inputs of unit-ish scale: lengthscales in
    /// [1e-2, 1e2], signal variance in [0.05, 20], noise variance in [1e-6, 1].
    public static func generic(components: Int) -> GPBounds {
        GPBounds(lengthscales: Array(repeating: 1e-2...1e2, count: components), signalVariance: 0.05...20,
                 noiseVariance: 1e-6...1)
    }

    /// The default bounds: `.treeWasserstein` for the exponential kernel on 3 distance matrices
    /// (METHODS §3.3), the same shape with l in [1e-3, 0.2] for other numbers of distance matrices,
    /// `.generic` for vector kernels.
    public static func defaults(kernel: GPKernel, components: Int) -> GPBounds {
        guard kernel == .exponential else { return .generic(components: components) }
        if components == 3 { return .treeWasserstein }
        return GPBounds(lengthscales: Array(repeating: 1e-3...0.2, count: components), signalVariance: 1...1,
                        noiseVariance: 1e-3...1e-2)
    }

    /// All ranges in the order (lengthscales..., signal, noise).
    var all: [ClosedRange<Double>] { lengthscales + [signalVariance, noiseVariance] }

    func validate(components: Int) throws {
        guard lengthscales.count == components else {
            throw NaswiftError.invalidArgument("GP has \(components) kernel components but \(lengthscales.count) lengthscale bounds",
                                               hint: "pass one lengthscale range per distance matrix (or per feature with ARD, else one)")
        }
        for r in all where !(r.lowerBound > 0 && r.upperBound.isFinite) {
            throw NaswiftError.invalidArgument("GP hyper-parameter bounds must be positive and finite, got \(r)",
                                               hint: "e.g. 1e-3...0.1")
        }
    }
}
