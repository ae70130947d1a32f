import Foundation

/// Runs a child process to completion, collecting its output, without blocking Swift
/// concurrency's cooperative threads (pipes are drained on dedicated threads; the exit is awaited
/// through `Process.terminationHandler`, no thread at all).
///
/// The child runs in its own process group (Foundation's `Process` makes it a group leader), so
/// a terminal's Ctrl-C does not reach it: the worker forwards SIGTERM / SIGINT to every running
/// child's group (`StopSignal`), a `timeout` terminates the group, and when the command ends its
/// group is killed, so no grandchild outlives its trial.
enum CommandRunner {
    struct Result: Sendable {
        var status: Int32
        /// True when the process was killed by a signal (`status` is then the signal number).
        var signalled: Bool
        var stdout: String
        var stderr: String
        /// True when the command ran past `timeout` and its group was terminated.
        var timedOut = false
    }

    /// Seconds between SIGTERM and SIGKILL when a group is terminated.
    static let killGrace = 5.0

    /// Runs `arguments` (the first one looked up in `$PATH` via /usr/bin/env) with `environment`.
    /// Throws only when the process cannot be started at all.
    static func run(_ arguments: [String], environment: [String: String], directory: URL? = nil,
                    timeout: Double? = nil) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        // Foundation calls the handler once it has reaped the child. (`waitUntilExit` on Linux polls
        // a run loop that has no sources: it kept a core busy for as long as the command ran.)
        let exited = ExitSignal()
        process.terminationHandler = { _ in exited.fire() }
        try process.run()
        let group = ChildGroup(pid: process.processIdentifier)
        RunningChildren.shared.add(group)
        if StopSignal.isRequested { group.terminate() }  // a signal arrived while starting
        if let timeout {
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if group.terminate() { group.markTimedOut() }
            }
        }
        async let o = drain(out.fileHandleForReading)
        async let e = drain(err.fileHandleForReading)
        await exited.wait()
        // The leader is gone: end whatever it left in its group (background jobs holding the pipes
        // open would otherwise keep the drains, and the trial, waiting).
        group.finish()
        let (stdout, stderr) = await (o, e)
        RunningChildren.shared.remove(group)
        return Result(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                      stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
                      timedOut: group.timedOut)
    }

    private static func drain(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { (c: CheckedContinuation<Data, Never>) in
            Thread.detachNewThread {
                let data = (try? handle.readToEnd()) ?? Data()
                c.resume(returning: data)
            }
        }
    }
}

/// A child's exit, awaited without a thread: `fire` (from `Process.terminationHandler`) may come
/// before or after `wait` starts.
final class ExitSignal: @unchecked Sendable {
    // @unchecked: the mutable state is only touched under `lock`.
    private let lock = NSLock()
    private var fired = false
    private var waiter: CheckedContinuation<Void, Never>?

    func fire() {
        lock.lock()
        fired = true
        let w = waiter
        waiter = nil
        lock.unlock()
        w?.resume()
    }

    func wait() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            lock.lock()
            if fired {
                lock.unlock()
                c.resume()
            } else {
                waiter = c
                lock.unlock()
            }
        }
    }
}

/// One child's process group (pgid = the child's pid).
final class ChildGroup: @unchecked Sendable {
    // @unchecked: the mutable flags are only touched under `lock`.
    let pid: pid_t
    private let lock = NSLock()
    private var finished = false
    private var timedOutFlag = false

    init(pid: pid_t) { self.pid = pid }

    var timedOut: Bool { lock.lock(); defer { lock.unlock() }; return timedOutFlag }
    func markTimedOut() { lock.lock(); timedOutFlag = true; lock.unlock() }

    /// SIGTERM to the group, SIGKILL after the grace period if the leader is still running.
    /// False when the command had already ended.
    @discardableResult
    func terminate() -> Bool {
        lock.lock()
        let done = finished
        if !done { kill(-pid, SIGTERM) }
        lock.unlock()
        if done { return false }
        DispatchQueue.global().asyncAfter(deadline: .now() + CommandRunner.killGrace) { [self] in
            lock.lock()
            if !finished { kill(-pid, SIGKILL) }
            lock.unlock()
        }
        return true
    }

    /// The leader exited: SIGKILL what is left of its group (nothing, usually).
    func finish() {
        lock.lock()
        finished = true
        kill(-pid, SIGKILL)
        lock.unlock()
    }
}

/// The process groups of the commands running now (one per trial being evaluated).
final class RunningChildren: @unchecked Sendable {
    // @unchecked: `groups` is only touched under `lock`.
    static let shared = RunningChildren()
    private let lock = NSLock()
    private var groups: [ObjectIdentifier: ChildGroup] = [:]

    func add(_ g: ChildGroup) { lock.lock(); groups[ObjectIdentifier(g)] = g; lock.unlock() }
    func remove(_ g: ChildGroup) { lock.lock(); groups[ObjectIdentifier(g)] = nil; lock.unlock() }

    func terminateAll() {
        lock.lock()
        let all = Array(groups.values)
        lock.unlock()
        for g in all { g.terminate() }
    }
}

/// SIGTERM / SIGINT handling for workers: the first signal is recorded (`isRequested`, `signal`)
/// and forwarded to every running command's process group; the worker then puts its trial back
/// in the queue and exits non-zero. A second signal exits at once.
public enum StopSignal {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var received: Int32 = 0
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// The signal received (SIGTERM or SIGINT), or nil.
    public static var signal: Int32? { lock.lock(); defer { lock.unlock() }; return received == 0 ? nil : received }
    public static var isRequested: Bool { signal != nil }

    /// Installs the handlers (once per process).
    public static func install() {
        lock.lock()
        defer { lock.unlock() }
        guard sources.isEmpty else { return }
        for sig in [SIGTERM, SIGINT] {
            Foundation.signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                lock.lock()
                let first = received == 0
                if first { received = sig }
                lock.unlock()
                if !first { exit(128 + sig) }
                FileHandle.standardError.write(Data(("naswift worker: received \(sig == SIGTERM ? "SIGTERM" : "SIGINT"); "
                    + "stopping the training command and putting its trial back in the queue (again to exit at once)\n").utf8))
                RunningChildren.shared.terminateAll()
            }
            source.resume()
            sources.append(source)
        }
    }
}
