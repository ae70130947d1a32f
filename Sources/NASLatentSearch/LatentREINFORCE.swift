import NASCore
import NASRepresentations
import NASStrategies
import NASTensor

/// arch2vec-RL (METHODS §2.4) on any `LatentTable`: REINFORCE with an LSTM policy whose Gaussian
/// action (identity covariance) is mapped to the nearest (L2) unvisited architecture of the table.
///
/// The first proposal is a uniformly random start (the initial state); afterwards each step feeds
/// the current architecture's embedding to the policy, samples `a ~ N(m, I)`, and proposes the
/// nearest architecture not yet asked or told (skipping the single nearest one with
/// `skipNearest`, the NB201 code's quirk), which becomes the next state. After every `episode`
/// told steps the policy takes one Adam step on `mean_t[-log pi(a_t) (r_t - b)]` with the fixed
/// baseline `b` and resets its LSTM state. Rewards are told values / `valueScale`.
///
/// Batch asks roll the policy ahead (actions do not depend on rewards); an episode is updated once
/// all its steps are told, so rewards are never needed before an update. Tells of architectures it
/// did not propose (a rebuilt study) mark them visited and, when no step is in flight, make the
/// last one the current state. Never proposes an architecture twice.
public struct LatentREINFORCE<S: SearchSpace>: Strategy {
    public typealias Space = S
    public let name: String
    public let table: LatentTable<S>
    public let settings: LatentSearchSettings
    private var rng: SeededGenerator
    private var policy: LatentPolicy
    private var visited: [Bool]
    /// The unseen-member sampler of every strategy, over the table's rows (kept in step with `visited`).
    private var fresh = FreshSampler<S>()
    private var current: Int?
    /// Episodes not yet used for an update, oldest first; the last one is being filled.
    private var episodes: [[LatentStep]] = [[]]
    private var h: [Float], c: [Float]
    private var startRow: Int?

    /// `table` should hold exactly the search domain (see `LatentTable.restricted(to:)`).
    public init(table: LatentTable<S>, seed: UInt64, settings: LatentSearchSettings, name: String = "arch2vec-rl") {
        self.name = name
        self.table = table
        self.settings = settings
        rng = SeededGenerator(seed: seed, stream: 0xA2C1)
        policy = LatentPolicy(dimension: table.dimension, hidden: settings.hidden, learningRate: settings.learningRate, seed: seed)
        visited = Array(repeating: false, count: table.count)
        h = Array(repeating: 0, count: settings.hidden)
        c = h
    }

    /// Number of policy updates so far.
    public var updates: Int { policy.history.count }

    public mutating func ask(_ count: Int) throws -> [S.Architecture] {
        var out: [S.Architecture] = []
        guard count > 0 else { return out }
        if current == nil {
            guard let a = fresh.draw(fromMembers: table.architectures, using: &rng), let r = table.row(of: a) else { return out }
            visited[r] = true
            current = r
            startRow = r
            out.append(table.architectures[r])
        }
        while out.count < count, let state = current {
            if episodes[episodes.count - 1].count == settings.episode {
                episodes.append([])
                h = Array(repeating: 0, count: settings.hidden); c = h
            }
            let input = Array(table.vector(state))
            let (mean, h2, c2) = policy.step(input, h: h, c: c)
            let noise = Tensor<Float>.normal([table.dimension], rng: &rng).scalars
            let action = zip(mean, noise).map { $0 + $1 }
            guard let next = table.nearest(to: action, excluding: visited, skipNearest: settings.skipNearest) else { break }
            h = h2; c = c2
            markVisited(next)
            current = next
            episodes[episodes.count - 1].append(LatentStep(input: input, action: action, row: next, reward: nil))
            out.append(table.architectures[next])
        }
        return out
    }

    public mutating func tell(_ observations: [Observation<S.Architecture>]) throws {
        for o in observations {
            guard let r = table.row(of: o.architecture) else { continue }  // outside the table: nothing to learn
            let reward = o.value.map { $0 / settings.valueScale }
            if let (e, i) = pendingStep(row: r) {
                episodes[e][i].reward = reward
                episodes[e][i].told = true
                continue
            }
            if r == startRow { startRow = nil; continue }
            markVisited(r)
            if !episodes.contains(where: { $0.contains { !$0.told } }) { current = r }
        }
        // Update on every complete, fully told episode, oldest first.
        while let first = episodes.first, first.count == settings.episode, first.allSatisfy(\.told) {
            if !isKnownUniquelyReferenced(&policy) { policy = policy.replayed() }
            policy.update(first, baseline: settings.baseline)
            episodes.removeFirst()
            if episodes.isEmpty {
                episodes = [[]]
                h = Array(repeating: 0, count: settings.hidden); c = h
            }
        }
    }

    private mutating func markVisited(_ r: Int) {
        visited[r] = true
        fresh.markSeen(table.architectures[r])
    }

    private func pendingStep(row: Int) -> (Int, Int)? {
        for (e, steps) in episodes.enumerated() {
            if let i = steps.firstIndex(where: { $0.row == row && !$0.told }) { return (e, i) }
        }
        return nil
    }
}

extension LatentREINFORCE {
    /// The steps of the oldest episode not yet used for an update (for tests).
    var debugEpisode: [LatentStep] { episodes.first ?? [] }

    /// `sum_t log N(a_t; m_t, I)` (up to a constant) of `steps` under the current policy.
    func debugLogProbability(_ steps: [LatentStep]) -> Double {
        var h = [Float](repeating: 0, count: settings.hidden), c = h, total = 0.0
        for s in steps {
            let (m, h2, c2) = policy.step(s.input, h: h, c: c)
            h = h2; c = c2
            total -= 0.5 * zip(m, s.action).reduce(0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }
        }
        return total
    }
}
