import Foundation
import NASCore
import NASSpaces
import Testing
@testable import NASStudy

/// A training command for tests: answers the NB201 cell's code (read from the NASWIFT_ARCH_JSON
/// file) after a short "training" delay, so every stored value can be checked against its
/// architecture. Trials numbered 100 and up wait for the file $NASWIFT_TEST_GATE (when set), so a
/// test can catch every worker mid-trial however slowly the test itself gets scheduled. With
/// $NASWIFT_TEST_HANG_ONCE set, the first trial it runs writes its process group there and hangs.
let codeTrainer = ["sh", "-c", """
    if [ -n "$NASWIFT_TEST_HANG_ONCE" ] && [ ! -f "$NASWIFT_TEST_HANG_ONCE" ]; then
      echo $$ > "$NASWIFT_TEST_HANG_ONCE"; sleep 600
    fi
    sleep 0.04
    if [ -n "$NASWIFT_TEST_GATE" ] && [ "$NASWIFT_TRIAL_NUMBER" -ge 100 ]; then
      while [ ! -f "$NASWIFT_TEST_GATE" ]; do sleep 0.05; done
    fi
    read -r json < "$NASWIFT_ARCH_JSON"
    code=${json##*\\"code\\":}
    code=${code%\\}}
    echo '{"epoch": 1, "loss": 0.5}'
    echo "{\\"value\\": $code}"
    """]

