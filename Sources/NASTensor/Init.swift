import NASCore

/// PyTorch-default initialisations, drawn from a `SeededGenerator`.
public enum Init {
    /// `U(-bound, bound)`.
    public static func uniform<T>(_ shape: [Int], bound: T, rng: inout SeededGenerator) -> Tensor<T> {
        Tensor.uniform(shape, low: -bound, high: bound, rng: &rng)
    }

    /// PyTorch's default for Linear/Conv weights, `kaiming_uniform_(a = sqrt(5))`:
    /// gain = sqrt(2 / (1 + a^2)) = sqrt(1/3), bound = gain * sqrt(3 / fan_in) = 1 / sqrt(fan_in).
    public static func kaimingUniform<T>(_ shape: [Int], fanIn: Int, rng: inout SeededGenerator) -> Tensor<T> {
        let a = 5.0.squareRoot()
        let gain = (2.0 / (1 + a * a)).squareRoot()
        let bound = gain * (3.0 / Double(Swift.max(fanIn, 1))).squareRoot()
        return uniform(shape, bound: T(bound), rng: &rng)
    }

    /// PyTorch's default bias: `U(-1/sqrt(fan_in), 1/sqrt(fan_in))`.
    public static func bias<T>(_ count: Int, fanIn: Int, rng: inout SeededGenerator) -> Tensor<T> {
        uniform([count], bound: T(1 / Double(Swift.max(fanIn, 1)).squareRoot()), rng: &rng)
    }
}
