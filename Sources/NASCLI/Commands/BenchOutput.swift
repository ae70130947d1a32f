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
        guard let json else { return }
        do {
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: URL(fileURLWithPath: json))
        } catch {
            throw NaswiftError(.io, "cannot write \(json): \(error.localizedDescription)",
                               hint: "check the directory exists and is writable")
        }
    }
}
