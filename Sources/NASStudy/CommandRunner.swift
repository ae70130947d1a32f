import Foundation

/// Runs a child process to completion, collecting its output, without blocking Swift
/// concurrency's cooperative threads (pipes are drained and the exit awaited on dedicated threads).
enum CommandRunner {
    struct Result: Sendable {
        var status: Int32
        /// True when the process was killed by a signal (`status` is then the signal number).
        var signalled: Bool
        var stdout: String
        var stderr: String
    }

    /// Runs `arguments` (the first one looked up in `$PATH` via /usr/bin/env) with `environment`.
    /// Throws only when the process cannot be started at all.
    static func run(_ arguments: [String], environment: [String: String], directory: URL? = nil) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        async let o = drain(out.fileHandleForReading)
        async let e = drain(err.fileHandleForReading)
        let (stdout, stderr) = await (o, e)
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                process.waitUntilExit()
                c.resume()
            }
        }
        return Result(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                      stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
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
