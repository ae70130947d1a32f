import Foundation
import Testing

/// Runs the built `naswift` executable (next to the test bundle in .build/<config>/) as a child
/// process, the way users and CI run it.
enum NaswiftBinary {
    static var url: URL {
        get throws {
            var candidates: [URL] = []
            if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent()) }
            candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
            for dir in candidates {
                var d = dir
                for _ in 0..<4 {  // the bundle may be nested (…/naswiftPackageTests.xctest/Contents/MacOS)
                    let u = d.appendingPathComponent("naswift")
                    var isDir: ObjCBool = false
                    if FileManager.default.fileExists(atPath: u.path, isDirectory: &isDir), !isDir.boolValue { return u }
                    d = d.deletingLastPathComponent()
                }
            }
            throw NSError(domain: "naswift-tests", code: 1, userInfo: [NSLocalizedDescriptionKey:
                "the naswift executable was not found next to the test bundle; build it with `swift build --build-tests`"])
        }
    }

    struct Output: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs naswift to completion.
    static func run(_ arguments: [String], environment: [String: String] = [:], removing: [String] = []) throws -> Output {
        let dir = try TestStorages.tempDir()
        let p = try start(arguments, environment: environment, removing: removing, logs: dir, tag: "run")
        p.waitUntilExit()
        return Output(status: p.terminationStatus,
                      stdout: (try? String(contentsOf: dir.appendingPathComponent("run.out"), encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: dir.appendingPathComponent("run.err"), encoding: .utf8)) ?? "")
    }

    /// Starts naswift with stdout/stderr going to `logs/<tag>.out` and `.err`.
    static func start(_ arguments: [String], environment: [String: String] = [:], removing: [String] = [], logs: URL,
                      tag: String) throws -> Process {
        let p = Process()
        p.executableURL = try url
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        for k in removing { env[k] = nil }
        p.environment = env
        let out = logs.appendingPathComponent("\(tag).out"), err = logs.appendingPathComponent("\(tag).err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return p
    }
}
