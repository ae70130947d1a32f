import NASCore
import NASStrategies

/// BANANAS (White, Neiswanger, Savani, AAAI 2021) as the TW-NAS repository runs it (METHODS §3.7):
/// path encoding, an ensemble of feed-forward nets, independent Thompson sampling, on NB201 or NB101.
///
/// `initial` random architectures first. Then each model iteration: train the ensemble
/// (`BananasEnsemble`) on the path encodings of the successful observations with the errors
/// (`-value`) standardised to zero mean and unit standard deviation (the reference trains on raw
/// errors; standardising keeps the Adam steps of lr 0.01 on the scale of the targets); generate
/// candidates (mutations of the `topParents` best, round robin, de-duplicated by path encoding
/// against every architecture asked or told and against each other, at most `maxCandidates`);
/// draw one sample per candidate from `N(mean, std)` of the ensemble's predictions (std over the
/// members, ddof 0, as `np.sqrt(np.var(...))`) and queue the `perIteration` candidates with the
/// lowest samples. Asks are served from the queue (architectures asked or told meanwhile are
/// skipped); an empty queue triggers the next iteration. When candidates run out, fresh random
/// members fill the ask.
public struct Bananas<S: SearchSpace>: Strategy {
    public typealias Space = S
    public let name = "bananas"
    public let domain: SearchDomain<S>
    public let settings: BananasSettings
    let encoder: PathEncoder<S>
    let mutator: DomainMutator<S>

    private var rng: SeededGenerator
    private var trainRNG: SeededGenerator
    private var fresh = FreshSampler<S>()
    private var inFlight: Set<S.Architecture> = []
    private var toldCount = 0
    private var seenPaths: Set<[UInt64]> = []
    private var encodings: [S.Architecture: [Float]] = [:]
    private var queue: [S.Architecture] = []
    /// Successful observations in tell order: architecture and value (larger is better).
    public private(set) var observed: [(S.Architecture, Double)] = []
    /// Model iterations run so far.
    public private(set) var iterations = 0
    /// Seconds spent training ensembles, generating candidates and scoring them.
    public private(set) var trainSeconds = 0.0, candidateSeconds = 0.0, scoreSeconds = 0.0

    public init(domain: SearchDomain<S>, seed: UInt64, settings: BananasSettings) throws {
        self.encoder = try PathEncoder(space: domain.space, strategy: "bananas")
        self.domain = domain
        self.settings = settings
        self.mutator = DomainMutator(domain: domain)
        self.rng = SeededGenerator(seed: seed, stream: 21)
        self.trainRNG = SeededGenerator(seed: seed, stream: 22)
    }

    // MARK: ask / tell

    public mutating func ask(_ count: Int) throws -> [S.Architecture] {
        var out: [S.Architecture] = []
        while out.count < count && toldCount + inFlight.count < settings.initial {
            guard let a = fresh.draw(from: domain, using: &rng) else { return out }
            markSeen(a); inFlight.insert(a); out.append(a)
        }
        var refilled = false
        while out.count < count {
            queue.removeAll { fresh.hasSeen($0) }
            if queue.isEmpty {
                // one model iteration per ask at most, so a large ask cannot loop on a model that
                // proposes nothing new
                guard !observed.isEmpty, !refilled else { break }
                queue = try iterate()
                refilled = true
                if queue.isEmpty { break }
                continue
            }
            let a = queue.removeFirst()
            markSeen(a); inFlight.insert(a); out.append(a)
        }
        while out.count < count, let a = fresh.draw(from: domain, using: &rng) {
            markSeen(a); inFlight.insert(a); out.append(a)
        }
        return out
    }

    public mutating func tell(_ observations: [Observation<S.Architecture>]) throws {
        for o in observations {
            toldCount += 1
            markSeen(o.architecture)
            inFlight.remove(o.architecture)
            guard let v = o.value, v.isFinite else { continue }
            observed.append((o.architecture, v))
        }
    }

    private mutating func markSeen(_ a: S.Architecture) {
        fresh.markSeen(a)
        seenPaths.insert(PathEncoder<S>.key(encoding(a)))
    }

    private mutating func encoding(_ a: S.Architecture) -> [Float] {
        if let e = encodings[a] { return e }
        let e = encoder.encode(a)
        encodings[a] = e
        return e
    }

    // MARK: one iteration

    /// Trains the ensemble, scores the candidates by independent Thompson sampling and returns the
    /// `perIteration` best (lowest sampled error first).
    private mutating func iterate() throws -> [S.Architecture] {
        iterations += 1
        var t0 = TWProfile.now()
        let candidates = generateCandidates()
        candidateSeconds += TWProfile.now() - t0
        guard !candidates.isEmpty else { return [] }
        t0 = TWProfile.now()
        let d = encoder.featureCount
        let errors = observed.map { -$0.1 }
        let mean = errors.reduce(0, +) / Double(errors.count)
        let sd = (errors.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(errors.count)).squareRoot()
        let scale = sd > 1e-12 ? sd : 1
        var x: [Float] = []
        x.reserveCapacity(observed.count * d)
        for (a, _) in observed { x += encoding(a) }
        let y = errors.map { Float(($0 - mean) / scale) }
        let ensemble = try BananasEnsemble(x: x, y: y, features: d, settings: settings, rng: &trainRNG)
        trainSeconds += TWProfile.now() - t0
        t0 = TWProfile.now()
        defer { scoreSeconds += TWProfile.now() - t0 }
        var cx: [Float] = []
        cx.reserveCapacity(candidates.count * d)
        for c in candidates { cx += encoding(c) }
        let predictions = try ensemble.predict(cx, features: d)
        let k = Double(predictions.count)
        var samples = [Double](repeating: 0, count: candidates.count)
        for j in candidates.indices {
            let p = predictions.map { Double($0[j]) }
            let mu = p.reduce(0, +) / k
            let std = (p.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / k).squareRoot()
            samples[j] = mu + std * rng.normal()
        }
        let order = samples.indices.sorted { samples[$0] < samples[$1] || (samples[$0] == samples[$1] && $0 < $1) }
        return order.prefix(settings.perIteration).map { candidates[$0] }
    }

    /// Mutations of the best observed architectures, round robin over the parents, de-duplicated
    /// by path encoding against everything asked or told and against each other; at most
    /// `maxCandidates`, from at most `10 * maxCandidates` mutation attempts.
    private mutating func generateCandidates() -> [S.Architecture] {
        let order = observed.indices.sorted { observed[$0].1 > observed[$1].1 || (observed[$0].1 == observed[$1].1 && $0 < $1) }
        let parents = order.prefix(settings.topParents).map { observed[$0].0 }
        guard !parents.isEmpty else { return [] }
        var out: [S.Architecture] = []
        var paths: Set<[UInt64]> = []
        var attempts = 0
        while out.count < settings.maxCandidates && attempts < 10 * settings.maxCandidates {
            let parent = parents[attempts % parents.count]
            attempts += 1
            let child = mutator.mutate(parent, using: &rng)
            guard domain.contains(child), !fresh.hasSeen(child) else { continue }
            let key = PathEncoder<S>.key(encoding(child))
            guard !seenPaths.contains(key), paths.insert(key).inserted else { continue }
            out.append(child)
        }
        return out
    }
}
