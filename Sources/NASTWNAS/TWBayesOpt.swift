import Foundation
import NASCore
import NASLinalg
import NASRepresentations
import NASSpaces
import NASStrategies
import NASSurrogates

/// TW-NAS Bayesian optimisation (Nguyen et al., ICML 2021; METHODS §3.3-3.6): a GP whose kernel is
/// `exp(-d_op/l1 - d_in/l2 - d_out/l3)` over tree-Wasserstein discrepancies, on NB201 or NB101.
///
/// - `tw-gp` (sequential): `initial` random architectures, then per ask the candidates (30
///   mutations of each of the 10 best, de-duplicated, at most 100) are scored by the acquisition
///   (LCB on the standardised error by default) and the best are proposed (a batch ask takes the
///   top-k by acquisition).
/// - `tw-kdpp` (batch): per ask of k, a k-DPP with `L = diag(q) Sigma diag(q)`, `q = exp(-mu)`,
///   over the candidates' posterior mean `mu` (standardised error) and full covariance `Sigma`,
///   exact sampling (or greedy MAP).
///
/// The GP is trained on the told values (larger is better) as errors `-value`, standardised.
/// Hyper-parameters are refitted by marginal likelihood every `refitEvery` model-based asks and
/// reused with the new data in between. `mode=faithful` reproduces the reference code (see
/// `TWGPSettings` and DESIGN.md): op-tree slips, variance instead of std in the LCB, the extra
/// sigma^4 noise, a k-DPP sampler reseeded with 14 on every draw, the reference's fitting of the
/// degree lengthscales (`TWGPSettings.fitsSharedDegree`, `predictsSharedDegree`), its scipy
/// likelihood climb (`TWGPSettings.likelihoodFit`), and on NB201 a
/// random upper-triangular 8x8 "adjacency" per architecture mutated by edge flips. Both modes mutate NB201
/// candidates by the per-op resampling of METHODS §3.4 and start the hyper-parameter fits from
/// raw-uniform draws (§3.3).
public struct TWBayesOpt<S: SearchSpace>: Strategy {
    public typealias Space = S
    public let name: String
    public let domain: SearchDomain<S>
    public let settings: TWGPSettings
    public let batch: Bool
    public let representation: TWRepresentation
    /// True when the reference's random NB201 matrices are reproduced.
    let randomNB201Matrices: Bool
    /// Candidate mutations: the space's mutation on dense domains, the domain's neighbour index on
    /// sparse ones such as `nb101-20k` (`DomainMutator`).
    let mutator: DomainMutator<S>

    private var rng: SeededGenerator
    private var fitRNG: SeededGenerator
    private var fresh = FreshSampler<S>()
    private var inFlight: Set<S.Architecture> = []
    private var toldCount = 0
    /// Successful observations in tell order: architecture and value (larger is better).
    public private(set) var observed: [(S.Architecture, Double)] = []
    private var features: [S.Architecture: TWFeatures] = [:]
    private var matrices: [S.Architecture: [Bool]] = [:]
    /// The GP hyper-parameters of the last fit, in the posterior's form (lengthscales per component).
    public private(set) var hyperparameters: GPHyperparameters?
    private var modelAsks = 0
    /// Features of `observed` (same order) and their three distance matrices (row-major n x n),
    /// grown by one row and column per successful tell.
    private var trainFeatures: [TWFeatures] = []
    private var trainDistances: [[Double]] = [[], [], []]
    /// Where the time goes (seconds per phase), for `naswift bench tw`.
    public private(set) var profile = TWProfile()

