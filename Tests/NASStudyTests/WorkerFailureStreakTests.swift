import Foundation
import NASCore
import Testing
@testable import NASStudy

/// Issue 18, finding 4: `naswift worker --study S -- pyhton train.py` failed every trial of the
/// study in half a second and exited 0. Now the worker stops after --max-consecutive-failures
/// (default 3) failures in a row, puts those trials back in the queue and exits 1.
@Suite("Workers: failure streaks", .serialized)
struct WorkerFailureStreakTests {
    func study(_ backend: Backend, budget: Int) throws -> (url: String, name: String) {
        let url = try TestStorages.url(backend)
        let name = TestStorages.uniqueName("streak")
        let create = try NaswiftBinary.run(["study", "create", name, "--space", "nb201", "--metric", "acc", "--direction", "max",
                                            "--budget", "\(budget)", "--storage", url])
        try #require(create.status == 0, "\(create.stderr)")
        return (url, name)
    }

    func trials(_ url: String, _ name: String) async throws -> [TrialRecord] {
        let storage = try await TestStorages.open(url)
        let t = try await Study.load(name, storage: storage).trials()
        await storage.close()
        return t
    }

    @Test(arguments: Backend.allCases)
    func commandThatCannotStartBurnsNothing(_ backend: Backend) async throws {
        if backend == .postgres && !TestStorages.postgresEnabled { return }
        let (url, name) = try study(backend, budget: 10)
        let run = try NaswiftBinary.run(["worker", "--study", name, "--storage", url, "--", "pyhton-naswift-typo", "train.py"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("the command failed 3 times in a row") && run.stderr.contains("went back to the queue"), "\(run.stderr)")
        #expect(run.stderr.contains("command 'pyhton-naswift-typo' was not found"), "\(run.stderr)")
        let t = try await trials(url, name)
        #expect(t.count == 3 && t.allSatisfy { $0.state == .queued && $0.attempts == 0 && $0.worker == nil }, "\(t)")
        #expect(t.allSatisfy { $0.message?.contains("was not found") == true })
        // A fixed command then finishes the study, starting with those trials.
        let ok = try NaswiftBinary.run(["worker", "--study", name, "--storage", url, "--", "sh", "-c", "echo '{\"value\": 1}'"])
        #expect(ok.status == 0, "\(ok.stderr)")
        let done = try await trials(url, name)
        #expect(done.count == 10 && done.allSatisfy { $0.state == .complete && $0.value == 1 })
        #expect(done.prefix(3).map(\.attempts) == [1, 1, 1])
    }

    @Test(arguments: Backend.allCases)
    func failingCommandStopsAfterTheLimit(_ backend: Backend) async throws {
        if backend == .postgres && !TestStorages.postgresEnabled { return }
        let (url, name) = try study(backend, budget: 10)
        let run = try NaswiftBinary.run(["worker", "--study", name, "--storage", url, "--max-consecutive-failures", "2",
                                         "--", "sh", "-c", "echo 'ImportError: no module named torch' >&2; exit 1"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("failed 2 times in a row (--max-consecutive-failures 2)") && run.stderr.contains("ImportError"),
                "\(run.stderr)")
        let t = try await trials(url, name)
        #expect(t.count == 2 && t.allSatisfy { $0.state == .queued && $0.attempts == 0 }, "\(t)")
        #expect(!t.contains { $0.state == .failed })
    }
}
