import NASCore
import NASReports
import NASSurrogates

/// How well a NAC trained on `labels` cells ranks `heldOut` other cells (METHODS §4.3's metric
/// and the standard one), for `naswift ctnas nac` and the reproduction table.
///
/// Split: a seeded permutation (seed stream 2) of all given cells; the first `labels` are the
/// labelled set, the next `heldOut` the held-out set. The comparator is seeded with `seed`.
/// - `tauPairwise`: the reference's pairwise tau on the held-out cells,
///   mean over pairs of `sign(P(i > j) - 0.5) sign(v_i - v_j)` (`KendallTau.pairwise`).
/// - `tauB`: Kendall tau-b between the held-out values and each cell's tournament score (the sum
///   over the other held-out cells of `P(cell better than other)`, the ranking CTNAS's baseline
///   update uses).
public struct NACEvaluation: Sendable, Codable, Hashable {
    public let space: String
    public let labels: Int
    public let heldOut: Int
    public let seed: UInt64
    public let epochs: Int
    public let tauPairwise: Double
    public let tauB: Double
    public let trainSeconds: Double
    public let steps: Int
    /// The same figures for value predictors fitted on the same labelled cells and ranked on the
    /// same held-out cells (`PeerPredictor`, `naswift ctnas nac --predictors`); nil when none was asked.
    public var predictors: [PredictorEvaluation]? = nil

    /// - Throws: `invalidArgument` when the cells cannot be split as asked or a value is not finite.
    public static func run(graphs: [NACGraph], values: [Double], vocabulary: NACVocabulary, labels: Int, heldOut: Int,
                           settings: NACSettings = .reference, seed: UInt64) throws -> NACEvaluation {
        try trained(graphs: graphs, values: values, vocabulary: vocabulary, labels: labels, heldOut: heldOut,
                    settings: settings, seed: seed).evaluation
    }

    /// As `run`, and also returns the comparator trained on the labelled cells (to save it);
    /// `progress(epoch, epochs)` follows the training.
    public static func trained(graphs: [NACGraph], values: [Double], vocabulary: NACVocabulary, labels: Int, heldOut: Int,
                               settings: NACSettings = .reference, seed: UInt64,
                               progress: ((Int, Int) -> Void)? = nil) throws -> (evaluation: NACEvaluation, nac: NACComparator) {
        precondition(graphs.count == values.count, "NACEvaluation: one value per graph")
        let (train, test) = try checkedSplit(count: graphs.count, labels: labels, heldOut: heldOut, seed: seed)
        var nac = try NACComparator(vocabulary: vocabulary, settings: settings, seed: seed)
        for i in train { try nac.append(graphs[i], value: values[i]) }
        try nac.fit(progress: progress)
        let held = test.map { graphs[$0] }, truth = test.map { values[$0] }
        let m = try nac.comparisonMatrix(held)
        let n = held.count
        let pairwise = KendallTau.pairwise(values: truth) { m[$0 * n + $1] }
        let scores = PairwiseComparison.tournamentScores(m, count: n)
        let e = NACEvaluation(space: vocabulary.space, labels: labels, heldOut: heldOut, seed: seed, epochs: settings.epochs,
                              tauPairwise: pairwise, tauB: KendallTau.b(scores, truth),
                              trainSeconds: nac.trainSeconds, steps: nac.steps)
        return (e, nac)
    }

    /// `split` for user-given sizes: at least 2 labelled and 2 held-out cells, both within `count`.
    /// - Throws: `invalidArgument` naming the sizes and the bounds otherwise.
    public static func checkedSplit(count: Int, labels: Int, heldOut: Int, seed: UInt64) throws -> (labelled: [Int], heldOut: [Int]) {
        guard labels >= 2, heldOut >= 2, labels + heldOut <= count else {
            throw NaswiftError.invalidArgument("cannot split \(count) cells into \(labels) labelled and \(heldOut) held-out cells",
                                               hint: "use --labels >= 2 and --held-out >= 2 with labels + held-out <= \(count)")
        }
        return split(count: count, labels: labels, heldOut: heldOut, seed: seed)
    }

    /// The labelled and held-out indices of `count` cells: the first `labels` and the next
    /// `heldOut` entries of a seeded permutation (seed stream 2). Requires `labels + heldOut <= count`.
    public static func split(count: Int, labels: Int, heldOut: Int, seed: UInt64) -> (labelled: [Int], heldOut: [Int]) {
        precondition(labels >= 0 && heldOut >= 0 && labels + heldOut <= count, "NACEvaluation.split: \(labels) + \(heldOut) of \(count)")
        var rng = SeededGenerator(seed: seed, stream: 2)
        var order = Array(0..<count)
        order.shuffle(using: &rng)
        return (Array(order[0..<labels]), Array(order[labels..<(labels + heldOut)]))
    }
}
