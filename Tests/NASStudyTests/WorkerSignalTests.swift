import Foundation
import NASCore
import Testing
@testable import NASStudy

/// Issue 18, finding 6: SIGTERM / SIGINT to a worker stop its training command's whole process
/// group (the command runs in its own group, which a terminal's Ctrl-C does not reach), the trial
/// goes back to the queue and the worker exits 128 + signal; `--trial-timeout` ends a hung
/// command and fails its trial. Every trial ends told exactly once, no process is left behind.
@Suite("Workers: signals and trial timeouts", .serialized)
struct WorkerSignalTests {
    /// Processes of group `pgid` that are still alive (zombies excluded), from /proc.
    static func liveMembers(of pgid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && fields[0] != "Z" && Int32(fields[2]) == pgid
        }
    }

    /// The command: records its process group, starts a background child that ignores SIGTERM,
    /// then hangs (trial numbers in `hang`) until the worker ends it, or answers at once. The hang
    /// outlasts any test: a bounded one (it was 120 s) can end by itself before a test thread,
    /// starved by other suites on a loaded machine, gets to send its signal.
    static func trainer(_ dir: URL, hang: String) -> [String] {
        ["sh", "-c", """
            case " \(hang) " in *" $NASWIFT_TRIAL_NUMBER "*)
              (trap '' TERM; sleep 3600) &
              echo $$ > \(dir.path)/group.tmp && mv \(dir.path)/group.tmp \(dir.path)/group-$NASWIFT_TRIAL_NUMBER
              sleep 3600 ;;
            esac
            echo "{\\"value\\": $NASWIFT_TRIAL_NUMBER}"
            """]
    }

    func setUp(_ backend: Backend, budget: Int) throws -> (url: String, name: String, dir: URL) {
        let url = try TestStorages.url(backend)
        let name = TestStorages.uniqueName("signal")
        let create = try NaswiftBinary.run(["study", "create", name, "--space", "nb201", "--metric", "acc", "--direction", "max",
                                            "--budget", "\(budget)", "--storage", url])
        try #require(create.status == 0, "\(create.stderr)")
        return (url, name, try TestStorages.tempDir())
    }

    func trials(_ url: String, _ name: String) async throws -> [TrialRecord] {
        let storage = try await TestStorages.open(url)
        defer { Task { await storage.close() } }
        return try await Study.load(name, storage: storage).trials()
    }

    @Test(arguments: [(Backend.sqlite, SIGTERM), (.sqlite, SIGINT), (.postgres, SIGTERM)])
    func signalRequeuesTheTrialAndStopsTheGroup(_ backend: Backend, _ sig: Int32) async throws {
        if backend == .postgres && !TestStorages.postgresEnabled { return }
        let (url, name, dir) = try setUp(backend, budget: 4)
        let worker = try NaswiftBinary.start(["worker", "--study", name, "--storage", url, "--"] + Self.trainer(dir, hang: "2"),
                                             logs: dir, tag: "w")
        let groupFile = dir.appendingPathComponent("group-2")
        let deadline = Date().addingTimeInterval(600)
        // Blocking sleeps, not Task.sleep: a suspended test waits for a free cooperative thread, and
        // other suites can hold both of them for longer than the command hangs (seen in CI: 3600 s).
        while !FileManager.default.fileExists(atPath: groupFile.path) && Date() < deadline { usleep(50_000) }
        usleep(200_000)
        let pgid = try #require(Int32(try String(contentsOf: groupFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        defer { kill(-pgid, SIGKILL); if worker.isRunning { worker.terminate() } }  // nothing outlives a failed check
        #expect(Self.liveMembers(of: pgid).count >= 2)
        kill(worker.processIdentifier, sig)
        let sent = Date()
        worker.waitUntilExit()
        #expect(worker.terminationStatus == 128 + sig, "exit \(worker.terminationStatus)")
        #expect(Date().timeIntervalSince(sent) < CommandRunner.killGrace + 5)
        usleep(300_000)
        #expect(Self.liveMembers(of: pgid).isEmpty, "left running: \(Self.liveMembers(of: pgid))")
        let log = try String(contentsOf: dir.appendingPathComponent("w.out"), encoding: .utf8)
        #expect(log.contains("put back in the queue (worker stopping)"), "\(log)")
        var t = try await trials(url, name)
        #expect(t.map(\.state) == [.complete, .complete, .queued], "\(t.map(\.state))")
        #expect(t[2].attempts == 0 && t[2].worker == nil && t[2].message?.contains("stopped by a signal") == true)
        // Another worker finishes the study: every trial told exactly once, none lost.
        let rest = try NaswiftBinary.run(["worker", "--study", name, "--storage", url, "--"] + Self.trainer(dir, hang: ""))
        #expect(rest.status == 0, "\(rest.stderr)")
        t = try await trials(url, name)
        #expect(t.count == 4 && t.allSatisfy { $0.state == .complete } && t.map(\.value) == [0, 1, 2, 3], "\(t)")
        #expect(t[2].attempts == 1)
    }

    @Test(arguments: Backend.allCases)
    func hungCommandIsEndedByTheTrialTimeout(_ backend: Backend) async throws {
        if backend == .postgres && !TestStorages.postgresEnabled { return }
        let (url, name, dir) = try setUp(backend, budget: 4)
        let started = Date()
        let run = try NaswiftBinary.run(["worker", "--study", name, "--storage", url, "--trial-timeout", "1.5", "--"]
                                        + Self.trainer(dir, hang: "1"))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Date().timeIntervalSince(started) < 60)
        let t = try await trials(url, name)
        #expect(t.map(\.state) == [.complete, .failed, .complete, .complete], "\(t.map(\.state))")
        #expect(t[1].message?.contains("ran past the trial timeout of 1.5 s") == true, "\(t[1].message ?? "")")
        let pgid = try #require(Int32(try String(contentsOf: dir.appendingPathComponent("group-1"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        defer { kill(-pgid, SIGKILL) }
        #expect(Self.liveMembers(of: pgid).isEmpty, "left running: \(Self.liveMembers(of: pgid))")
        let bad = try NaswiftBinary.run(["worker", "--study", name, "--storage", url, "--trial-timeout", "0", "--", "true"])
        #expect(bad.status != 0 && bad.stderr.contains("--trial-timeout must be a positive number of seconds"))
    }
}