    public init(domain: SearchDomain<S>, seed: UInt64, settings: TWGPSettings, batch: Bool) throws {
        let space = domain.space.name
        switch space {
        case "nb201": representation = .nb201(twoGram: settings.twoGram, mode: settings.mode)
        case "nb101": representation = .nb101(twoGram: settings.twoGram, mode: settings.mode)
        default:
            throw NaswiftError.invalidArgument("strategy '\(batch ? "tw-kdpp" : "tw-gp")' works on the nb201 and nb101 spaces, not '\(space)'",
                                               hint: "use a benchmark of the nb201 or nb101 space, or another strategy (random, re, ls)")
        }
        self.name = batch ? "tw-kdpp" : "tw-gp"
        self.domain = domain
        self.settings = settings
        self.batch = batch
        self.randomNB201Matrices = settings.mode == .faithful && space == "nb201"
        self.mutator = DomainMutator(domain: domain)
        self.rng = SeededGenerator(seed: seed, stream: 11)
        self.fitRNG = SeededGenerator(seed: seed, stream: 12)
    }

    // MARK: ask / tell

    public mutating func ask(_ count: Int) throws -> [S.Architecture] {
        var out: [S.Architecture] = []
        while out.count < count && toldCount + inFlight.count < settings.initial {
            guard let a = fresh.draw(from: domain, using: &rng) else { return out }
            inFlight.insert(a); out.append(a)
        }
        let needed = count - out.count
        guard needed > 0 else { return out }
        var chosen = observed.isEmpty ? [] : try modelProposals(needed)
        while chosen.count < needed, let a = fresh.draw(from: domain, using: &rng) { chosen.append(a) }
        for a in chosen { fresh.markSeen(a); inFlight.insert(a) }
        return out + chosen
    }

    public mutating func tell(_ observations: [Observation<S.Architecture>]) throws {
        for o in observations {
            toldCount += 1
            fresh.markSeen(o.architecture)
            inFlight.remove(o.architecture)
            guard let v = o.value, v.isFinite else { continue }
            observed.append((o.architecture, v))
            let t0 = TWProfile.now()
            appendTraining(featuresOf(o.architecture))
            profile.trainDistanceSeconds += TWProfile.now() - t0
        }
    }

    // MARK: the model

    /// Up to `k` proposals from the GP over the mutation candidates.
    private mutating func modelProposals(_ k: Int) throws -> [S.Architecture] {
        var t0 = TWProfile.now()
        let candidates = generateCandidates()
        profile.candidateSeconds += TWProfile.now() - t0
        guard !candidates.isEmpty else { return [] }
        let gp = try fitGP()
        t0 = TWProfile.now()
        let cand = candidates.map { featuresOf($0) }
        let shared = settings.predictsSharedDegree
        let cross = gpComponents(distanceMatrices(trainFeatures, cand), shared: shared)
        let among = batch ? gpComponents(distanceMatrices(cand, cand), shared: shared) : nil
        profile.candidateDistanceSeconds += TWProfile.now() - t0
        t0 = TWProfile.now()
        let posterior = try gp.predict(.distances(cross: cross, among: among), fullCovariance: batch)
        profile.predictSeconds += TWProfile.now() - t0
        t0 = TWProfile.now()
        defer { profile.selectSeconds += TWProfile.now() - t0 }
        let take = min(k, candidates.count)
        if batch {
            let l = try KDPP.qualityKernel(similarity: posterior.covariance, mean: posterior.mean)
            let picked: [Int]
            switch settings.selection {
            case .map:
                picked = try KDPP.greedyMAP(l, k: take)
            case .sample:
                if settings.mode == .faithful {
                    var reseeded = SeededGenerator(seed: 14)   // the reference's np.random.seed(14) per draw
                    picked = try TWBatchSelection.sample(l, mean: posterior.mean, k: take, rng: &reseeded)
                } else {
                    picked = try TWBatchSelection.sample(l, mean: posterior.mean, k: take, rng: &rng)
                }
            }
            return picked.map { candidates[$0] }
        }
        let spread: Acquisition.Spread = settings.mode == .faithful ? .varianceQuirk : .standardDeviation
        // Scores where larger is better.
        let scores: [Double]
        switch settings.acquisition {
        case .lcb:
            scores = try Acquisition.lowerConfidenceBound(beta: settings.beta)
                .values(mean: posterior.mean, variance: posterior.variance, spread: spread).map { -$0 }
        case .ucb:
            scores = try Acquisition.upperConfidenceBound(beta: settings.beta)
                .values(mean: posterior.mean.map { -$0 }, variance: posterior.variance, spread: spread)
        case .ei:
            let best = gp.standardisedTargets.min() ?? 0
            scores = try Acquisition.expectedImprovement(best: best)
                .values(mean: posterior.mean, variance: posterior.variance, spread: spread)
        }
        let order = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        return order.prefix(take).map { candidates[$0] }
    }

