import Foundation
import NASCore
import NASRepresentations
import NASSurrogates

/// Tree-structured Parzen Estimator search as Optuna 5's default `TPESampler` runs it on a space's
/// categorical parameters (`CategoricalEncoding`), never spending a query on an architecture it
/// proposed or was told before.
///
/// - Start-up: while fewer than `startup` evaluations succeeded, each parameter uniformly at random
///   (Optuna's `RandomSampler`); vectors giving an invalid, out-of-domain or seen architecture are
///   redrawn (up to 1,000 times, then a uniformly random unseen member).
/// - Model: the n successful observations sorted by value (ties: older first); the best
///   gamma(n) = min(ceil(0.1 n), 25) are "good" and give l(x), the rest and (with the constant
///   liar) the in-flight proposals give g(x), each a `CategoricalParzenEstimator` over its
///   observations in trial order (oldest first, so Optuna's weights ramp the oldest down).
///   - multivariate: `candidates` vectors drawn from l; Optuna proposes the one with the largest
///     log l - log g. Here the candidates are taken in that order and the first that gives a
///     valid, in-domain, unseen architecture is proposed; if none does, 9 more rounds of draws.
///   - independent: per parameter `candidates` values drawn from its l; Optuna takes, for every
///     parameter, the drawn value with the largest log l - log g. Here the combinations of the
///     drawn values are visited in decreasing total log ratio (`RankedCombinations`, so the first
///     is Optuna's choice), up to 512, and the first valid, in-domain, unseen one is proposed.
///   - When that finds nothing (sparse tables such as nb101-20k, where most vectors leave the
///     table): the unseen domain member with the largest sum of per-parameter log ratios of the
///     marginals; on an unenumerated whole space, a random unseen architecture.
///   How often each path ran is in `profile` (`tpe_repeats_skipped`, `tpe_member_scan`, `tpe_random`).
/// - Failed evaluations (nil) are remembered as seen and never modelled (Optuna's FAIL state); they
///   do not count towards the start-up.
/// - Trial order: the order proposals were asked; architectures told without being asked (a
///   rebuilt study) come in tell order, with the value vector of `CategoricalSpace.categoricalValues`.
///
/// Randomness: one generator (stream 31) for everything.
public struct TPESearch<S: SearchSpace>: Strategy {
    public typealias Space = S
    public internal(set) var name = "tpe"
    public let domain: SearchDomain<S>
    public let settings: TPESettings
    public let encoding: CategoricalEncoding<S>
    private let choiceCounts: [Int]
    private var rng: SeededGenerator
    private var fresh = FreshSampler<S>()
    /// Value vectors as proposed (or as encoded when told from outside), and trial numbers.
    private var values: [S.Architecture: [Int?]] = [:]
    private var trialNumber: [S.Architecture: Int] = [:]
    private var nextTrial = 0
    /// Asked, not yet told, in ask order.
    private var inFlight: [S.Architecture] = []
    /// Successful observations: trial number, value vector, value (larger is better).
    private var complete: [(trial: Int, values: [Int?], value: Double)] = []
    private var counters: [String: Double] = [:]
    /// Domain members and their value vectors, built on the first member scan.
    private var memberCodes: [[Int?]]?

    static var maxCombinations: Int { 512 }
    static var multivariateRounds: Int { 10 }
    static var randomTries: Int { 1_000 }

    /// Throws for spaces without a categorical parameterisation.
    public init(domain: SearchDomain<S>, seed: UInt64, settings: TPESettings = TPESettings()) throws {
        self.domain = domain
        self.settings = settings
        self.encoding = try CategoricalEncoding(space: domain.space)
        self.choiceCounts = encoding.choiceCounts
        self.rng = SeededGenerator(seed: seed, stream: 31)
    }

    public var profile: [String: Double] { counters }

    // MARK: ask / tell

    public mutating func ask(_ count: Int) throws -> [S.Architecture] {
        var out: [S.Architecture] = []
        for _ in 0..<max(count, 0) {
            let proposal = complete.count < settings.startup ? randomProposal() : modelProposal()
            guard let (arch, vector) = proposal else { break }
            fresh.markSeen(arch)
            values[arch] = vector
            if trialNumber[arch] == nil { trialNumber[arch] = nextTrial; nextTrial += 1 }
            inFlight.append(arch)
            out.append(arch)
        }
        return out
    }

    public mutating func tell(_ observations: [Observation<S.Architecture>]) throws {
        for o in observations {
            let a = o.architecture
            fresh.markSeen(a)
            if let i = inFlight.firstIndex(of: a) { inFlight.remove(at: i) }
            if trialNumber[a] == nil { trialNumber[a] = nextTrial; nextTrial += 1 }
            if values[a] == nil { values[a] = encoding.encode(a) }
            guard let v = o.value, v.isFinite, let t = trialNumber[a], let x = values[a] else { continue }
            complete.append((t, x, v))
        }
    }

    // MARK: proposals

    private func admissible(_ a: S.Architecture) -> Bool { domain.contains(a) && !fresh.hasSeen(a) }

    /// Optuna's random sampler, redrawn until admissible; then a random unseen member.
    private mutating func randomProposal() -> (S.Architecture, [Int?])? {
        for _ in 0..<Self.randomTries {
            let v = choiceCounts.map { Int(rng.next() % UInt64($0)) }
            if let a = encoding.architecture(v), admissible(a) { return (a, v) }
        }
        return freshProposal()
    }

