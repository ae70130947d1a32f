import Foundation
import NASCore
import NASSpaces
import NASStrategies

/// A space CTNAS can search: it has a NAC input (`NACEncoding`) and a controller.
public protocol CTNASSearchSpace: SearchSpace {
    /// Policy learning with this space's controller (METHODS §4.4).
    static func policyLearning(nac: NACComparator, settings: PolicySettings, seed: UInt64,
                               members: Set<Architecture>?) throws -> PolicyOutcome<Architecture>
}

extension NB201Space: CTNASSearchSpace {
    public static func policyLearning(nac: NACComparator, settings: PolicySettings, seed: UInt64,
                                      members: Set<NB201Cell>?) throws -> PolicyOutcome<NB201Cell> {
        try NB201PolicyLearning.run(nac: nac, settings: settings, seed: seed, restrictTo: members)
    }
}

extension NB101Space: CTNASSearchSpace {
    public static func policyLearning(nac: NACComparator, settings: PolicySettings, seed: UInt64,
                                      members: Set<NB101Cell>?) throws -> PolicyOutcome<NB101Cell> {
        try NB101PolicyLearning.run(nac: nac, settings: settings, seed: seed, restrictTo: members)
    }
}

extension NBGraphSpace: CTNASSearchSpace {
    public static func policyLearning(nac: NACComparator, settings: PolicySettings, seed: UInt64,
                                      members: Set<NBGraphArchitecture>?) throws -> PolicyOutcome<NBGraphArchitecture> {
        try NBGraphPolicyLearning.run(nac: nac, settings: settings, seed: seed, restrictTo: members)
    }
}

/// The `ctnas` strategy (METHODS §4; nb201, nb101 and nbgraph): it asks `labels` uniformly random unseen
/// members (the labelled cells), trains the NAC on those that evaluated, runs the policy learning
/// and then proposes the derived architecture; the budget counts every query, labels included, so
/// `--budget labels + 1` is the reference's protocol. With a saved comparator (`nac=FILE`) it asks
/// no labelled cells: the policy learning starts at the first ask (its labels were paid for when
/// the file was made, and are not counted in the budget).
///
/// Details: the derivation runs at the first ask after every labelled cell was told (with fewer
/// than 2 successful labels it is skipped); the NAC is trained on every successful tell so far
/// (the labelled cells, and any random fill already told). Later proposals follow the history of
/// baselines in tournament order under the final NAC (best first), skipping architectures already
/// asked or told; then uniformly random unseen members. While labelled cells are still in flight
/// a batch ask is filled with random unseen members. Tournament candidates (hence baselines and
/// the derived architecture) are drawn from the controller by rejection until they are members of
/// the domain (`nb101-20k`-style restricted tables); rewards are computed for every sampled cell.
/// Never repeats a proposal.
///
/// Beyond the reference (`pool` > 0): after the derived architecture, the proposals are the history
/// of baselines and `pool` distinct samples of the final policy, ranked by their NAC tournament
/// scores among themselves (row sums of the comparison matrix); with `refit` > 0, every `refit`
/// results after the derivation retrain the NAC (from its seed, on every successful result so far)
/// and re-rank the candidates not yet asked. This spends the budget after the derived cell on the
/// comparator's next-best cells instead of random ones.
public struct CTNASStrategy<S: CTNASSearchSpace>: Strategy {
    public typealias Space = S
    public let name = "ctnas"
    public let domain: SearchDomain<S>
    public let seed: UInt64
    public let labels: Int
    public let nacSettings: NACSettings
    public let policySettings: PolicySettings
    /// A comparator loaded from a file (`nac=FILE`): used instead of training one.
    public let preloaded: NACComparator?
    private var rng: SeededGenerator
    private var fresh = FreshSampler<S>()
    private var labelledAsked = 0
    private var labelled: [S.Architecture] = []
    private var told: [S.Architecture: Double?] = [:]
    private var order: [S.Architecture] = []        // told architectures in tell order
    private var ranked: [S.Architecture]? = nil     // history in tournament order, once derived
    private var members: Set<S.Architecture>?
    /// Candidates after the derived architecture (history and pool), and results since the last ranking.
    private var candidates: [S.Architecture] = []
    private var toldSinceRanking = 0
    /// Retrain and re-rank after this many results (0 = never).
    public let refit: Int
    public private(set) var profile: [String: Double] = [:]

    public init(domain: SearchDomain<S>, seed: UInt64, labels: Int, nac: NACSettings, policy: PolicySettings,
                preloaded: NACComparator? = nil, refit: Int = 0) {
        self.domain = domain
        self.refit = refit
        self.seed = seed
        self.labels = preloaded == nil ? labels : 0
        self.nacSettings = nac
        self.policySettings = policy
        self.preloaded = preloaded
        rng = SeededGenerator(seed: seed, stream: 12)
        members = domain.members.map(Set.init)
    }

