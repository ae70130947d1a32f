import NASCore
import NASRepresentations
import NASSurrogates

/// The one model-based strategy: an initial random design, then model iterations that generate
/// candidates, encode them (`ArchitectureEncoding`), ask a `Surrogate` for their posterior, score
/// it with an `Acquisition` and select a batch (top scores, or a k-DPP). tw-gp, tw-kdpp, bananas and
/// arch2vec-bo are configurations of it (`ModelPlan` plus an encoding, a surrogate and a mutation).
///
/// Asks: while `told + in flight < initial`, uniformly random unseen members of the domain. Then
/// proposals queued by the last model iteration are served (skipping anything asked or told
/// meanwhile); when the queue is empty one model iteration runs (at most one per ask) and queues
/// `max(proposalsPerFit, still needed)` proposals; what is still missing is filled with random
/// unseen members. Never proposes an architecture twice. Failed evaluations (nil values) are
/// remembered as seen but not modelled.
///
/// Randomness: one generator (stream `plan.stream`) for the design, mutations, encodings with a
/// random part and the acquisition; the surrogate owns its own.
public struct ModelBasedSearch<S: SearchSpace, E: ArchitectureEncoding, M: Surrogate>: Strategy
where E.Architecture == S.Architecture, M.Code == E.Code {
    public typealias Space = S
    /// One candidate mutation of a parent: may read and update the encoding (the TW-NAS reference's
    /// random NB201 matrices), draws from the generator, and can ask whether an architecture was seen.
    public typealias Mutation = @Sendable (S.Architecture, inout E, inout SeededGenerator, (S.Architecture) -> Bool) -> S.Architecture

    public let domain: SearchDomain<S>
    public let plan: ModelPlan
    public private(set) var encoding: E
    public private(set) var surrogate: M
    let mutation: Mutation

    private var rng: SeededGenerator
    private var fresh = FreshSampler<S>()
    private var inFlight: Set<S.Architecture> = []
    private var toldCount = 0
    private var codes: [S.Architecture: E.Code] = [:]
    private var seenKeys: Set<[UInt64]> = []
    private var queue: [S.Architecture] = []
    /// Successful observations in tell order: architecture and value (larger is better).
    public private(set) var observed: [(S.Architecture, Double)] = []
    /// Model iterations run so far.
    public private(set) var iterations = 0
    private var seconds: [String: Double] = [:]

    public var name: String { plan.name }

    /// `mutation` defaults to the domain's mutation (`DomainMutator`: the space's mutation, or
    /// nearest members on sparse domains such as `nb101-20k`).
    public init(domain: SearchDomain<S>, seed: UInt64, plan: ModelPlan, encoding: E, surrogate: M, mutation: Mutation? = nil) {
        self.domain = domain
        self.plan = plan
        self.encoding = encoding
        self.surrogate = surrogate
        if let mutation {
            self.mutation = mutation
        } else {
            let mutator = DomainMutator(domain: domain)
            self.mutation = { parent, _, rng, _ in mutator.mutate(parent, using: &rng) }
        }
        rng = SeededGenerator(seed: seed, stream: plan.stream)
    }

    public var profile: [String: Double] {
        seconds.merging(surrogate.profile) { a, _ in a }.merging(["iterations": Double(iterations)]) { a, _ in a }
    }

    // MARK: ask / tell

    public mutating func ask(_ count: Int) throws -> [S.Architecture] {
        var out: [S.Architecture] = []
        while out.count < count && toldCount + inFlight.count < plan.initial {
            guard let a = fresh.draw(from: domain, using: &rng) else { return out }
            take(a, into: &out)
        }
        var refilled = false
        while out.count < count {
            queue.removeAll { fresh.hasSeen($0) }
            if queue.isEmpty {
                // one model iteration per ask at most, so a large ask cannot loop on a model that
                // proposes nothing new
                guard !observed.isEmpty, !refilled else { break }
                queue = try iterate(needed: count - out.count)
                refilled = true
                if queue.isEmpty { break }
                continue
            }
            take(queue.removeFirst(), into: &out)
        }
        while out.count < count, let a = fresh.draw(from: domain, using: &rng) { take(a, into: &out) }
        return out
    }

    public mutating func tell(_ observations: [Observation<S.Architecture>]) throws {
        for o in observations {
            toldCount += 1
            markSeen(o.architecture)
            inFlight.remove(o.architecture)
            guard let v = o.value, v.isFinite else { continue }
            observed.append((o.architecture, v))
            let c = code(o.architecture)
            try surrogate.append(c, value: v)
        }
    }

    private mutating func take(_ a: S.Architecture, into out: inout [S.Architecture]) {
        markSeen(a)
        inFlight.insert(a)
        out.append(a)
    }

    private mutating func markSeen(_ a: S.Architecture) {
        fresh.markSeen(a)
        guard plan.dedupeByEncoding else { return }
        let c = code(a)
        if let k = encoding.key(c) { seenKeys.insert(k) }
    }

    private mutating func code(_ a: S.Architecture) -> E.Code {
        if let c = codes[a] { return c }
        let c = encoding.encode(a, rng: &rng)
        codes[a] = c
        return c
    }

    // MARK: one model iteration

    /// Generates candidates, scores them and returns up to `max(proposalsPerFit, needed)` of them,
    /// best first.
    private mutating func iterate(needed: Int) throws -> [S.Architecture] {
        iterations += 1
        var t0 = monotonicSeconds()
        let candidates = generateCandidates()
        seconds["candidates_s", default: 0] += monotonicSeconds() - t0
        guard !candidates.isEmpty else { return [] }
        t0 = monotonicSeconds()
        let candidateCodes = candidates.map { code($0) }
        seconds["encode_s", default: 0] += monotonicSeconds() - t0
        t0 = monotonicSeconds()
        let joint: Bool
        if case .kDPP = plan.selection { joint = true } else { joint = false }
        let posterior = try surrogate.posterior(at: candidateCodes, joint: joint)
        seconds["surrogate_s", default: 0] += monotonicSeconds() - t0
        t0 = monotonicSeconds()
        defer { seconds["select_s", default: 0] += monotonicSeconds() - t0 }
        let take = min(max(plan.proposalsPerFit, needed), candidates.count)
        switch plan.selection {
        case .top:
            let scores = try plan.acquisition.scores(posterior, spread: plan.spread, rng: &rng)
            return Acquisition.ranking(scores).prefix(take).map { candidates[$0] }
        case let .kDPP(greedyMAP, reseed):
            var picked: [Int]
            if let reseed {
                var g = SeededGenerator(seed: reseed)
                picked = try KDPPSelection.select(posterior, k: take, greedyMAP: greedyMAP, rng: &g)
            } else {
                picked = try KDPPSelection.select(posterior, k: take, greedyMAP: greedyMAP, rng: &rng)
            }
            return picked.map { candidates[$0] }
        }
    }

    /// Candidates per `plan.candidates`, none of them seen, de-duplicated by architecture or (with
    /// `dedupeByEncoding`) by encoding against each other and everything seen.
    private mutating func generateCandidates() -> [S.Architecture] {
        if case .unseenMembers = plan.candidates {
            return (domain.members ?? []).filter { !fresh.hasSeen($0) }
        }
        if case let .randomMembers(count) = plan.candidates {
            // a partial Fisher-Yates shuffle of the unseen members: `count` distinct, uniformly
            var unseen = (domain.members ?? []).filter { !fresh.hasSeen($0) }
            let k = min(count, unseen.count)
            for i in 0..<k { unseen.swapAt(i, i + Int(rng.next() % UInt64(unseen.count - i))) }
            return Array(unseen.prefix(k))
        }
        let order = observed.indices.sorted { observed[$0].1 > observed[$1].1 || (observed[$0].1 == observed[$1].1 && $0 < $1) }
        let seen = fresh
        var out: [S.Architecture] = []
        var batch = Set<S.Architecture>(), batchKeys = Set<[UInt64]>()
        func accept(_ child: S.Architecture, _ s: inout Self) -> Bool {
            guard s.domain.contains(child), !seen.hasSeen(child) else { return false }
            guard s.plan.dedupeByEncoding else { return batch.insert(child).inserted }
            let c = s.code(child)
            guard let key = s.encoding.key(c) else { return batch.insert(child).inserted }
            return !s.seenKeys.contains(key) && batchKeys.insert(key).inserted
        }
        switch plan.candidates {
        case .unseenMembers, .randomMembers:
            return []
        case let .mutations(parents, perParent, maxCount):
            outer: for i in order.prefix(parents) {
                let parent = observed[i].0
                for _ in 0..<perParent {
                    let child = mutation(parent, &encoding, &rng, seen.hasSeen)
                    guard accept(child, &self) else { continue }
                    out.append(child)
                    if out.count >= maxCount { break outer }
                }
            }
        case let .roundRobin(parents, maxCount):
            let ps = order.prefix(parents).map { observed[$0].0 }
            guard !ps.isEmpty else { return [] }
            var attempts = 0
            while out.count < maxCount && attempts < 10 * maxCount {
                let parent = ps[attempts % ps.count]
                attempts += 1
                let child = mutation(parent, &encoding, &rng, seen.hasSeen)
                guard accept(child, &self) else { continue }
                out.append(child)
            }
        }
        return out
    }
}

