import NASCore
import NASLinalg
import NASSpaces
import NASTensor

/// Settings of CTNAS's policy learning (METHODS §4.4; defaults = the reference).
public struct PolicySettings: Sendable, Hashable, Codable {
    /// Controller updates (10,000), one sampled architecture each.
    public var iterations = 10_000
    /// The baseline is replaced every `baselineEvery` iterations (500) by the tournament winner of
    /// `tournament` (10) controller samples; `randomBaseline` picks a random one of them instead
    /// (the ablation).
    public var baselineEvery = 500
    public var tournament = 10
    public var randomBaseline = false
    /// Entropy bonus (5e-4) and Adam (lr 2e-4, betas (0.5, 0.999), weight decay 5e-4).
    public var entropyWeight = 5e-4
    public var learningRate = 2e-4
    public var hidden = 64
    /// Data exploration (pseudo labels): every `pseudoEvery` iterations (100; 0 = off), starting
    /// before the first update, 2k controller samples are paired with a shuffled copy and the k
    /// pairs the NAC is most sure of are labelled by it (k = `pseudoRatio` x the NAC batch size
    /// the first time, 256, then `pseudoNext`, 100); then the NAC trains one more epoch on the
    /// labelled architectures, each batch extended with `pseudoRatio` x its size pseudo pairs.
    public var pseudoEvery = 100
    public var pseudoNext = 100
    public var pseudoRatio = 1.0
    /// Controller draws allowed per tournament on a restricted domain before it settles for the
    /// members found so far (none found: the baseline stays).
    public var maxDrawsPerTournament = 20_000
    /// Distinct architectures drawn from the final policy after the last update and returned as
    /// `PolicyOutcome.pool` (0, the reference: none). Members only on a restricted domain; at most
    /// `poolDrawsPerSample` x this many draws. The draws come after everything else, so the
    /// derived architecture and the baselines do not depend on it.
    public var poolSamples = 0
    public var poolDrawsPerSample = 20

    public init() {}
    public static let reference = PolicySettings()
}

/// The result of a policy-learning run: the derived architecture (the best of the history of
/// baselines by the NAC tournament), the baselines in order, and the comparator as it ended
/// (changed by the pseudo-label epochs).
public struct PolicyOutcome<A: Hashable & Sendable>: Sendable {
    public let derived: A
    public let baselines: [A]
    public let nac: NACComparator
    public let seconds: Double
    /// Pseudo-label rounds run and pseudo pairs collected.
    public let pseudoRounds: Int
    public let pseudoPairs: Int
    /// Controller draws rejected because they were not members of a restricted domain.
    public let rejectedDraws: Int
    /// Distinct samples of the final policy (`PolicySettings.poolSamples`), in draw order.
    public let pool: [A]
}