/// The worker acceptance tests: real `naswift worker` processes against SQLite and PostgreSQL.
@Suite("Study workers (processes)", .serialized)
struct WorkerProcessTests {
    /// 8 concurrent worker processes share a 500-trial study; 2 are SIGKILLed while they hold a
    /// trial and replaced by 2 new processes, a third is sent SIGTERM, and one more worker runs with
    /// `--trial-timeout` a command that hangs on its first trial. Every trial is told exactly once:
    /// all complete with the value of its own architecture except the hung one (failed by the
    /// timeout, its process group gone); the killed workers' trials were re-queued after the
    /// heartbeat timeout, the SIGTERMed worker's at once (it exits 143), and finished by others.
    @Test(arguments: Backend.allCases)
    func eightWorkersSurviveKills(_ backend: Backend) async throws {
        if backend == .postgres && !TestStorages.postgresEnabled { return }
        let url = try TestStorages.url(backend)
        let name = TestStorages.uniqueName("accept")
        let budget = 500
        let create = try NaswiftBinary.run(["study", "create", name, "--space", "nb201", "--strategy", "random",
                                            "--metric", "code", "--direction", "max", "--budget", "\(budget)",
                                            "--heartbeat-timeout", "4", "--max-attempts", "10", "--storage", url])
        try #require(create.status == 0, "\(create.stderr)")
        let logs = try TestStorages.tempDir()
        let gate = logs.appendingPathComponent("gate")
        let hang = logs.appendingPathComponent("hang-group")
        func worker(_ tag: String, timeout: Bool = false) throws -> Process {
            try NaswiftBinary.start(["worker", "--study", name, "--storage", url, "--worker-id", tag,
                                     "--poll-interval", "0.2"] + (timeout ? ["--trial-timeout", "3"] : []) + ["--"] + codeTrainer,
                                    environment: ["NASWIFT_TEST_GATE": gate.path].merging(timeout ? ["NASWIFT_TEST_HANG_ONCE": hang.path] : [:]) { a, _ in a },
                                    logs: logs, tag: tag)
        }
        var workers: [String: Process] = [:]
        for i in 0..<8 { workers["w\(i)"] = try worker("w\(i)") }

        let storage = try await TestStorages.open(url)
        let study = try await storage.study(named: name)
        // Trials 0..<100 run freely; from trial 100 on, the trainer waits for the gate, so soon all
        // 8 workers hold a running trial.
        let deadline = Date().addingTimeInterval(300)  // generous: CI machines may be saturated
        var running: [TrialRecord] = []
        while Date() < deadline {
            running = try await storage.trials(studyID: study.id).filter { $0.state == .running && $0.number >= 100 }
            if running.count == 8 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        try #require(running.count == 8, "workers did not all reach the gate: \(running.count) waiting")
        #expect(try await storage.trials(studyID: study.id).count { $0.state == .complete } == 100)
        // SIGKILL two workers in mid-trial, then open the gate and start two replacements.
        var killed: [String: Int64] = [:]
        for t in running.sorted(by: { $0.id < $1.id }).prefix(2) {
            let w = try #require(t.worker)
            let p = try #require(workers[w])
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            killed[w] = t.id
            let after = try await storage.trial(id: t.id)
            #expect(after.state == .running && after.worker == w)
        }
        // SIGTERM a third: its command's group is stopped, its trial re-queued at once, exit 143.
        let termTrial = try #require(running.sorted(by: { $0.id < $1.id }).dropFirst(2).first)
        let termed = try #require(termTrial.worker)
        let termProcess = try #require(workers[termed])
        kill(termProcess.processIdentifier, SIGTERM)
        termProcess.waitUntilExit()
        #expect(termProcess.terminationStatus == 128 + SIGTERM)
        let requeued = try await storage.trial(id: termTrial.id)
        #expect(requeued.state == .queued && requeued.worker == nil, "\(requeued)")
        let dead = Set(killed.keys).union([termed])
        FileManager.default.createFile(atPath: gate.path, contents: nil)
        for i in 1...2 { workers["r\(i)"] = try worker("r\(i)") }
        workers["t1"] = try worker("t1", timeout: true)
        for (tag, p) in workers where !dead.contains(tag) {
            while p.isRunning {
                if Date() > deadline { p.terminate() }
                try await Task.sleep(for: .milliseconds(50))
            }
            let err = (try? String(contentsOf: logs.appendingPathComponent("\(tag).err"), encoding: .utf8)) ?? ""
            #expect(p.terminationStatus == 0, "worker \(tag) exited \(p.terminationStatus): \(err)")
        }

        let trials = try await storage.trials(studyID: study.id)
        await storage.close()
        #expect(trials.count == budget)
        #expect(trials.map(\.number) == Array(0..<budget))
        let failed = trials.filter { $0.state != .complete }
        #expect(failed.count == 1 && failed.first?.state == .failed && failed.first?.worker == "t1", "\(failed)")
        #expect(failed.first?.message?.contains("ran past the trial timeout of 3.0 s") == true)
        let hungGroup = try #require(Int32(try String(contentsOf: hang, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(WorkerSignalTests.liveMembers(of: hungGroup).isEmpty)
        #expect(Set(trials.map(\.architecture)).count == budget)
        let space = NB201Space()
        let wrongValues = trials.filter { t in t.state == .complete && (try? space.parse(t.architecture)).map { Double($0.code) } != t.value }
        #expect(wrongValues.isEmpty, "values not matching their architecture: \(wrongValues.prefix(3))")
        for (w, id) in killed {
            let t = try #require(trials.first { $0.id == id })
            #expect(t.attempts >= 2, "trial \(id) of killed worker \(w) was not re-claimed")
            #expect(t.worker != w)
            #expect(t.message?.contains("\(w) stopped heartbeating") == true)
        }
        // Told exactly once: every trial appears in exactly one worker's "complete" line.
        var tellCount: [Int64: Int] = [:]
        var discarded = 0
        for tag in workers.keys {
            let out = try String(contentsOf: logs.appendingPathComponent("\(tag).out"), encoding: .utf8)
            for line in out.split(separator: "\n") {
                let f = line.split(separator: " ")
                if f.count > 3, f[0] == "trial", f[3] == "complete", let id = Int64(f[1]) { tellCount[id, default: 0] += 1 }
                if line.contains("DISCARDED") { discarded += 1 }
            }
        }
        #expect(tellCount.count == budget - 1)
        #expect(tellCount.values.allSatisfy { $0 == 1 })
        #expect(Set(tellCount.keys) == Set(trials.filter { $0.state == .complete }.map(\.id)))
        for id in killed.values { #expect(tellCount[id] == 1) }
        #expect(tellCount[termTrial.id] == 1)
        let timeoutLog = try String(contentsOf: logs.appendingPathComponent("t1.out"), encoding: .utf8)
        #expect(timeoutLog.components(separatedBy: "FAILED").count - 1 == 1, "\(timeoutLog.suffix(2000))")
        print("[\(backend)] 500 trials by 8 workers + 2 replacements + 1 timeout worker; SIGTERMed \(termed); killed mid-trial \(killed.sorted { $0.key < $1.key }); "
              + "re-claimed trials: \(trials.filter { $0.attempts > 1 }.count); discarded late results: \(discarded)")
    }

    /// A command that fails (non-zero exit) or prints no metric fails its trial with the stderr
    /// kept; the worker goes on to the next trial and exits 0 at the end of the budget.
    @Test(arguments: Backend.allCases)
    func failingCommandsFailTrialsAndWorkerGoesOn(_ backend: Backend) async throws {
        if backend == .postgres && !TestStorages.postgresEnabled { return }
        let url = try TestStorages.url(backend)
        let name = TestStorages.uniqueName("failing")
        let create = try NaswiftBinary.run(["study", "create", name, "--space", "nb201", "--metric", "acc",
                                            "--direction", "min", "--budget", "6", "--storage", url])
        try #require(create.status == 0, "\(create.stderr)")
        let trainer = ["sh", "-c", """
            case "$NASWIFT_TRIAL_NUMBER" in
              1) echo "CUDA out of memory on trial $NASWIFT_TRIAL_NUMBER" >&2; exit 7 ;;
              3) echo "training log without a metric"; echo "warning: diverged" >&2 ;;
              4) echo '{"acc": "high"}' ;;
              *) echo "{\\"acc\\": $NASWIFT_TRIAL_NUMBER.25}" ;;
            esac
            """]
        let run = try NaswiftBinary.run(["worker", "--study", name, "--storage", url, "--"] + trainer)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("4 complete") == false)
        #expect(run.stdout.contains("3 complete, 3 failed"))
        let storage = try await TestStorages.open(url)
        let study = try await Study.load(name, storage: storage)
        let trials = try await study.trials()
        await storage.close()
        #expect(trials.map(\.state) == [.complete, .failed, .complete, .failed, .failed, .complete])
        #expect(trials.map(\.value) == [0.25, nil, 2.25, nil, nil, 5.25])
        #expect(trials[1].message?.contains("exited with status 7") == true)
        #expect(trials[1].message?.contains("CUDA out of memory on trial 1") == true)
        #expect(trials[3].message?.contains("printed no JSON line") == true)
        #expect(trials[3].message?.contains("warning: diverged") == true)
        #expect(trials[4].message?.contains("non-numeric \"acc\"") == true)
        #expect(run.stdout.contains("FAILED") && run.stdout.contains("CUDA out of memory"))
        #expect(Study.best(of: trials, direction: .minimize)?.value == 0.25)
    }

    /// A worker waiting for its command uses next to no CPU: the command reads the worker's CPU
    /// time (`/proc/<parent>/stat`, user + system ticks) before and after a 4 s sleep and reports
    /// the difference as its metric. (Foundation's `waitUntilExit` kept a core busy for the whole
    /// command: 9.3 CPU-s over a 10 s command.)
    @Test func workerIdlesWhileItsCommandRuns() async throws {
        let url = try TestStorages.url(.sqlite)
        let name = TestStorages.uniqueName("idle")
        let create = try NaswiftBinary.run(["study", "create", name, "--space", "nb201", "--metric", "cpu_s",
                                            "--direction", "min", "--budget", "1", "--storage", url])
        try #require(create.status == 0, "\(create.stderr)")
        let trainer = ["sh", "-c", """
            [ "$(cat /proc/$PPID/comm)" = naswift ] || { echo "parent is $(cat /proc/$PPID/comm), not the worker" >&2; exit 9; }
            t0=$(awk '{print $14 + $15}' /proc/$PPID/stat)
            sleep 4
            t1=$(awk '{print $14 + $15}' /proc/$PPID/stat)
            echo "{\\"cpu_s\\": $(awk -v d=$((t1 - t0)) -v hz=$(getconf CLK_TCK) 'BEGIN { print d / hz }')}"
            """]
        let run = try NaswiftBinary.run(["worker", "--study", name, "--storage", url, "--"] + trainer)
        #expect(run.status == 0, "\(run.stderr)")
        let storage = try await TestStorages.open(url)
        let trials = try await Study.load(name, storage: storage).trials()
        await storage.close()
        let cpu = try #require(trials.first?.value, "\(trials) \(run.stdout)")
        #expect(cpu < 0.5, "the worker used \(cpu) CPU-s while its command slept 4 s")
    }

    /// The manual loop: create, ask, tell, list, best, export, status, report through the CLI;
    /// unknown studies and wrong storage URLs give clear errors.
    @Test(arguments: Backend.allCases)
    func cliAskTellAndBadInput(_ backend: Backend) async throws {
        if backend == .postgres && !TestStorages.postgresEnabled { return }
        let url = try TestStorages.url(backend)
        let name = TestStorages.uniqueName("cli")
        func cli(_ args: [String]) throws -> NaswiftBinary.Output { try NaswiftBinary.run(args + ["--storage", url]) }
        #expect(try cli(["study", "create", name, "--space", "nb201", "--strategy", "re", "--metric", "val_acc",
                         "--direction", "max", "--budget", "3"]).status == 0)
        var ids: [Int64] = []
        for k in 0..<3 {
            let ask = try cli(["study", "ask", name, "--json"])
            try #require(ask.status == 0, "\(ask.stderr)")
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(ask.stdout.utf8)) as? [String: Any])
            let id = try #require((obj["id"] as? NSNumber)?.int64Value)
            let arch = try #require(obj["architecture"] as? String)
            let archJSON = try #require(obj["architecture_json"] as? [String: Any])
            #expect(archJSON["arch"] as? String == arch)
            _ = try NB201Space().parse(arch)
            let tell = try cli(["study", "tell", "\(id)", "--value", "\(90 + k)"])
            #expect(tell.status == 0, "\(tell.stderr)")
            ids.append(id)
        }
        let over = try cli(["study", "ask", name])
        #expect(over.status == 3)
        #expect(over.stderr.contains("budget of 3 trials reached"))
        let twice = try cli(["study", "tell", "\(ids[0])", "--value", "1"])
        #expect(twice.status != 0 && twice.stderr.contains("immutable"))
        let best = try cli(["study", "best", name])
        #expect(best.stdout.hasPrefix("trial \(ids[2]) #2 val_acc=92.0"))
        let csv = try cli(["study", "export", name, "--format", "csv"]).stdout.split(separator: "\n")
        #expect(csv.count == 4)
        #expect(csv[0].hasPrefix("id,number,state,architecture,value"))
        #expect(csv[1].hasPrefix("\(ids[0]),0,complete,|"))
        let jsonl = try cli(["study", "export", name, "--format", "jsonl"]).stdout.split(separator: "\n")
        #expect(jsonl.count == 3)
        let rec = try #require(try JSONSerialization.jsonObject(with: Data(jsonl[1].utf8)) as? [String: Any])
        #expect((rec["value"] as? NSNumber)?.doubleValue == 91 && rec["state"] as? String == "complete")
        let status = try cli(["study", "status", name])
        #expect(status.stdout.contains("3/3 finished (100%)") && status.stdout.contains("3 complete"))
        let dir = try TestStorages.tempDir()
        let report = try cli(["study", "report", name, "--out", dir.path])
        #expect(report.status == 0, "\(report.stderr)")
        let svg = try String(contentsOf: dir.appendingPathComponent("\(name).svg"), encoding: .utf8)
        #expect(svg.contains("<svg") && svg.contains("best so far") && svg.contains("trial value"))
        let md = try String(contentsOf: dir.appendingPathComponent("\(name).md"), encoding: .utf8)
        #expect(md.contains("| 1 | \(ids[2]) | 2 | 92.0 |"))

        // Bad input.
        let unknown = try cli(["study", "ask", "no-such-study"])
        #expect(unknown.status != 0 && unknown.stderr.contains("unknown study 'no-such-study'"))
        #expect(unknown.stderr.contains(name))  // the hint lists the stored studies
        // (the storage goes before `--`: everything after it is the trial command)
        let unknownWorker = try NaswiftBinary.run(["worker", "--study", "no-such-study", "--storage", url, "--", "true"])
        #expect(unknownWorker.status != 0 && unknownWorker.stderr.contains("unknown study"))
        let badSpace = try cli(["study", "create", name + "-x", "--space", "nb999", "--metric", "m", "--direction", "max"])
        #expect(badSpace.status != 0 && badSpace.stderr.contains("unknown search space 'nb999'"))
        let badStrategy = try cli(["study", "create", name + "-y", "--space", "nb201", "--strategy", "magic",
                                   "--metric", "m", "--direction", "max"])
        #expect(badStrategy.status != 0 && badStrategy.stderr.contains("unknown strategy 'magic'"))
        let dup = try cli(["study", "create", name, "--space", "nb201", "--metric", "m", "--direction", "max"])
        #expect(dup.status != 0 && dup.stderr.contains("already exists"))
        let noTrial = try cli(["study", "tell", "999999999", "--failed"])
        #expect(noTrial.status != 0 && noTrial.stderr.contains("no trial with id 999999999"))
        let both = try cli(["study", "tell", "\(ids[0])", "--value", "1", "--failed"])
        #expect(both.status != 0 && both.stderr.contains("exactly one of --value V or --failed"))
    }

    @Test func wrongStorageURLs() throws {
        let cases: [(String, String)] = [
            ("mysql://u@h/db", "unsupported storage scheme 'mysql'"),
            ("postgresql://naswift@127.0.0.1/", "must name one database"),
            ("postgresql://naswift@127.0.0.1:1/naswift_test", "cannot connect to PostgreSQL storage"),
            ("sqlite:///no/such/dir/studies.db", "no study database at /no/such/dir/studies.db"),
            ("studies.txt", "is not a URL"),
        ]
        for (url, message) in cases {
            let r = try NaswiftBinary.run(["study", "list", "--storage", url])
            #expect(r.status != 0, "\(url)")
            #expect(r.stderr.contains(message), "\(url): \(r.stderr)")
            #expect(r.stderr.contains("hint:"), "\(url): \(r.stderr)")
        }
    }
}
