import Foundation

/// The one way tests start a python interpreter: runs `interpreter arguments...` with optional
/// standard input, reads stdout and stderr concurrently (large outputs cannot deadlock), and throws
/// with python's stderr when it exits non-zero.
public enum PythonProcess {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The interpreter's standard output.
    public static func run(_ arguments: [String], interpreter: String = "python3", input: Data? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [interpreter] + arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        nonisolated(unsafe) var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData = stdout.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = stderr.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if let input {
            stdin.fileHandleForWriting.write(input)
            try stdin.fileHandleForWriting.close()
        }
        group.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(interpreter) failed (status \(process.terminationStatus)): "
                          + String(decoding: errData, as: UTF8.self))
        }
        return outData
    }

    /// `run` with the output decoded as UTF-8 text.
    public static func text(_ arguments: [String], interpreter: String = "python3", input: Data? = nil) throws -> String {
        String(decoding: try run(arguments, interpreter: interpreter, input: input), as: UTF8.self)
    }
}