    public mutating func ask(_ count: Int) throws -> [S.Architecture] {
        var out: [S.Architecture] = []
        while out.count < count {
            if labelledAsked < labels {
                guard let a = fresh.draw(from: domain, using: &rng) else { break }
                labelledAsked += 1
                labelled.append(a)
                out.append(a)
                continue
            }
            if ranked == nil, allLabelsTold { ranked = try derive() }
            if refit > 0, ranked != nil, toldSinceRanking >= refit { ranked = try rerank() }
            if let r = ranked, let next = r.first(where: { !fresh.hasSeen($0) }) {
                fresh.markSeen(next)
                out.append(next)
                continue
            }
            guard let a = fresh.draw(from: domain, using: &rng) else { break }
            out.append(a)
        }
        return out
    }

    public mutating func tell(_ observations: [Observation<S.Architecture>]) throws {
        for o in observations where told[o.architecture] == nil {
            told[o.architecture] = .some(o.value)
            if ranked != nil { toldSinceRanking += 1 }
            order.append(o.architecture)
            if !fresh.hasSeen(o.architecture) {
                // told without being asked here (a rebuilt study): it counts as a labelled cell
                fresh.markSeen(o.architecture)
                if labelledAsked < labels { labelledAsked += 1; labelled.append(o.architecture) }
            }
        }
    }

    /// Every labelled cell was asked and told.
    private var allLabelsTold: Bool { labelledAsked >= labels && labelled.allSatisfy { told[$0] != nil } }

    /// Trains the NAC on the successful told cells (in tell order) unless one was loaded, runs the
    /// policy learning, and returns the history of baselines in tournament order under the final
    /// NAC; `[]` with fewer than 2 labels.
    private mutating func derive() throws -> [S.Architecture] {
        let encoding = try NACEncoding(space: domain.space)
        let nac: NACComparator
        if let preloaded {
            nac = preloaded
        } else {
            guard let trained = try trainedNAC(encoding) else { return [] }
            nac = trained
        }
        let outcome = try S.policyLearning(nac: nac, settings: policySettings, seed: seed, members: members)
        var unique: [S.Architecture] = []
        for b in outcome.baselines where !unique.contains(b) { unique.append(b) }
        let scores = try outcome.nac.tournamentScores(unique.map(encoding.code))
        profile["nac_train_s"] = outcome.nac.trainSeconds
        profile["policy_s"] = outcome.seconds
        profile["pseudo_pairs"] = Double(outcome.pseudoPairs)
        profile["rejected_draws"] = Double(outcome.rejectedDraws)
        let history = Self.ranked(unique, scores: scores)
        guard policySettings.poolSamples > 0, let derived = history.first else { return history }
        let inHistory = Set(unique)
        candidates = unique + outcome.pool.filter { !inHistory.contains($0) }
        profile["pool"] = Double(outcome.pool.count)
        toldSinceRanking = 0
        let rest = candidates.filter { $0 != derived }
        return [derived] + Self.ranked(rest, scores: try outcome.nac.tournamentScores(rest.map(encoding.code)))
    }

    /// A NAC trained from `seed` on the successful results so far, in tell order (nil with fewer than 2).
    private func trainedNAC(_ encoding: NACEncoding<S>) throws -> NACComparator? {
        let labelled = order.compactMap { a in (told[a] ?? nil).map { (a, $0) } }
        guard labelled.count >= 2 else { return nil }
        var nac = try NACComparator(vocabulary: encoding.vocabulary, settings: nacSettings, seed: seed)
        for (a, v) in labelled { try nac.append(encoding.code(a), value: v) }
        try nac.fit()
        return nac
    }

    /// The candidates not yet asked, ranked by a NAC retrained on every result so far (`refit`).
    private mutating func rerank() throws -> [S.Architecture] {
        toldSinceRanking = 0
        let encoding = try NACEncoding(space: domain.space)
        let rest = candidates.filter { !fresh.hasSeen($0) }
        guard rest.count > 1, let nac = try trainedNAC(encoding) else { return rest }
        profile["refits"] = (profile["refits"] ?? 0) + 1
        return Self.ranked(rest, scores: try nac.tournamentScores(rest.map(encoding.code)))
    }

    /// `archs` best first by `scores`; ties keep the given order.
    private static func ranked(_ archs: [S.Architecture], scores: [Double]) -> [S.Architecture] {
        archs.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }.map { archs[$0] }
    }
}

/// Registers `ctnas` with `StrategyRegistry`.
public enum CTNASPlugin {
    public static func register() { StrategyRegistry.register(CTNASFactory()) }
}