    private mutating func freshProposal() -> (S.Architecture, [Int?])? {
        guard let a = fresh.draw(from: domain, using: &rng) else { return nil }
        counters["tpe_random", default: 0] += 1
        return (a, encoding.encode(a))
    }

    /// The good and bad estimators for the current history (Optuna's `_split_trials`).
    func estimators() -> (below: CategoricalParzenEstimator, above: CategoricalParzenEstimator) {
        let n = complete.count
        let nBelow = min(min(Int((0.1 * Double(n)).rounded(.up)), 25), n)
        let ranked = complete.indices.sorted {
            complete[$0].value != complete[$1].value ? complete[$0].value > complete[$1].value : complete[$0].trial < complete[$1].trial
        }
        var below = ranked.prefix(nBelow).map { (complete[$0].trial, complete[$0].values) }
        var above = ranked.dropFirst(nBelow).map { (complete[$0].trial, complete[$0].values) }
        if settings.constantLiar {
            for a in inFlight { if let t = trialNumber[a], let x = values[a] { above.append((t, x)) } }
        }
        below.sort { $0.0 < $1.0 }
        above.sort { $0.0 < $1.0 }
        return (CategoricalParzenEstimator(observations: below.map(\.1), choiceCounts: choiceCounts,
                                           multivariate: settings.multivariate, priorWeight: settings.priorWeight),
                CategoricalParzenEstimator(observations: above.map(\.1), choiceCounts: choiceCounts,
                                           multivariate: settings.multivariate, priorWeight: settings.priorWeight))
    }

    private mutating func modelProposal() -> (S.Architecture, [Int?])? {
        let (l, g) = estimators()
        counters["tpe_model", default: 0] += 1
        if settings.multivariate {
            for _ in 0..<Self.multivariateRounds {
                let xs = (0..<settings.candidates).map { _ in l.sample(using: &rng) }
                let scores = xs.map { l.logDensity($0) - g.logDensity($0) }
                let order = xs.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
                for i in order {
                    if let a = encoding.architecture(xs[i]), admissible(a) { return (a, xs[i]) }
                    counters["tpe_repeats_skipped", default: 0] += 1
                }
            }
        } else {
            // per parameter: the distinct drawn values, best log ratio first (ties: first drawn)
            var ranked: [[Int]] = [], rankedScores: [[Double]] = []
            for p in choiceCounts.indices {
                var distinct: [Int] = []
                for _ in 0..<settings.candidates {
                    let c = l.sample(parameter: p, using: &rng)
                    if !distinct.contains(c) { distinct.append(c) }
                }
                let s = distinct.map { l.logDensity(parameter: p, value: $0) - g.logDensity(parameter: p, value: $0) }
                let order = distinct.indices.sorted { s[$0] != s[$1] ? s[$0] > s[$1] : $0 < $1 }
                ranked.append(order.map { distinct[$0] })
                rankedScores.append(order.map { s[$0] })
            }
            var combos = RankedCombinations(scores: rankedScores)
            for _ in 0..<Self.maxCombinations {
                guard let idx = combos.next() else { break }
                let x = idx.indices.map { ranked[$0][idx[$0]] }
                if let a = encoding.architecture(x), admissible(a) { return (a, x) }
                counters["tpe_repeats_skipped", default: 0] += 1
            }
        }
        return memberScan(l, g) ?? freshProposal()
    }

    /// The unseen member with the largest sum of per-parameter log ratios of the marginals
    /// (parameters without a value add 0; ties: domain order); nil on an unenumerated space.
    private mutating func memberScan(_ l: CategoricalParzenEstimator, _ g: CategoricalParzenEstimator) -> (S.Architecture, [Int?])? {
        guard let members = domain.members else { return nil }
        if memberCodes == nil { memberCodes = members.map { encoding.encode($0) } }
        guard let codes = memberCodes else { return nil }
        let ratio = choiceCounts.indices.map { p in
            (0..<choiceCounts[p]).map { l.logDensity(parameter: p, value: $0) - g.logDensity(parameter: p, value: $0) }
        }
        var best: Int?, bestScore = -Double.infinity
        for (i, code) in codes.enumerated() where !fresh.hasSeen(members[i]) {
            var s = 0.0
            for p in code.indices { if let c = code[p] { s += ratio[p][c] } }
            if best == nil || s > bestScore { best = i; bestScore = s }
        }
        guard let best else { return nil }
        counters["tpe_member_scan", default: 0] += 1
        return (members[best], codes[best])
    }
}

struct TPEFactory: StrategyFactory {
    var name = "tpe"
    var summary = "TPE as Optuna 5's default TPESampler on the space's categorical parameters, never repeating (nb201, natsss, nbgraph, nb101)"
    var defaults = TPESettings()
    var options: [StrategyOption] { TPESettings.declarations(defaults: defaults) }
    var neverRepeats: Bool { true }
    var supportedSpaces: [String]? { ["nb201", "natsss", "nbgraph", "nb101"] }

    /// `tpe-nas`: TPE with the settings chosen on validation seeds (`TPESettings.nas`).
    static let nas = TPEFactory(name: "tpe-nas", summary: "tpe with prior weight 2 and 64 candidates (chosen on validation seeds 1000+ of NB201)",
                                defaults: TPESettings.nas)

    func make<S: SearchSpace>(domain: SearchDomain<S>, seed: UInt64, options: StrategyOptions) throws -> AnyStrategy<S> {
        var s = try TPESearch(domain: domain, seed: seed, settings: try TPESettings(options: options, strategy: name, defaults: defaults))
        s.name = name
        return AnyStrategy(s)
    }
}
