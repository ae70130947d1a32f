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
        try write { try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]) }
    }

    /// Writes an `Encodable` value the same way.
    func write<E: Encodable>(encodable value: E) throws {
        guard json != nil else { return }
        try write {
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys]
            return try e.encode(value)
        }
    }

    private func write(_ data: () throws -> Data) throws {
        guard let json else { return }
        do {
            try data().write(to: URL(fileURLWithPath: json))
        } catch {
            throw NaswiftError(.io, "cannot write \(json): \(error.localizedDescription)",
                               hint: "check the directory exists and is writable")
        }
    }
}