    /// The GP on the observed errors, refitting the hyper-parameters on schedule.
    private mutating func fitGP() throws -> GaussianProcess {
        let n = trainFeatures.count
        let d = trainDistances.map { (try? Matrix(rows: n, cols: n, storage: $0)) ?? Matrix(rows: n, cols: n) }
        let inputs = GPInputs.distances(gpComponents(d, shared: settings.predictsSharedDegree))
        let targets = observed.map { -$0.1 }
        let t0 = TWProfile.now()
        let gpOptions = GPOptions(referenceNoiseQuirk: settings.mode == .faithful)
        defer { modelAsks += 1 }
        if let h = hyperparameters, modelAsks % settings.refitEvery != 0,
           let gp = try? GaussianProcess(kernel: .exponential, inputs: inputs, targets: targets,
                                         hyperparameters: h, options: gpOptions) {
            profile.gpSeconds += TWProfile.now() - t0
            return gp
        }
        defer { profile.fitSeconds += TWProfile.now() - t0; profile.fits += 1 }
        let fitOptions = settings.fitOptions(gp: gpOptions)
        let fitInputs = settings.fitsSharedDegree == settings.predictsSharedDegree
            ? inputs : GPInputs.distances(gpComponents(d, shared: settings.fitsSharedDegree))
        let gp = try GaussianProcess.fit(kernel: .exponential, inputs: fitInputs, targets: targets,
                                         bounds: settings.bounds, options: fitOptions, rng: &fitRNG)
        guard settings.fitsSharedDegree && !settings.predictsSharedDegree else {
            hyperparameters = gp.hyperparameters
            return gp
        }
        // Faithful 1-gram: the posterior has a third lengthscale the likelihood never saw.
        var h = gp.hyperparameters
        let r = TWGPSettings.unfittedLengthscale
        h.lengthscales.append(r.lowerBound + fitRNG.uniform() * (r.upperBound - r.lowerBound))
        hyperparameters = h
        return try GaussianProcess(kernel: .exponential, inputs: inputs, targets: targets, hyperparameters: h, options: gpOptions)
    }

    /// Mutations of the best observed architectures that were never asked or told, de-duplicated,
    /// in generation order, at most `maxCandidates`.
    private mutating func generateCandidates() -> [S.Architecture] {
        let order = observed.indices.sorted { observed[$0].1 > observed[$1].1 || (observed[$0].1 == observed[$1].1 && $0 < $1) }
        var out: [S.Architecture] = []
        var inOut = Set<S.Architecture>()
        outer: for i in order.prefix(settings.topParents) {
            let parent = observed[i].0
            for _ in 0..<settings.mutationsPerParent {
                let child = randomNB201Matrices ? referenceNB201Mutation(parent) : candidateMutation(parent)
                guard domain.contains(child), !fresh.hasSeen(child), inOut.insert(child).inserted else { continue }
                out.append(child)
                if out.count >= settings.maxCandidates { break outer }
            }
        }
        return out
    }

    /// One candidate mutation of `parent` (fixed mode): on a dense NB201 domain the per-op
    /// resampling of METHODS §3.4 (`TWCandidateMutation.nb201`: each of the 6 ops changed with
    /// probability 1/6, so 0-6 ops change, not exactly one); otherwise the domain's mutation
    /// (`DomainMutator`: the space's BANANAS-style mutation, or nearest members on sparse domains).
    mutating func candidateMutation(_ parent: S.Architecture) -> S.Architecture {
        if !settings.singleOpMutation, !mutator.isSparse, let cell = parent as? NB201Cell,
           let child = TWCandidateMutation.nb201(cell, using: &rng) as? S.Architecture {
            return child
        }
        return mutator.mutate(parent, using: &rng)
    }

