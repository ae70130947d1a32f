import ArgumentParser
import Foundation
import NASCore

/// The `--json FILE` option of every `naswift bench` command and the one writer behind it.
struct BenchOutput: ParsableArguments {
    @Option(help: "Also write the figures as JSON to this file.")
    var json: String?

    /// Writes `object` (a JSON-serialisable dictionary or array) pretty-printed with sorted keys,
    /// when `--json` was given.
    func write(_ object: Any) throws {
        guard json != nil else { return }
        try write { try JSONText.serialize(object, what: "the bench figures") }
    }

    /// Writes an `Encodable` value the same way.
    func write<E: Encodable>(encodable value: E) throws {
        guard json != nil else { return }
        try write { try JSONText.encode(value, what: "the bench figures") }
    }

    private func write(_ data: () throws -> Data) throws {
        guard let json else { return }
        try FileChecks.prepareOutput(json, option: "--json")
        do {
            try data().write(to: URL(fileURLWithPath: json))
        } catch let e as NaswiftError {
            throw e
        } catch {
            throw NaswiftError(.io, "cannot write \(json): \(FileChecks.describe(error))",
                               hint: "check the directory exists and is writable")
        }
    }
}
