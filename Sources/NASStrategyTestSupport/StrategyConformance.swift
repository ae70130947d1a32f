import NASCore
import NASStrategies

/// A property every registered strategy must have, violated.
public struct ConformanceFailure: Error, CustomStringConvertible {
    public let strategy: String
    public let check: String
    public let message: String
    public var description: String { "strategy '\(strategy)' fails '\(check)': \(message)" }
}

/// The shared conformance checks of strategies (as Optuna's sampler tests and swift-collections'
/// checkers): each registered strategy, on each space it supports, runs them from its own test
/// target. Every check throws a `ConformanceFailure` saying what broke; none needs a test framework.
///
/// `domain` should have a few hundred members or more (`exhaustsASmallDomain` makes its own small
/// one from the first members); `value` plays the benchmark (nil = a failed evaluation).
public struct StrategyConformance<S: SearchSpace> {
    public let name: String
    public let domain: SearchDomain<S>
    public let options: StrategyOptions
    public let value: (S.Architecture) -> Double?
    /// Evaluations per run of the longer checks (smaller keeps slow surrogates fast).
    public let evaluations: Int

    public init(strategy name: String, domain: SearchDomain<S>, options: StrategyOptions = StrategyOptions(),
                evaluations: Int = 120, value: @escaping (S.Architecture) -> Double?) {
        self.name = name
        self.domain = domain
        self.options = options
        self.evaluations = evaluations
        self.value = value
    }

    /// Names of the checks, in the order `checkAll` runs them.
    public static var checks: [String] {
        ["sameSeedSameProposals", "proposalsLieInTheDomain", "noRepeatsWhenPromised", "exhaustsASmallDomain",
         "failedTellsAreHandled", "batchAsksReturnBetweenOneAndK", "rebuiltFromTellsBehaves", "copiesAreIndependent"]
    }

    /// Runs the check named `check` (one of `checks`).
    public func run(check: String) throws {
        switch check {
        case "sameSeedSameProposals": try sameSeedSameProposals()
        case "proposalsLieInTheDomain": try proposalsLieInTheDomain()
        case "noRepeatsWhenPromised": try noRepeatsWhenPromised()
        case "exhaustsASmallDomain": try exhaustsASmallDomain()
        case "failedTellsAreHandled": try failedTellsAreHandled()
        case "batchAsksReturnBetweenOneAndK": try batchAsksReturnBetweenOneAndK()
        case "rebuiltFromTellsBehaves": try rebuiltFromTellsBehaves()
        case "copiesAreIndependent": try copiesAreIndependent()
        default: throw NaswiftError.unknownName("conformance check", check, valid: Self.checks)
        }
    }

    /// Runs every check; throws the first failure.
    public func checkAll() throws {
        try sameSeedSameProposals()
        try proposalsLieInTheDomain()
        try noRepeatsWhenPromised()
        try exhaustsASmallDomain()
        try failedTellsAreHandled()
        try batchAsksReturnBetweenOneAndK()
        try rebuiltFromTellsBehaves()
        try copiesAreIndependent()
    }

    // MARK: the checks

    /// Same seed, same proposals; another seed, other proposals; the budget is filled.
    public func sameSeedSameProposals() throws {
        let pa = try run(seed: 11, evaluations: evaluations, batch: 3)
        let pb = try run(seed: 11, evaluations: evaluations, batch: 3)
        let pc = try run(seed: 12, evaluations: evaluations, batch: 3)
        try require(pa == pb, "sameSeedSameProposals", "two runs with seed 11 differ")
        try require(pa != pc, "sameSeedSameProposals", "seeds 11 and 12 gave the same proposals")
        try require(pa.joined().count == evaluations, "sameSeedSameProposals", "\(pa.joined().count) of \(evaluations) evaluations made")
    }

    /// Every proposal is a member of the domain (5 seeds, sequential).
    public func proposalsLieInTheDomain() throws {
        for seed in 0..<5 as Range<UInt64> {
            let all = try run(seed: seed, evaluations: evaluations, batch: 1).joined()
            try require(all.count == evaluations, "proposalsLieInTheDomain", "\(all.count) of \(evaluations) evaluations made")
            if let a = all.first(where: { !domain.contains($0) }) {
                throw failure("proposalsLieInTheDomain", "proposed \(domain.space.format(a)), outside the domain")
            }
        }
    }

    /// A strategy that promises never to repeat does not.
    public func noRepeatsWhenPromised() throws {
        guard try factory.neverRepeats else { return }
        let all = Array(try run(seed: 3, evaluations: evaluations, batch: 4).joined())
        try require(Set(all).count == all.count, "noRepeatsWhenPromised", "\(all.count - Set(all).count) repeated proposals")
    }

    /// On a domain of 37 members a never-repeating strategy proposes each once, then nothing.
    public func exhaustsASmallDomain() throws {
        guard try factory.neverRepeats, let members = domain.members, members.count >= 37 else { return }
        let small = SearchDomain(space: domain.space, members: Array(members.prefix(37)))
        var s = try StrategyRegistry.make(name, domain: small, seed: 5, options: options)
        let all = Array(try Self.drive(&s, evaluations: 100, batch: 2, value: value).joined())
        try require(all.count == 37 && Set(all) == Set(small.members!), "exhaustsASmallDomain",
                    "\(all.count) proposals, \(Set(all).count) distinct, of 37 members")
        try require(try s.ask(5).isEmpty, "exhaustsASmallDomain", "still proposes after exhausting the domain")
    }