struct CTNASFactory: StrategyFactory {
    let name = "ctnas"
    let summary = "CTNAS: a GCN comparator (NAC) trained on `labels` random cells rewards an LSTM controller against a curriculum baseline, with pseudo-label rounds; proposes the derived cell (nb201, nb101, nbgraph)"
    static let declarations: [StrategyOption] = [
        StrategyOption("labels", .integer(2...1_000_000, default: 100),
                       "labelled random cells the NAC is trained on (budget = labels + 1 in the reference's protocol; the reference's NB101 run: 423)"),
        StrategyOption("epochs", .integer(1...100_000, default: 1000), "NAC training epochs"),
        StrategyOption("iterations", .integer(1...10_000_000, default: 10_000), "controller updates"),
        StrategyOption("every", .integer(1...10_000_000, default: 500), "iterations between baseline updates"),
        StrategyOption("baseline", .choice(["tournament", "random"], default: "tournament"),
                       "new baseline: the NAC tournament winner of 10 controller samples, or a random one of them (ablation)"),
        StrategyOption("pseudo", .integer(0...10_000_000, default: 100),
                       "iterations between pseudo-label rounds (NAC-labelled controller pairs + one more NAC epoch); 0 = off"),
        StrategyOption("pool", .integer(0...100_000, default: 0),
                       "after the derived cell, propose the history and this many distinct samples of the final policy ranked by the NAC (0 = the reference: the history, then random cells)"),
        StrategyOption("refit", .integer(0...1_000_000, default: 0),
                       "with pool: retrain the NAC on every result after this many new results and re-rank the remaining candidates (0 = never)"),
        StrategyOption("nac", .path(required: false),
                       "a saved comparator (naswift ctnas nac --save FILE) used instead of labelling and training; its labels are not counted in the budget"),
    ]
    var options: [StrategyOption] { Self.declarations }
    var neverRepeats: Bool { true }
    var supportedSpaces: [String]? { ["nb201", "nb101", "nbgraph"] }

    enum BaselineRule: String { case tournament, random }

    func validate(budget: Int?, options: StrategyOptions) throws {
        try options.requireKnown(Self.declarations, strategy: name)
        if let file = options.values["nac"] {
            guard !file.isEmpty else {
                throw NaswiftError.invalidArgument("ctnas: nac= names no file", hint: "pass --option nac=FILE (made by naswift ctnas nac --save FILE)")
            }
            for key in ["labels", "epochs", "refit"] where options.values[key] != nil {
                throw NaswiftError.invalidArgument("ctnas: option \(key) has no effect with nac=\(file) (the saved comparator is used as it is)",
                                                   hint: "drop --option \(key)=..., or drop nac= to label and train a comparator in the search")
            }
            return
        }
        let labels = try options.int(Self.declarations[key: "labels"])
        if try options.int(Self.declarations[key: "refit"]) > 0, try options.int(Self.declarations[key: "pool"]) == 0 {
            throw NaswiftError.invalidArgument("ctnas: refit re-ranks the pool, but pool is 0",
                                               hint: "add --option pool=N (e.g. 1000), or drop refit")
        }
        if let budget, budget < labels + 1 {
            throw NaswiftError.invalidArgument("ctnas: --budget \(budget) leaves no query for the derived architecture after \(labels) labelled cells",
                                               hint: "use --budget >= \(labels + 1) or --option labels=N with N < \(budget)")
        }
    }

    func make<Sp: SearchSpace>(domain: SearchDomain<Sp>, seed: UInt64, options: StrategyOptions) throws -> AnyStrategy<Sp> {
        try validate(budget: nil, options: options)
        var nac = NACSettings.reference
        nac.epochs = try options.int(Self.declarations[key: "epochs"])
        var policy = PolicySettings.reference
        policy.iterations = try options.int(Self.declarations[key: "iterations"])
        policy.baselineEvery = try options.int(Self.declarations[key: "every"])
        policy.pseudoEvery = try options.int(Self.declarations[key: "pseudo"])
        let rule: BaselineRule = try options.choice(Self.declarations[key: "baseline"], strategy: name)
        policy.randomBaseline = rule == .random
        policy.poolSamples = try options.int(Self.declarations[key: "pool"])
        let refit = try options.int(Self.declarations[key: "refit"])
        let labels = try options.int(Self.declarations[key: "labels"])
        let preloaded = try options.values["nac"].map { try NACComparator.load(from: URL(fileURLWithPath: $0), space: domain.space.name) }
        let erased: Any
        if let d = domain as? SearchDomain<NB201Space> {
            erased = AnyStrategy(CTNASStrategy(domain: d, seed: seed, labels: labels, nac: nac, policy: policy, preloaded: preloaded, refit: refit))
        } else if let d = domain as? SearchDomain<NB101Space> {
            erased = AnyStrategy(CTNASStrategy(domain: d, seed: seed, labels: labels, nac: nac, policy: policy, preloaded: preloaded, refit: refit))
        } else if let d = domain as? SearchDomain<NBGraphSpace> {
            erased = AnyStrategy(CTNASStrategy(domain: d, seed: seed, labels: labels, nac: nac, policy: policy, preloaded: preloaded, refit: refit))
        } else {
            throw NaswiftError.invalidArgument("ctnas works on nb201, nb101 and nbgraph, not \(domain.space.name)",
                                               hint: "choose another strategy for \(domain.space.name)")
        }
        guard let s = erased as? AnyStrategy<Sp> else {
            throw NaswiftError.invalidArgument("ctnas: internal type mismatch for space \(domain.space.name)", hint: "this is a bug; please report it")
        }
        return s
    }
}
