import Foundation
import NASCore
import Testing
@testable import NASStudy

/// The ONE storage conformance suite: every check runs unchanged on SQLite and on PostgreSQL
/// (see `SQLiteStorageConformanceTests` / `PostgresStorageConformanceTests`).
enum ConformanceCheck: String, CaseIterable, Sendable, CustomStringConvertible {
    case createLoadAndErrors, enqueueBudgetAndDedup, claimOrderAndState, finishIsOnceOnly, heartbeats,
         staleTrialsRequeuedThenFailed, concurrentClaimsAreExclusive, concurrentProposersStayInBudget,
         deleteCascades, askTellLoop, optionsAndDomainRoundTrip, releaseRequeuesWithoutAnAttempt

    var description: String { rawValue }

    func run(_ backend: Backend) async throws {
        let url = try TestStorages.url(backend)
        let storage = try await TestStorages.open(url)
        do {
            try await run(storage, url: url)
        } catch {
            await storage.close()
            throw error
        }
        await storage.close()
    }

    static func spec(_ stem: String, budget: Int? = nil, timeout: Double = 60, attempts: Int = 3,
                     direction: MetricDirection = .maximize) -> StudySpec {
        StudySpec(name: TestStorages.uniqueName(stem), space: "nb201", strategy: "random", metric: "val_acc",
                  direction: direction, budget: budget, batchSize: 1, seed: 7, heartbeatTimeout: timeout,
                  maxAttempts: attempts)
    }

