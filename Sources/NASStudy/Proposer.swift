import NASCore
import NASSpaces
import NASStrategies

/// Proposes new architectures for a study from its stored trials, so that any process can ask.
public protocol Proposer: Sendable {
    /// Checks that the spec's space and strategy exist and fit together (at `study create`).
    func validate(_ spec: StudySpec) throws

    /// Up to `count` architectures (string form) for the next trials, none of them queued or
    /// running already.
    ///
    /// - Parameters:
    ///   - study: the study proposed for (space, domain, strategy and its options).
    ///   - trials: every stored trial of the study (by number).
    ///   - count: the most architectures to return.
    ///   - round: a number that differs between proposal rounds; seeds the round's strategy.
    func propose(study: StudyRecord, trials: [TrialRecord], count: Int, round: UInt64) throws -> [String]

    /// The JSON object of an architecture string of `space` (see `SearchSpace.json`).
    func json(space: String, architecture: String) throws -> String

    /// Canonical string form of an architecture string of `space` (parse then format); throws
    /// `NaswiftError.malformedArchitecture` for a malformed one.
    func canonical(space: String, architecture: String) throws -> String
}

/// The proposer of the CLI: spaces from `SpaceRegistry`, strategies from `StrategyRegistry`.
///
/// Each round rebuilds the strategy from scratch with the study's options, seeded with the study
/// seed mixed with `round`, over the study's domain (the whole space, or the cells of its
/// benchmark task, built once per process by `StudyDomains`): completed trials are told with their
/// values oriented so that larger is better (negated for `--direction min`), failed ones are told
/// with no value. Queued and running trials are in flight: the strategy is not told about them,
/// and any proposal equal to one of them is dropped and replaced by asking again (up to 8 times),
/// so in-flight architectures are not proposed twice.
public struct RegistryProposer: Proposer {
    public init() {}

    /// Checks the space, the strategy and its options (the factory's `validate`, then making the
    /// strategy once over the study's domain, which loads the benchmark when the study has one).
    public func validate(_ spec: StudySpec) throws {
        let space = try SpaceRegistry.make(spec.space)
        try StrategyRegistry.factory(spec.strategy).validate(budget: spec.budget, batchSize: spec.batchSize,
                                                             options: StrategyOptions(spec.options))
        try Self.checkStrategy(spec: spec, space: space)
    }

    private static func checkStrategy<S: SearchSpace>(spec: StudySpec, space: S) throws {
        let domain = try StudyDomains.domain(for: spec, space: space)
        _ = try makeStrategy(spec: spec, domain: domain, seed: spec.seed)
    }

    private static func makeStrategy<S: SearchSpace>(spec: StudySpec, domain: SearchDomain<S>, seed: UInt64) throws -> AnyStrategy<S> {
        try StrategyRegistry.make(spec.strategy, domain: domain, seed: seed, options: StrategyOptions(spec.options, context: context(of: spec)))
    }

    /// The benchmark task a study searches (`--benchmark B --task T`), nil for the whole space.
    static func context(of spec: StudySpec) -> SearchContext? {
        guard let benchmark = spec.benchmark, let task = spec.task else { return nil }
        return SearchContext(benchmark: benchmark, task: task)
    }

    /// The seed of proposal round `round` of a study seeded with `seed`.
    public static func roundSeed(_ seed: UInt64, round: UInt64) -> UInt64 {
        var g = SeededGenerator(seed: seed, stream: round &+ 1)
        return g.next()
    }

    public func propose(study: StudyRecord, trials: [TrialRecord], count: Int, round: UInt64) throws -> [String] {
        let space = try SpaceRegistry.make(study.spec.space)
        return try Self.propose(space: space, study: study, trials: trials, count: count, round: round)
    }

    static func propose<S: SearchSpace>(space: S, study: StudyRecord, trials: [TrialRecord], count: Int,
                                        round: UInt64) throws -> [String] {
        let domain = try StudyDomains.domain(for: study.spec, space: space)
        var strategy = try makeStrategy(spec: study.spec, domain: domain, seed: roundSeed(study.spec.seed, round: round))
        var observations: [Observation<S.Architecture>] = []
        var inFlight = Set<S.Architecture>()
        for t in trials {
            let arch = try space.parse(t.architecture)
            switch t.state {
            case .complete: observations.append(Observation(arch, value: t.value.map(study.spec.direction.oriented)))
            case .failed: observations.append(Observation(arch, value: nil))
            case .queued, .running: inFlight.insert(arch)
            }
        }
        if !observations.isEmpty { try strategy.tell(observations) }
        var out: [S.Architecture] = []
        var taken = inFlight
        for _ in 0..<8 where out.count < count {
            let asked = try strategy.ask(count - out.count)
            if asked.isEmpty { break }
            for a in asked where taken.insert(a).inserted { out.append(a) }
        }
        return out.map(space.format)
    }

    public func json(space: String, architecture: String) throws -> String {
        let s = try SpaceRegistry.make(space)
        return try Self.json(s, architecture)
    }

    private static func json<S: SearchSpace>(_ space: S, _ text: String) throws -> String {
        space.json(try space.parse(text))
    }

    public func canonical(space: String, architecture: String) throws -> String {
        let s = try SpaceRegistry.make(space)
        return try Self.canonical(s, architecture)
    }

    private static func canonical<S: SearchSpace>(_ space: S, _ text: String) throws -> String {
        space.format(try space.parse(text))
    }
}
