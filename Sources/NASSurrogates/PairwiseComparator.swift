/// A model of "is architecture A better than architecture B" (CTNAS's neural architecture
/// comparator): fitted on encoded architectures with their values (larger is better), it returns
/// probabilities for pairs instead of a posterior per candidate. The pairwise counterpart of
/// `Surrogate`; strategies that rank by comparison (a tournament, a baseline to beat) ask it.
///
/// Like a surrogate it is a value that owns its training data and its randomness (seeded at
/// construction); `fit` replaces the fitted model, so copies never share a model being changed.
public protocol PairwiseComparator<Code>: Sendable {
    associatedtype Code: Sendable

    /// Adds one labelled architecture (its code and its value, larger is better).
    mutating func append(_ code: Code, value: Double) throws

    /// Fits the comparator to every labelled architecture so far.
    mutating func fit() throws

    /// `P(first[i] better than second[i])` for every i (equal lengths); throws before a fit.
    func probabilities(_ first: [Code], _ second: [Code]) throws -> [Double]

    /// The `n x n` matrix `P(codes[i] better than codes[j])`, row-major (diagonal included).
    func comparisonMatrix(_ codes: [Code]) throws -> [Double]

    /// Where the comparator's time went (seconds per phase, counts); empty by default.
    var profile: [String: Double] { get }
}

extension PairwiseComparator {
    public var profile: [String: Double] { [:] }

    /// Every ordered pair through `probabilities`.
    public func comparisonMatrix(_ codes: [Code]) throws -> [Double] {
        let n = codes.count
        var first: [Code] = [], second: [Code] = []
        first.reserveCapacity(n * n); second.reserveCapacity(n * n)
        for i in 0..<n { for j in 0..<n { first.append(codes[i]); second.append(codes[j]) } }
        return try probabilities(first, second)
    }

    /// Row sums of the comparison matrix with the diagonal left out: how strongly each code is
    /// judged better than the others (CTNAS's tournament score).
    public func tournamentScores(_ codes: [Code]) throws -> [Double] {
        PairwiseComparison.tournamentScores(try comparisonMatrix(codes), count: codes.count)
    }
}

/// Helpers on comparison matrices.
public enum PairwiseComparison {
    /// Row sums of an `n x n` row-major comparison matrix without the diagonal.
    public static func tournamentScores(_ m: [Double], count n: Int) -> [Double] {
        precondition(m.count == n * n, "tournamentScores: \(m.count) entries for \(n) x \(n)")
        return (0..<n).map { i in (0..<n).reduce(0.0) { $0 + ($1 == i ? 0 : m[i * n + $1]) } }
    }
}