/// CTNAS's REINFORCE with a comparator reward, for any `PolicyController`: each iteration samples
/// an architecture, the reward is `P_NAC(sample better than baseline)`, loss
/// `-log pi(sample) R - w H(pi)`, one Adam step. The initial baseline is a random member of the
/// domain (uniform over `members`), else the controller's `initialSample`; every `baselineEvery`
/// iterations the baseline becomes the most-often-winning of `tournament` controller samples (row
/// sums of the NAC comparison matrix, diagonal left out), and joins the history; the derived
/// architecture is the tournament winner of the history under the final NAC. Pseudo-label rounds
/// as `PolicySettings.pseudoEvery` says.
///
/// Restricted domains (`members`, e.g. nb101-20k's cells): rewards are computed for every sample;
/// tournament candidates (so baselines and the derived architecture) are drawn by rejection until
/// they are members (at most `maxDrawsPerTournament` draws per tournament).
///
/// Draws that need no gradient (tournament candidates, pseudo-label samples) run on a
/// non-recording tape: same values and RNG use as a taped draw, without nodes or pullbacks.
///
/// Seeds: sampling, shuffles and pseudo-label draws stream 11 (the controller is initialised by
/// the caller, stream 10).
public enum PolicyLearning {
    public static func run<S: SearchSpace, C: PolicyController>(space: S, controller: C, nac: NACComparator,
                                                               settings: PolicySettings, seed: UInt64,
                                                               members: [S.Architecture]?) throws -> PolicyOutcome<S.Architecture>
        where C.Architecture == S.Architecture {
        typealias A = S.Architecture
        var nac = nac
        let encoding = try NACEncoding(space: space)
        var rng = SeededGenerator(seed: seed, stream: 11)
        let adam = Adam(parameters: controller.parameters, learningRate: Float(settings.learningRate), beta1: 0.5, beta2: 0.999,
                        weightDecay: 5e-4)
        let memberSet = members.map(Set.init)
        if let members, members.isEmpty {
            throw NaswiftError.invalidArgument("CTNAS policy learning on an empty domain", hint: "give the search at least one architecture")
        }
        // P(a better than b) = sigmoid(first[a] + second[b] + bias): half-logits cached per architecture
        var half: [A: (Double, Double)] = [:]
        var bias = try nac.halfLogits([encoding.code(controller.initialSample(rng: &rng))]).bias
        func halves(_ archs: [A]) throws -> [(Double, Double)] {
            let missing = Array(Set(archs.filter { half[$0] == nil }))
            if !missing.isEmpty {
                let h = try nac.halfLogits(missing.map(encoding.code))
                for (k, c) in missing.enumerated() { half[c] = (h.first[k], h.second[k]) }
            }
            return archs.map { half[$0]! }
        }
        func winner(_ archs: [A]) throws -> A {
            let h = try halves(archs)
            var best = 0, bestScore = -Double.infinity
            for i in archs.indices {
                var s = 0.0
                for j in archs.indices where j != i { s += NACComparator.sigmoid(h[i].0 + h[j].1 + bias) }
                if s > bestScore { bestScore = s; best = i }
            }
            return archs[best]
        }
        var rejected = 0
        /// Up to `count` controller samples that are members of the domain.
        func candidates(_ count: Int) throws -> [A] {
            var out: [A] = [], draws = 0
            while out.count < count && draws < settings.maxDrawsPerTournament {
                draws += 1
                let a = try controller.sample(on: Tape<Float>(recording: false), rng: &rng).architecture
                if memberSet?.contains(a) ?? true { out.append(a) } else { rejected += 1 }
            }
            return out
        }
        var pseudo = PseudoPairs(), rounds = 0
        func pseudoRound() throws {
            let k = rounds == 0 ? Int(settings.pseudoRatio * Double(nac.settings.batchSize)) : settings.pseudoNext
            let sampled = try (0..<(2 * k)).map { _ in try encoding.code(controller.sample(on: Tape<Float>(recording: false), rng: &rng).architecture) }
            var shuffled = sampled
            shuffled.shuffle(using: &rng)
            let labelled = try nac.pseudoLabel(sampled, shuffled, keep: k)
            for i in 0..<labelled.count { pseudo.append(labelled.first[i], labelled.second[i], label: labelled.labels[i] == 1) }
            try nac.trainEpoch(pseudo: pseudo, ratio: settings.pseudoRatio, rng: &rng)
            rounds += 1
            half = [:]
            bias = try nac.halfLogits([sampled[0]]).bias
        }

        let t0 = monotonicSeconds()
        var baseline = try members.map { $0[Int(rng.next() % UInt64($0.count))] } ?? controller.initialSample(rng: &rng)
        var history = [baseline]
        try BLAS.withThreadCount(1) {
            for it in 1...max(settings.iterations, 1) {
                if settings.pseudoEvery > 0, (it - 1) % settings.pseudoEvery == 0 { try pseudoRound() }
                let tape = Tape<Float>()
                let r = try controller.sample(on: tape, rng: &rng)
                let h = try halves([r.architecture, baseline])
                let reward = Float(NACComparator.sigmoid(h[0].0 + h[1].1 + bias))
                let loss = r.logProbability * (-reward) - r.entropy * Float(settings.entropyWeight)
                tape.backward(loss)
                adam.step()
                if it % settings.baselineEvery == 0 {
                    let c = try candidates(settings.tournament)
                    guard !c.isEmpty else { continue }
                    baseline = settings.randomBaseline ? c[Int(rng.next() % UInt64(c.count))] : try winner(c)
                    history.append(baseline)
                }
            }
        }
        let derived = try winner(history)
        var pool: [A] = [], inPool = Set<A>(), draws = 0
        while pool.count < settings.poolSamples && draws < settings.poolDrawsPerSample * settings.poolSamples {
            draws += 1
            let a = try controller.sample(on: Tape<Float>(recording: false), rng: &rng).architecture
            if memberSet?.contains(a) ?? true, inPool.insert(a).inserted { pool.append(a) }
        }
        return PolicyOutcome(derived: derived, baselines: history, nac: nac, seconds: monotonicSeconds() - t0,
                             pseudoRounds: rounds, pseudoPairs: pseudo.count, rejectedDraws: rejected, pool: pool)
    }
}

