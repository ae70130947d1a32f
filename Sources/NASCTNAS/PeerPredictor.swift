import Foundation
import NASCore
import NASReports
import NASRepresentations
import NASSpaces
import NASStrategies
import NASSurrogates
import NASTWNAS

/// A value predictor the NAC is compared with (issue 16's acceptance table): the surrogate a
/// search strategy fits, with that strategy's default settings, built by the strategy's own
/// factory, so the figures are those of the model the strategy searches with.
///
/// - `tw-gp`: the GP on tree-Wasserstein distances (`TWBayesOpt.model`, `tw-gp` defaults:
///   marginal-likelihood fit, 4 restarts, three lengthscales).
/// - `bananas`: the ensemble of 5 MLPs on the encoding the `bananas` strategy uses: the path
///   encoding where the space has one (NB201, NB101), the one-hot categorical parameters otherwise
///   (NAS-Bench-Graph, the NATS size space) (`Bananas.surrogate`, `bananas` defaults: 10 x 20
///   ReLU, MAE, 150 epochs).
///
/// Both run on every space the NAC has (NB201, NB101, NAS-Bench-Graph); `check(space:)` says
/// before any training whether a space has the predictor's encoding.
public enum PeerPredictor: String, CaseIterable, Sendable, Codable {
    case twGP = "tw-gp"
    case bananas

    /// The valid names, comma-separated, for help and errors.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The predictors of a comma-separated list such as `tw-gp,bananas` (order kept, blanks
    /// around names ignored; an empty list is none).
    /// - Throws: `invalidArgument` naming an unknown or repeated predictor and listing the valid ones.
    public static func parse(_ list: String) throws -> [PeerPredictor] {
        var out: [PeerPredictor] = []
        for raw in list.split(separator: ",", omittingEmptySubsequences: false) {
            let name = raw.trimmingCharacters(in: .whitespaces)
            if name.isEmpty && list.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard let p = PeerPredictor(rawValue: name) else {
                throw NaswiftError.invalidArgument("unknown predictor '\(name)' in '\(list)'; valid predictors: \(names)",
                                                   hint: "e.g. --predictors tw-gp,bananas")
            }
            guard !out.contains(p) else {
                throw NaswiftError.invalidArgument("predictor '\(name)' is listed twice in '\(list)'", hint: "list each predictor once")
            }
            out.append(p)
        }
        return out
    }

    /// Throws the error `evaluate` would throw for a space without the predictor's encoding, so
    /// a caller can refuse the request before it trains anything (`naswift ctnas nac`).
    public func check<S: SearchSpace>(space: S) throws {
        switch self {
        case .twGP:
            let settings = try TWGPSettings(options: StrategyOptions(), batch: false, strategy: rawValue)
            _ = try TWBayesOpt.model(space: space, seed: 0, settings: settings, strategy: rawValue)
        case .bananas:
            _ = try Bananas.encoding(space: space)
        }
    }

