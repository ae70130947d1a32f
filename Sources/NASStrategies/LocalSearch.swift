import NASCore

/// Best-improvement local search with random restarts (the "local search" baseline of White et al.).
///
/// - Start: a uniformly random unevaluated member (or, for a strategy rebuilt from tells, the best
///   told architecture).
/// - Step: evaluate every not-yet-evaluated neighbour of the current architecture (the full
///   neighbourhood inside the domain; already-evaluated neighbours are not asked again), then move
///   to the best neighbour if it is strictly better than the current one.
/// - At a local optimum (no better neighbour), restart at a uniformly random unevaluated member.
/// - A batch ask returns up to `count` pending neighbours (fewer at the end of a neighbourhood;
///   the move waits for all of them to be told). If asked while only untold proposals remain, it
///   proposes random unevaluated members so a caller always gets at least one architecture.
/// - Failed tells (value `nil`) count as worse than everything: never moved to.
///
/// Promise: never re-proposes an architecture it proposed or was told about.
public struct LocalSearch<S: SearchSpace>: Strategy {
    public typealias Space = S
    public let name = "ls"
    public let domain: SearchDomain<S>
    private var rng: SeededGenerator
    private var fresh = FreshSampler<S>()
    /// Told values (failed = -infinity).
    private var values: [S.Architecture: Double] = [:]
    /// Told architectures in tell order (deterministic iteration).
    private var history: [S.Architecture] = []
    private var inFlight: Set<S.Architecture> = []
    private var queue: [S.Architecture] = []
    private var queueHead = 0
    private enum Phase { case needStart, starting(S.Architecture), exploring }
    private var phase: Phase = .needStart
    private var started = false
    /// The current architecture and its value.
    public private(set) var current: (S.Architecture, Double)?
    /// Number of restarts made after reaching a local optimum.
    public private(set) var restarts = 0

    public init(domain: SearchDomain<S>, seed: UInt64) {
        self.domain = domain
        self.rng = SeededGenerator(seed: seed, stream: 3)
    }

    public mutating func ask(_ count: Int) throws -> [S.Architecture] {
        var out: [S.Architecture] = []
        while out.count < count {
            if queueHead < queue.count {
                let a = queue[queueHead]; queueHead += 1
                if values[a] == nil && !inFlight.contains(a) {
                    fresh.markSeen(a); inFlight.insert(a); out.append(a)
                }
                continue
            }
            if !inFlight.isEmpty || !advance() { break }
        }
        while out.count < count, out.isEmpty, let a = fresh.draw(from: domain, using: &rng) {
            inFlight.insert(a); out.append(a)  // filler while the step waits for untold results
        }
        return out
    }

    public mutating func tell(_ observations: [Observation<S.Architecture>]) throws {
        for o in observations {
            fresh.markSeen(o.architecture)
            inFlight.remove(o.architecture)
            let v = o.value.flatMap { $0.isNaN ? nil : $0 } ?? -.infinity
            if values.updateValue(v, forKey: o.architecture) == nil { history.append(o.architecture) }
        }
    }

    private mutating func setQueue(_ list: [S.Architecture]) { queue = list; queueHead = 0 }

    /// Decides the next step once the queue is drained and nothing is in flight; refills the queue.
    /// Returns false when the domain is exhausted.
    private mutating func advance() -> Bool {
        while true {
            switch phase {
            case .needStart:
                if !started, let best = history.max(by: { values[$0]! < values[$1]! }), values[best]! > -.infinity {
                    started = true
                    current = (best, values[best]!)
                    phase = .exploring
                    setQueue(domain.neighbours(of: best).filter { values[$0] == nil })
                } else {
                    if started { restarts += 1 }
                    started = true
                    guard let r = fresh.draw(from: domain, using: &rng) else { return false }
                    fresh.markSeen(r)
                    phase = .starting(r)
                    setQueue([r])
                    return true
                }
            case .starting(let r):
                guard let v = values[r], v > -.infinity else { phase = .needStart; continue }
                current = (r, v)
                phase = .exploring
                setQueue(domain.neighbours(of: r).filter { values[$0] == nil })
            case .exploring:
                if queueHead < queue.count { return true }
                guard let (c, cv) = current else { phase = .needStart; continue }
                var best: S.Architecture?
                var bv = cv
                for n in domain.neighbours(of: c) {
                    if let v = values[n], v > bv { best = n; bv = v }
                }
                if let best {
                    current = (best, bv)
                    setQueue(domain.neighbours(of: best).filter { values[$0] == nil })
                } else {
                    phase = .needStart
                }
            }
            if queueHead < queue.count { return true }
        }
    }
}

struct LocalSearchFactory: StrategyFactory {
    let name = "ls"
    let neverRepeats = true
    let summary = "best-improvement local search over the full neighbourhood, random restart at a local optimum"
    func make<S: SearchSpace>(domain: SearchDomain<S>, seed: UInt64, options: StrategyOptions) throws -> AnyStrategy<S> {
        try options.requireKnown(self.options, strategy: name)
        return AnyStrategy(LocalSearch(domain: domain, seed: seed))
    }
}