extension PolicyLearning {
    /// `run` with a fresh controller of type `C` (hidden size from `settings`, initialised from
    /// stream 10 of `seed`); a restricted domain's `members` are ordered by `order` for the initial draw.
    static func fresh<S: SearchSpace, C: PolicyController>(_: C.Type, space: S, nac: NACComparator, settings: PolicySettings,
                                                           seed: UInt64, members: Set<S.Architecture>?,
                                                           order: (S.Architecture, S.Architecture) -> Bool) throws
        -> PolicyOutcome<S.Architecture> where C.Architecture == S.Architecture {
        var initRNG = SeededGenerator(seed: seed, stream: 10)
        let policy = C(hidden: settings.hidden, rng: &initRNG)
        return try run(space: space, controller: policy, nac: nac, settings: settings, seed: seed, members: members.map { Array($0).sorted(by: order) })
    }
}

/// Policy learning on NB201 (6 op decisions, `NB201Policy`; controller initialisation stream 10).
/// `members` (a restricted domain) are ordered by cell code for the initial draw.
public enum NB201PolicyLearning {
    public static func run(nac: NACComparator, settings: PolicySettings = .reference, seed: UInt64,
                           restrictTo members: Set<NB201Cell>? = nil) throws -> PolicyOutcome<NB201Cell> {
        try PolicyLearning.fresh(NB201Policy.self, space: NB201Space(), nac: nac, settings: settings, seed: seed, members: members) { $0.code < $1.code }
    }
}

/// Policy learning on NB101 (`NB101Policy`, the attention controller of METHODS §4.4; controller
/// initialisation stream 10). `members` (a restricted domain such as nb101-20k) are ordered by
/// module hash for the initial draw.
public enum NB101PolicyLearning {
    public static func run(nac: NACComparator, settings: PolicySettings = .reference, seed: UInt64,
                           restrictTo members: Set<NB101Cell>? = nil) throws -> PolicyOutcome<NB101Cell> {
        try PolicyLearning.fresh(NB101Policy.self, space: NB101Space(), nac: nac, settings: settings, seed: seed, members: members) { $0.hashString < $1.hashString }
    }
}

/// Policy learning on NAS-Bench-Graph (`NBGraphPolicy`; controller initialisation stream 10).
/// `members` (a restricted domain) are ordered by the package hash for the initial draw.
public enum NBGraphPolicyLearning {
    public static func run(nac: NACComparator, settings: PolicySettings = .reference, seed: UInt64,
                           restrictTo members: Set<NBGraphArchitecture>? = nil) throws -> PolicyOutcome<NBGraphArchitecture> {
        try PolicyLearning.fresh(NBGraphPolicy.self, space: NBGraphSpace(), nac: nac, settings: settings, seed: seed, members: members) { $0.hash < $1.hash }
    }
}