    /// Fits the predictor on the labelled cells of `NACEvaluation.split(count: cells.count,
    /// labels:, heldOut:, seed:)` (the NAC's split for the same cells in the same order) and ranks
    /// the held-out cells by the posterior mean.
    ///
    /// `cells[i]` has the value `values[i]` (larger is better, e.g. the oriented guide metric).
    /// The surrogate is seeded with `seed` (the strategy's streams). `fitSeconds` is the wall time
    /// of adding the labelled cells, fitting and predicting the held-out cells (encoding excluded).
    /// - Throws: `invalidArgument` when the cells cannot be split as asked, a value is not finite,
    ///   or the space has no encoding for the predictor (tw-gp: `TWRepresentation.spaces`; bananas:
    ///   a path encoding or categorical parameters).
    public func evaluate<S: SearchSpace>(space: S, cells: [S.Architecture], values: [Double], labels: Int, heldOut: Int,
                                         seed: UInt64) throws -> PredictorEvaluation {
        precondition(cells.count == values.count, "PeerPredictor: one value per cell")
        let split = try NACEvaluation.checkedSplit(count: cells.count, labels: labels, heldOut: heldOut, seed: seed)
        guard values.allSatisfy(\.isFinite) else {
            throw NaswiftError.invalidArgument("\(rawValue): a cell's value is not finite", hint: "label every cell with a finite value")
        }
        switch self {
        case .twGP:
            let settings = try TWGPSettings(options: StrategyOptions(), batch: false, strategy: rawValue)
            var (encoding, surrogate) = try TWBayesOpt.model(space: space, seed: seed, settings: settings, strategy: rawValue)
            return try rank(encoding: &encoding, surrogate: &surrogate, cells: cells, values: values, split: split, seed: seed)
        case .bananas:
            let settings = try BananasSettings(options: StrategyOptions())
            func fit<E: VectorEncoding>(_ encoding: E) throws -> PredictorEvaluation where E.Architecture == S.Architecture {
                var encoding = encoding
                var surrogate = Bananas.surrogate(dimension: encoding.dimension, seed: seed, settings: settings)
                return try rank(encoding: &encoding, surrogate: &surrogate, cells: cells, values: values, split: split, seed: seed)
            }
            switch try Bananas.encoding(space: space) {   // the strategy's encoding for the space
            case .path(let e): return try fit(e)
            case .oneHot(let e): return try fit(e)
            }
        }
    }

    /// Encodes the split's cells (rng: `seed`, stream 3; both encodings are deterministic with
    /// their default settings), appends the labelled ones, takes the posterior mean at the
    /// held-out ones and measures both taus against the held-out values.
    private func rank<E: ArchitectureEncoding, G: Surrogate>(
        encoding: inout E, surrogate: inout G, cells: [E.Architecture], values: [Double],
        split: (labelled: [Int], heldOut: [Int]), seed: UInt64
    ) throws -> PredictorEvaluation where G.Code == E.Code {
        var rng = SeededGenerator(seed: seed, stream: 3)
        let labelled = split.labelled.map { encoding.encode(cells[$0], rng: &rng) }
        let held = split.heldOut.map { encoding.encode(cells[$0], rng: &rng) }
        let t0 = monotonicSeconds()
        for (code, i) in zip(labelled, split.labelled) { try surrogate.append(code, value: values[i]) }
        let mean = try surrogate.posterior(at: held, joint: false).mean
        let seconds = monotonicSeconds() - t0
        let truth = split.heldOut.map { values[$0] }
        return PredictorEvaluation(name: rawValue, tauPairwise: PredictorEvaluation.pairwiseTau(mean: mean, truth: truth),
                                   tauB: KendallTau.b(mean, truth), fitSeconds: seconds)
    }
}

/// How well a value predictor ranks the held-out cells: the two figures `NACEvaluation`
/// reports for the NAC, on the same cells.
/// - `tauPairwise`: the reference's pairwise form with the comparison "i better than j" read as
///   `mean_i > mean_j` (`KendallTau.pairwise` with probability 1 or 0; equal means count as
///   "not better").
/// - `tauB`: Kendall tau-b between the posterior means and the held-out values.
/// - `fitSeconds`: wall time of adding the labelled cells, fitting and predicting (s).
public struct PredictorEvaluation: Sendable, Codable, Hashable {
    public let name: String
    public let tauPairwise: Double
    public let tauB: Double
    public let fitSeconds: Double

    public init(name: String, tauPairwise: Double, tauB: Double, fitSeconds: Double) {
        self.name = name
        self.tauPairwise = tauPairwise
        self.tauB = tauB
        self.fitSeconds = fitSeconds
    }

    /// The pairwise tau of predicted means `mean` against `truth` (equal lengths).
    public static func pairwiseTau(mean: [Double], truth: [Double]) -> Double {
        precondition(mean.count == truth.count, "PredictorEvaluation: \(mean.count) means vs \(truth.count) values")
        return KendallTau.pairwise(values: truth) { mean[$0] > mean[$1] ? 1 : 0 }
    }
}