    // MARK: features

    private mutating func featuresOf(_ a: S.Architecture) -> TWFeatures {
        if let f = features[a] { return f }
        var g = domain.space.graph(a)
        if randomNB201Matrices {
            let m = matrices[a] ?? randomUpperTriangular(g.nodeCount)
            matrices[a] = m
            g = LabelledDAG(nodeCount: g.nodeCount, adjacency: m, labels: g.labels)
        }
        let f = representation.features(g)
        features[a] = f
        return f
    }

    /// Adds one training point to the cached training distance matrices.
    private mutating func appendTraining(_ f: TWFeatures) {
        let n = trainFeatures.count, m = n + 1
        let row = trainFeatures.map { representation.distances(f, $0) }
        let parts: [[Double]] = [row.map(\.op), row.map(\.inDegree), row.map(\.outDegree)]
        for c in 0..<3 {
            var next = [Double](repeating: 0, count: m * m)
            let old = trainDistances[c]
            for i in 0..<n {
                for j in 0..<n { next[i * m + j] = old[i * n + j] }
                next[i * m + n] = parts[c][i]
                next[n * m + i] = parts[c][i]
            }
            trainDistances[c] = next
        }
        trainFeatures.append(f)
    }

    /// The GP's distance components from the three discrepancies `[d_op, d_in, d_out]`: as they are,
    /// or `[d_op, d_in + d_out]` when the degree terms share one lengthscale.
    private func gpComponents(_ d: [Matrix], shared: Bool) -> [Matrix] {
        guard shared, d.count == 3, let degree = try? d[1] + d[2] else { return d }
        return [d[0], degree]
    }

    private func distanceMatrices(_ xs: [TWFeatures], _ ys: [TWFeatures]) -> [Matrix] {
        let d = representation.distanceMatrices(xs, ys)
        return [d.op, d.inDegree, d.outDegree].map { (try? Matrix(rows: xs.count, cols: ys.count, storage: $0)) ?? Matrix(rows: xs.count, cols: ys.count) }
    }

    // MARK: the reference's NB201 cells (faithful mode only)

    /// `np.triu(random 0/1, 1)`: each entry above the diagonal present with probability 1/2.
    private mutating func randomUpperTriangular(_ n: Int) -> [Bool] {
        var m = [Bool](repeating: false, count: n * n)
        for i in 0..<n { for j in (i + 1)..<n { m[i * n + j] = rng.next() & 1 == 1 } }
        return m
    }

    /// The reference NB201 mutation: each upper-triangular entry flipped with probability 1/8,
    /// each of the 6 edge ops resampled to a different op (of 5, `none` included) with
    /// probability 1/6. The child keeps the flipped matrix.
    private mutating func referenceNB201Mutation(_ parent: S.Architecture) -> S.Architecture {
        let g = domain.space.graph(parent)
        let n = g.nodeCount
        var m = matrices[parent] ?? randomUpperTriangular(n)
        matrices[parent] = m
        for i in 0..<n { for j in (i + 1)..<n where rng.uniform() < 1.0 / Double(n) { m[i * n + j].toggle() } }
        let opNames = ["nor_conv_3x3", "nor_conv_1x1", "avg_pool_3x3", "skip_connect", "none"]
        var ops = Array(g.labels[1..<(n - 1)])
        for i in ops.indices where rng.uniform() < 1.0 / Double(ops.count) {
            let others = opNames.filter { $0 != ops[i] }
            ops[i] = others[Int(rng.next() % UInt64(others.count))]
        }
        let text = "|\(ops[0])~0|+|\(ops[1])~0|\(ops[2])~1|+|\(ops[3])~0|\(ops[4])~1|\(ops[5])~2|"
        guard let child = try? domain.space.parse(text) else { return parent }
        if matrices[child] == nil && !fresh.hasSeen(child) { matrices[child] = m }
        return child
    }
}