    /// About a third of the evaluations fail (no value): the search goes on in the domain; and
    /// when everything fails it still fills its budget.
    public func failedTellsAreHandled() throws {
        var k = 0
        var failed = Set<S.Architecture>()
        var s = try make(seed: 8)
        let all = Array(try Self.drive(&s, evaluations: evaluations, batch: 2) { a in
            k += 1
            if k % 3 == 1 { failed.insert(a); return nil }
            return value(a)
        }.joined())
        try require(all.count == evaluations && all.allSatisfy(domain.contains), "failedTellsAreHandled",
                    "\(all.count) of \(evaluations) evaluations, all in the domain: \(all.allSatisfy(domain.contains))")
        var t = try make(seed: 8)
        let none = Array(try Self.drive(&t, evaluations: 60, batch: 3) { _ in nil }.joined())
        try require(none.count == 60 && none.allSatisfy(domain.contains), "failedTellsAreHandled",
                    "with every evaluation failing: \(none.count) of 60 evaluations")
    }

    /// An ask of k returns 1...k distinct proposals; asking again before telling still proposes
    /// (disjoint from the in-flight ones for never-repeating strategies).
    public func batchAsksReturnBetweenOneAndK() throws {
        var s = try make(seed: 21)
        let distinct = try factory.neverRepeats
        for k in [1, 5, 8, 2, 16, 3, 7] {
            let asked = try s.ask(k)
            try require(asked.count >= 1 && asked.count <= k && asked.allSatisfy(domain.contains), "batchAsksReturnBetweenOneAndK",
                        "ask(\(k)) returned \(asked.count)")
            if distinct { try require(Set(asked).count == asked.count, "batchAsksReturnBetweenOneAndK", "ask(\(k)) repeats itself") }
            try s.tell(asked.map { Observation($0, value: value($0)) })
        }
        let first = try s.ask(4), second = try s.ask(4)
        try require(!first.isEmpty && !second.isEmpty, "batchAsksReturnBetweenOneAndK", "no proposals while others are in flight")
        if distinct { try require(Set(first).isDisjoint(with: second), "batchAsksReturnBetweenOneAndK", "re-proposed in-flight architectures") }
    }

    /// A new instance (other process, other seed) told a stored history continues the search in
    /// the domain, never re-proposing the history when it promises no repeats, deterministically.
    public func rebuiltFromTellsBehaves() throws {
        var a = try make(seed: 4)
        let history = Array(try Self.drive(&a, evaluations: 80, batch: 1, value: value).joined())
        func rebuilt() throws -> [S.Architecture] {
            var b = try make(seed: 99)
            try b.tell(history.map { Observation($0, value: value($0)) })
            return Array(try Self.drive(&b, evaluations: 40, batch: 2, value: value).joined())
        }
        let next = try rebuilt()
        try require(next.count == 40 && next.allSatisfy(domain.contains), "rebuiltFromTellsBehaves", "\(next.count) of 40 evaluations")
        if try factory.neverRepeats {
            try require(Set(next).isDisjoint(with: history), "rebuiltFromTellsBehaves", "re-proposed told architectures")
        }
        try require(try rebuilt() == next, "rebuiltFromTellsBehaves", "rebuilding twice gave different proposals")
    }

    /// Value semantics: a copy continues exactly like the original.
    public func copiesAreIndependent() throws {
        var a = try make(seed: 2)
        _ = try Self.drive(&a, evaluations: 30, batch: 1, value: value)
        var b = a
        let pa = try Self.drive(&a, evaluations: 30, batch: 2, value: value)
        let pb = try Self.drive(&b, evaluations: 30, batch: 2, value: value)
        try require(pa == pb, "copiesAreIndependent", "a copy diverged from its original")
    }

    // MARK: helpers

    /// Drives `strategy` through the one ask/tell loop; returns every asked batch.
    public static func drive<St: Strategy>(_ strategy: inout St, evaluations: Int, batch: Int,
                                           value: (St.Space.Architecture) -> Double?) throws -> [[St.Space.Architecture]] {
        var batches: [[St.Space.Architecture]] = []
        try AskTellLoop.drive(&strategy, limit: evaluations, batch: batch, onBatch: { batches.append($0) }, evaluate: value)
        return batches
    }

    private var factory: any StrategyFactory { get throws { try StrategyRegistry.factory(name) } }

    private func make(seed: UInt64) throws -> AnyStrategy<S> {
        try StrategyRegistry.make(name, domain: domain, seed: seed, options: options)
    }

    private func run(seed: UInt64, evaluations: Int, batch: Int) throws -> [[S.Architecture]] {
        var s = try make(seed: seed)
        return try Self.drive(&s, evaluations: evaluations, batch: batch, value: value)
    }

    private func failure(_ check: String, _ message: String) -> ConformanceFailure {
        ConformanceFailure(strategy: name, check: check, message: message)
    }

    private func require(_ condition: Bool, _ check: String, _ message: @autoclosure () -> String) throws {
        if !condition { throw failure(check, message()) }
    }
}