    private func run(_ s: any StudyStorage, url: String) async throws {
        switch self {
        case .createLoadAndErrors:
            let spec = Self.spec("create", budget: 10, direction: .minimize)
            let created = try await s.createStudy(spec)
            #expect(created.spec == spec)
            #expect(created.trialCount == 0)
            let loaded = try await s.study(named: spec.name)
            #expect(loaded == created)
            #expect(try await s.studies().contains(created))
            let dup = await #expect(throws: NaswiftError.self) { try await s.createStudy(spec) }
            #expect(dup?.kind == .invalidArgument)
            #expect(dup?.message.contains("already exists") == true)
            let unknown = await #expect(throws: NaswiftError.self) { try await s.study(named: "no-such-study-\(UUID())") }
            #expect(unknown?.kind == .unknownName)
            #expect(unknown?.hint?.contains(spec.name) == true)
            var bad = Self.spec("bad")
            bad.budget = 0
            await #expect(throws: NaswiftError.self) { try await s.createStudy(bad) }
            let noTrial = await #expect(throws: NaswiftError.self) { try await s.trial(id: 987_654_321) }
            #expect(noTrial?.kind == .unknownName)

        case .enqueueBudgetAndDedup:
            let study = try await s.createStudy(Self.spec("enqueue", budget: 5))
            let r1 = try await s.enqueue(studyID: study.id, architectures: ["a", "b", "a"], seenTrialCount: 0, claimFor: nil)
            #expect(r1.inserted.map(\.architecture) == ["a", "b"])
            #expect(r1.inserted.map(\.number) == [0, 1])
            #expect(r1.inserted.allSatisfy { $0.state == .queued && $0.attempts == 0 && $0.worker == nil })
            #expect(r1.trialCount == 2)
            // A proposer that read the study before r1 must not duplicate r1's proposals.
            let r2 = try await s.enqueue(studyID: study.id, architectures: ["b", "c", "d", "e", "f"], seenTrialCount: 0, claimFor: nil)
            #expect(r2.inserted.map(\.architecture) == ["c", "d", "e"])
            #expect(r2.inserted.map(\.number) == [2, 3, 4])
            #expect(r2.trialCount == 5)
            let r3 = try await s.enqueue(studyID: study.id, architectures: ["g"], seenTrialCount: 5, claimFor: ClaimRequest(worker: "w", heartbeat: false))
            #expect(r3.inserted.isEmpty)
            #expect(r3.claimed?.architecture == "a")
            #expect(try await s.study(named: study.name).trialCount == 5)
            #expect(try await s.trials(studyID: study.id).map(\.architecture) == ["a", "b", "c", "d", "e"])

        case .claimOrderAndState:
            let study = try await s.createStudy(Self.spec("claim"))
            _ = try await s.enqueue(studyID: study.id, architectures: ["x", "y"], seenTrialCount: 0, claimFor: nil)
            let t1 = try #require(try await s.claim(studyID: study.id, ClaimRequest(worker: "w1", heartbeat: true)))
            #expect(t1.architecture == "x")
            #expect(t1.state == .running && t1.worker == "w1" && t1.attempts == 1)
            #expect(t1.heartbeatAt != nil && t1.startedAt != nil && t1.finishedAt == nil)
            let t2 = try #require(try await s.claim(studyID: study.id, ClaimRequest(worker: "w2", heartbeat: false)))
            #expect(t2.architecture == "y" && t2.worker == "w2" && t2.heartbeatAt == nil)
            #expect(try await s.claim(studyID: study.id, ClaimRequest(worker: "w3", heartbeat: true)) == nil)

        case .finishIsOnceOnly:
            let study = try await s.createStudy(Self.spec("finish"))
            _ = try await s.enqueue(studyID: study.id, architectures: ["p", "q", "r"], seenTrialCount: 0, claimFor: nil)
            let p = try #require(try await s.claim(studyID: study.id, ClaimRequest(worker: "w1", heartbeat: true)))
            let wrong = await #expect(throws: NaswiftError.self) {
                try await s.finish(trialID: p.id, worker: "w2", outcome: .complete(value: 1))
            }
            #expect(wrong?.message.contains("no longer held") == true)
            await #expect(throws: NaswiftError.self) { try await s.finish(trialID: p.id, worker: "w1", outcome: .complete(value: .nan)) }
            let done = try await s.finish(trialID: p.id, worker: "w1", outcome: .complete(value: 91.25))
            #expect(done.state == .complete && done.value == 91.25 && done.finishedAt != nil)
            let again = await #expect(throws: NaswiftError.self) {
                try await s.finish(trialID: p.id, worker: "w1", outcome: .complete(value: 50))
            }
            #expect(again?.message.contains("immutable") == true)
            #expect(try await s.trial(id: p.id) == done)
            // A queued trial may be told directly (no worker), e.g. a result computed elsewhere.
            let q = try await s.trials(studyID: study.id)[1]
            let failed = try await s.finish(trialID: q.id, worker: nil, outcome: .failed(message: "exit status 3\nstderr: boom"))
            #expect(failed.state == .failed && failed.value == nil && failed.message == "exit status 3\nstderr: boom")
            await #expect(throws: NaswiftError.self) { try await s.finish(trialID: q.id, worker: nil, outcome: .complete(value: 1)) }
            let missing = await #expect(throws: NaswiftError.self) {
                try await s.finish(trialID: 987_654_321, worker: nil, outcome: .complete(value: 1))
            }
            #expect(missing?.kind == .unknownName)

        case .heartbeats:
            let study = try await s.createStudy(Self.spec("heartbeat"))
            _ = try await s.enqueue(studyID: study.id, architectures: ["h"], seenTrialCount: 0, claimFor: nil)
            let t = try #require(try await s.claim(studyID: study.id, ClaimRequest(worker: "w1", heartbeat: true)))
            try await Task.sleep(for: .milliseconds(20))
            #expect(try await s.heartbeat(trialID: t.id, worker: "w1"))
            let beaten = try await s.trial(id: t.id)
            #expect(try #require(beaten.heartbeatAt) > (t.heartbeatAt ?? .infinity))
            #expect(try await !s.heartbeat(trialID: t.id, worker: "w2"))
            _ = try await s.finish(trialID: t.id, worker: "w1", outcome: .complete(value: 1))
            #expect(try await !s.heartbeat(trialID: t.id, worker: "w1"))

        case .staleTrialsRequeuedThenFailed:
            // Timeout 2 s. The test may be descheduled for long on a busy machine (stalls only make
            // trials staler), so expectations that need "less than the timeout elapsed" are checked
            // only when the measured elapsed time says so.
            let clock = ContinuousClock()
            let study = try await s.createStudy(Self.spec("stale", timeout: 2, attempts: 2))
            _ = try await s.enqueue(studyID: study.id, architectures: ["s", "manual", "alive"], seenTrialCount: 0, claimFor: nil)
            let claimedAt = clock.now
            let t = try #require(try await s.claim(studyID: study.id, ClaimRequest(worker: "dead1", heartbeat: true)))
            let manual = try #require(try await s.claim(studyID: study.id, ClaimRequest(worker: "cli", heartbeat: false)))
            let alive = try #require(try await s.claim(studyID: study.id, ClaimRequest(worker: "alive", heartbeat: true)))
            let early = try await s.reapStale(studyID: study.id)
            var aliveChecked = claimedAt.duration(to: clock.now) < .seconds(1.5)
            if aliveChecked { #expect(early == ReapResult()) }
            try await Task.sleep(for: .milliseconds(2300))
            var beatAt = clock.now
            #expect(try await s.heartbeat(trialID: alive.id, worker: "alive") || !aliveChecked)
            let r1 = try await s.reapStale(studyID: study.id)
            aliveChecked = aliveChecked && beatAt.duration(to: clock.now) < .seconds(1.5)
            #expect((early.requeued + r1.requeued).contains(t.id))
            #expect(early.failed.isEmpty && r1.failed.isEmpty)
            if aliveChecked { #expect(r1 == ReapResult(requeued: [t.id], failed: [])) }
            let requeued = try await s.trial(id: t.id)
            #expect(requeued.state == .queued && requeued.worker == nil && requeued.attempts == 1)
            #expect(requeued.message?.contains("dead1 stopped heartbeating") == true)
            // The dead worker's late result is refused: the trial is not told twice.
            await #expect(throws: NaswiftError.self) { try await s.finish(trialID: t.id, worker: "dead1", outcome: .complete(value: 1)) }
            let again = try #require(try await s.claim(studyID: study.id, ClaimRequest(worker: "dead2", heartbeat: true)))
            #expect(again.id == t.id && again.attempts == 2)
            try await Task.sleep(for: .milliseconds(2300))
            beatAt = clock.now
            _ = try await s.heartbeat(trialID: alive.id, worker: "alive")
            let r2 = try await s.reapStale(studyID: study.id)
            aliveChecked = aliveChecked && beatAt.duration(to: clock.now) < .seconds(1.5)
            #expect(r2.failed == [t.id])
            if aliveChecked { #expect(r2 == ReapResult(requeued: [], failed: [t.id])) }
            let failed = try await s.trial(id: t.id)
            #expect(failed.state == .failed && failed.message?.contains("failed after 2 attempts") == true)
            #expect(try await s.trial(id: manual.id).state == .running)  // no heartbeat: never reaped
            if aliveChecked { #expect(try await s.trial(id: alive.id).state == .running) }

        case .concurrentClaimsAreExclusive:
            let study = try await s.createStudy(Self.spec("exclusive"))
            let archs = (0..<160).map { "arch-\($0)" }
            _ = try await s.enqueue(studyID: study.id, architectures: archs, seenTrialCount: 0, claimFor: nil)
            // 8 claimers, each with its own connection(s), as 8 worker processes would have.
            let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for w in 0..<8 {
                    group.addTask {
                        let mine = try await TestStorages.open(url)
                        var ids: [Int64] = []
                        while let t = try await mine.claim(studyID: study.id, ClaimRequest(worker: "w\(w)", heartbeat: true)) {
                            #expect(t.worker == "w\(w)")
                            ids.append(t.id)
                            _ = try await mine.finish(trialID: t.id, worker: "w\(w)", outcome: .complete(value: Double(t.number)))
                        }
                        await mine.close()
                        return ids
                    }
                }
                var all: [[Int64]] = []
                for try await ids in group { all.append(ids) }
                return all
            }
            let flat = claimed.flatMap { $0 }
            #expect(flat.count == 160)
            #expect(Set(flat).count == 160)
            let trials = try await s.trials(studyID: study.id)
            #expect(trials.allSatisfy { $0.state == .complete && $0.attempts == 1 && $0.value == Double($0.number) })

        case .concurrentProposersStayInBudget:
            let study = try await s.createStudy(Self.spec("proposers", budget: 30))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for w in 0..<6 {
                    group.addTask {
                        let mine = try await TestStorages.open(url)
                        for round in 0..<6 {  // overlapping proposals, all made from a stale read (seen = 0)
                            let props = (0..<4).map { "a\((w + round + $0) % 20)" } + ["w\(w)-r\(round)"]
                            _ = try await mine.enqueue(studyID: study.id, architectures: props, seenTrialCount: 0,
                                                       claimFor: ClaimRequest(worker: "w\(w)", heartbeat: false))
                        }
                        await mine.close()
                    }
                }
                try await group.waitForAll()
            }
            let trials = try await s.trials(studyID: study.id)
            #expect(trials.count == 30)
            #expect(trials.map(\.number) == Array(0..<30))
            #expect(Set(trials.map(\.architecture)).count == 30)
            #expect(try await s.study(named: study.name).trialCount == 30)

        case .deleteCascades:
            let study = try await s.createStudy(Self.spec("delete"))
            let r = try await s.enqueue(studyID: study.id, architectures: ["d"], seenTrialCount: 0, claimFor: nil)
            try await s.deleteStudy(named: study.name)
            await #expect(throws: NaswiftError.self) { try await s.study(named: study.name) }
            await #expect(throws: NaswiftError.self) { try await s.trial(id: r.inserted[0].id) }
            await #expect(throws: NaswiftError.self) { try await s.deleteStudy(named: study.name) }

        case .askTellLoop:
            let study = try await Study.create(Self.spec("asktell", budget: 12, direction: .minimize), storage: s)
            var told: [Int64] = []
            while case .trial(let t) = try await study.ask(ClaimRequest(worker: "solo", heartbeat: true)) {
                #expect(t.number == told.count)
                try await study.tell(t.id, worker: "solo", .complete(value: Double(100 - t.number)))
                told.append(t.id)
            }
            #expect(told.count == 12)
            let result = try await study.ask(ClaimRequest(worker: "solo", heartbeat: true))
            #expect(result == .finished(reason: "budget of 12 trials reached"))
            let trials = try await study.trials()
            #expect(Set(trials.map(\.architecture)).count == 12)  // random search never repeats
            #expect(Study.best(of: trials, direction: .minimize)?.number == 11)
            #expect(Study.best(of: trials, direction: .maximize)?.number == 0)

        case .releaseRequeuesWithoutAnAttempt:
            // A worker whose command could not start puts its trial back: queued, no worker, the
            // claim not counted; only the holder can release, and only a running trial.
            let study = try await s.createStudy(Self.spec("release"))
            _ = try await s.enqueue(studyID: study.id, architectures: ["x", "y"], seenTrialCount: 0, claimFor: nil)
            let t = try #require(try await s.claim(studyID: study.id, ClaimRequest(worker: "w1", heartbeat: true)))
            #expect(try await s.release(trialID: t.id, worker: "w2", message: "not mine") == false)
            #expect(try await s.release(trialID: t.id, worker: "w1", message: "command 'pyhton' was not found"))
            let back = try await s.trial(id: t.id)
            #expect(back.state == .queued && back.worker == nil && back.attempts == 0 && back.heartbeatAt == nil && back.startedAt == nil)
            #expect(back.message == "command 'pyhton' was not found")
            #expect(try await s.release(trialID: t.id, worker: "w1", message: "again") == false)
            // It is the oldest queued trial again, claimed next.
            let again = try #require(try await s.claim(studyID: study.id, ClaimRequest(worker: "w3", heartbeat: true)))
            #expect(again.id == t.id && again.attempts == 1 && again.worker == "w3")
            _ = try await s.finish(trialID: again.id, worker: "w3", outcome: .complete(value: 1))
            #expect(try await s.release(trialID: again.id, worker: "w3", message: "late") == false)
            #expect(try await s.trial(id: again.id).state == .complete)

        case .optionsAndDomainRoundTrip:
            var spec = Self.spec("options", budget: 40)
            spec.strategy = "re"
            spec.options = ["population": "8", "tournament": "3", "note": "a \"quoted\", {odd} value=1"]
            spec.benchmark = "nb201"
            spec.task = "cifar10"
            spec.dataDirectory = "/data/naswift dir"
            let created = try await s.createStudy(spec)
            #expect(created.spec == spec)
            #expect(try await s.study(named: spec.name).spec == spec)
            #expect(try await s.studies().first { $0.name == spec.name }?.spec == spec)
            let plain = try await s.createStudy(Self.spec("no-options"))
            #expect(plain.spec.options.isEmpty && plain.spec.benchmark == nil && plain.spec.task == nil && plain.spec.dataDirectory == nil)
            // The stored options reach every proposal round: regularized evolution rejects `note`
            // when the round makes the strategy (the storage itself does not validate options).
            var unchecked = Self.spec("unchecked-options")
            unchecked.strategy = "re"
            unchecked.options = spec.options
            let study = try await Study(record: s.createStudy(unchecked), storage: s)
            let e = await #expect(throws: NaswiftError.self) { try await study.ask(ClaimRequest(worker: "w", heartbeat: false)) }
            #expect(e?.message.contains("'note'") == true)
            #expect(e?.hint?.contains("initial, population, tournament") == true)
            // A spec whose benchmark and task do not go together is refused.
            var half = Self.spec("half")
            half.benchmark = "nb201"
            await #expect(throws: NaswiftError.self) { try await s.createStudy(half) }
        }
    }
}

@Suite("Study storage conformance: SQLite")
struct SQLiteStorageConformanceTests {
    @Test(arguments: ConformanceCheck.allCases)
    func check(_ check: ConformanceCheck) async throws {
        try await check.run(.sqlite)
    }
}

@Suite("Study storage conformance: PostgreSQL",
       .enabled(if: TestStorages.postgresEnabled, "NASWIFT_TEST_POSTGRES_URL is not set (scripts/test.sh starts a server)"))
struct PostgresStorageConformanceTests {
    @Test(arguments: ConformanceCheck.allCases)
    func check(_ check: ConformanceCheck) async throws {
        try await check.run(.postgres)
    }
}
