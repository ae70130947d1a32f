import NASCore
import NASSpaces
import NASStrategies

/// The `ctnas` strategy (METHODS §4; NB201 for now): it asks `labels` uniformly random unseen
/// members (the labelled cells), trains the NAC on those that evaluated, runs the policy learning
/// (`NB201PolicyLearning`) and then proposes the derived architecture; the budget counts every
/// query, labels included, so `--budget labels + 1` is the reference's protocol.
///
/// Details: the derivation runs at the first ask after every labelled cell was told (with fewer
/// than 2 successful labels it is skipped); the NAC is trained on every successful tell so far
/// (the labelled cells, and any random fill already told). Later proposals follow the history of baselines in
/// tournament order (best first), skipping architectures already asked or told; then uniformly
/// random unseen members. While labelled cells are still in flight a batch ask is filled with
/// random unseen members. Tournament candidates (hence baselines and the derived architecture) are
/// drawn from the controller by rejection until they are members of the domain (`nb101-20k`-style
/// restricted tables); rewards are computed for every sampled cell. Never repeats a proposal.
public struct CTNASStrategy: Strategy {
    public typealias Space = NB201Space
    public let name = "ctnas"
    public let domain: SearchDomain<NB201Space>
    public let seed: UInt64
    public let labels: Int
    public let nacSettings: NACSettings
    public let policySettings: PolicySettings
    private var rng: SeededGenerator
    private var fresh = FreshSampler<NB201Space>()
    private var labelledAsked = 0
    private var labelled: [NB201Cell] = []
    private var told: [NB201Cell: Double?] = [:]
    private var order: [NB201Cell] = []        // told architectures in tell order
    private var ranked: [NB201Cell]? = nil     // history in tournament order, once derived
    private var members: Set<NB201Cell>?
    public private(set) var profile: [String: Double] = [:]

    public init(domain: SearchDomain<NB201Space>, seed: UInt64, labels: Int, nac: NACSettings, policy: PolicySettings) {
        self.domain = domain
        self.seed = seed
        self.labels = labels
        self.nacSettings = nac
        self.policySettings = policy
        rng = SeededGenerator(seed: seed, stream: 12)
        members = domain.members.map(Set.init)
    }

    public mutating func ask(_ count: Int) throws -> [NB201Cell] {
        var out: [NB201Cell] = []
        while out.count < count {
            if labelledAsked < labels {
                guard let a = fresh.draw(from: domain, using: &rng) else { break }
                labelledAsked += 1
                labelled.append(a)
                out.append(a)
                continue
            }
            if ranked == nil, allLabelsTold { ranked = try derive() }
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

    public mutating func tell(_ observations: [Observation<NB201Cell>]) throws {
        for o in observations where told[o.architecture] == nil {
            told[o.architecture] = .some(o.value)
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

    /// Trains the NAC on the successful told cells (in tell order), runs the policy learning, and
    /// returns the history of baselines in tournament order; `[]` with fewer than 2 labels.
    private mutating func derive() throws -> [NB201Cell] {
        let labelled = order.compactMap { a in (told[a] ?? nil).map { (a, $0) } }
        guard labelled.count >= 2 else { return [] }
        let encoding = try NACEncoding(space: domain.space)
        var nac = try NACComparator(vocabulary: encoding.vocabulary, settings: nacSettings, seed: seed)
        for (a, v) in labelled { try nac.append(encoding.code(a), value: v) }
        try nac.fit()
        let outcome = try NB201PolicyLearning.run(nac: nac, settings: policySettings, seed: seed, restrictTo: members)
        var unique: [NB201Cell] = []
        for b in outcome.baselines where !unique.contains(b) { unique.append(b) }
        let scores = try nac.tournamentScores(unique.map(encoding.code))
        profile["nac_train_s"] = nac.trainSeconds
        profile["policy_s"] = outcome.seconds
        // best first; ties keep history order
        return unique.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }.map { unique[$0] }
    }
}

/// Registers `ctnas` with `StrategyRegistry`.
public enum CTNASPlugin {
    public static func register() { StrategyRegistry.register(CTNASFactory()) }
}

struct CTNASFactory: StrategyFactory {
    let name = "ctnas"
    let summary = "CTNAS: a GCN comparator (NAC) trained on `labels` random cells rewards an LSTM controller against a curriculum baseline; proposes the derived cell (nb201)"
    static let declarations: [StrategyOption] = [
        StrategyOption("labels", .integer(2...1_000_000, default: 100), "labelled random cells the NAC is trained on (budget = labels + 1 in the reference's protocol)"),
        StrategyOption("epochs", .integer(1...100_000, default: 1000), "NAC training epochs"),
        StrategyOption("iterations", .integer(1...10_000_000, default: 10_000), "controller updates"),
        StrategyOption("every", .integer(1...10_000_000, default: 500), "iterations between baseline updates"),
        StrategyOption("baseline", .choice(["tournament", "random"], default: "tournament"),
                       "new baseline: the NAC tournament winner of 10 controller samples, or a random one of them (ablation)"),
    ]
    var options: [StrategyOption] { Self.declarations }
    var neverRepeats: Bool { true }
    var supportedSpaces: [String]? { ["nb201"] }

    enum BaselineRule: String { case tournament, random }

    func validate(budget: Int?, options: StrategyOptions) throws {
        try options.requireKnown(Self.declarations, strategy: name)
        let labels = try options.int(Self.declarations[key: "labels"])
        if let budget, budget < labels + 1 {
            throw NaswiftError.invalidArgument("ctnas: --budget \(budget) leaves no query for the derived architecture after \(labels) labelled cells",
                                               hint: "use --budget >= \(labels + 1) or --option labels=N with N < \(budget)")
        }
    }

    func make<S: SearchSpace>(domain: SearchDomain<S>, seed: UInt64, options: StrategyOptions) throws -> AnyStrategy<S> {
        try options.requireKnown(Self.declarations, strategy: name)
        guard let d = domain as? SearchDomain<NB201Space> else {
            throw NaswiftError.invalidArgument("ctnas works on nb201, not \(domain.space.name) (the NB101 controller is not built yet)",
                                               hint: "choose another strategy for \(domain.space.name)")
        }
        var nac = NACSettings.reference
        nac.epochs = try options.int(Self.declarations[key: "epochs"])
        var policy = PolicySettings.reference
        policy.iterations = try options.int(Self.declarations[key: "iterations"])
        policy.baselineEvery = try options.int(Self.declarations[key: "every"])
        let rule: BaselineRule = try options.choice(Self.declarations[key: "baseline"], strategy: name)
        policy.randomBaseline = rule == .random
        let s = CTNASStrategy(domain: d, seed: seed, labels: try options.int(Self.declarations[key: "labels"]), nac: nac, policy: policy)
        guard let erased = AnyStrategy(s) as? AnyStrategy<S> else {
            preconditionFailure("ctnas: AnyStrategy<NB201Space> is AnyStrategy<S> when the domain is one of NB201Space")
        }
        return erased
    }
}