/// What a `ModelBasedSearch` does besides its encoding, surrogate and mutation.
public struct ModelPlan: Sendable, Equatable {
    /// Where candidates come from at each model iteration.
    public enum Candidates: Sendable, Equatable {
        /// `perParent` mutations of each of the `parents` best observations in turn (best first),
        /// stopping at `max` accepted (TW-NAS).
        case mutations(parents: Int, perParent: Int, max: Int)
        /// Mutations of the `parents` best in round robin until `max` are accepted or `10 * max`
        /// were tried (BANANAS).
        case roundRobin(parents: Int, max: Int)
        /// Every unseen member of the domain, in domain order (arch2vec-BO over its table).
        case unseenMembers
        /// `count` distinct unseen members of the domain drawn uniformly (CENA's 20 random
        /// candidates; all unseen ones when fewer remain). Needs a domain with listed members.
        case randomMembers(count: Int)
    }

    /// How a batch is chosen from the scored candidates.
    public enum Selection: Sendable, Equatable {
        /// The best acquisition scores (ties to the earlier candidate).
        case top
        /// A quality k-DPP over the joint posterior (`KDPPSelection`): exact sample or greedy MAP;
        /// `reseed` re-seeds a fresh generator for every draw (the TW-NAS reference's `np.random.seed(14)`).
        case kDPP(greedyMAP: Bool, reseed: UInt64?)
    }

    /// Registry name.
    public var name: String
    /// Random architectures asked before the first model iteration.
    public var initial: Int
    /// Proposals per model iteration (at least what the ask still needs); extras are queued.
    public var proposalsPerFit: Int
    public var candidates: Candidates
    /// De-duplicate candidates by the encoding's `key` (BANANAS's path encodings).
    public var dedupeByEncoding: Bool
    public var acquisition: Acquisition
    public var spread: Acquisition.Spread
    public var selection: Selection
    /// Stream of the strategy's generator (keeps each configuration's historical draws).
    public var stream: UInt64

    public init(name: String, initial: Int, proposalsPerFit: Int = 1, candidates: Candidates, dedupeByEncoding: Bool = false,
                acquisition: Acquisition, spread: Acquisition.Spread = .standardDeviation, selection: Selection = .top,
                stream: UInt64) {
        self.name = name
        self.initial = initial
        self.proposalsPerFit = proposalsPerFit
        self.candidates = candidates
        self.dedupeByEncoding = dedupeByEncoding
        self.acquisition = acquisition
        self.spread = spread
        self.selection = selection
        self.stream = stream
    }
}
