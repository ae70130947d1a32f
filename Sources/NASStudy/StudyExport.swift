import Foundation
import NASCore

/// Formats of `naswift study export`.
public enum ExportFormat: String, Sendable, CaseIterable {
    case csv, jsonl
}

/// One record per trial, for `study export` / `study list`: `id`, `number`, `state`,
/// `architecture`, `value` (null unless complete), `attempts`, `worker`, `created_at`,
/// `started_at`, `finished_at` (seconds since 1970, UTC), `message`.
public enum StudyExport {
    public static let columns = ["id", "number", "state", "architecture", "value", "attempts", "worker",
                                 "created_at", "started_at", "finished_at", "message"]

    public static func render(_ trials: [TrialRecord], format: ExportFormat) -> String {
        switch format {
        case .csv:
            var out = columns.joined(separator: ",") + "\n"
            for t in trials {
                let fields = [String(t.id), String(t.number), t.state.rawValue, t.architecture, t.value.map(number) ?? "",
                              String(t.attempts), t.worker ?? "", number(t.createdAt), t.startedAt.map(number) ?? "",
                              t.finishedAt.map(number) ?? "", t.message ?? ""]
                out += fields.map(csvField).joined(separator: ",") + "\n"
            }
            return out
        case .jsonl:
            return trials.map(jsonLine).map { $0 + "\n" }.joined()
        }
    }

    /// Shortest round-trip decimal form.
    static func number(_ v: Double) -> String { "\(v)" }

    static func csvField(_ s: String) -> String { TextEscaping.csvField(s) }

    /// A JSON string literal.
    static func jsonString(_ s: String) -> String { TextEscaping.jsonString(s) }

    static func jsonLine(_ t: TrialRecord) -> String {
        func opt(_ v: Double?) -> String { v.map(JSONText.number) ?? "null" }
        let fields: [(String, String)] = [
            ("id", String(t.id)), ("number", String(t.number)), ("state", jsonString(t.state.rawValue)),
            ("architecture", jsonString(t.architecture)), ("value", opt(t.value)), ("attempts", String(t.attempts)),
            ("worker", t.worker.map(jsonString) ?? "null"), ("created_at", JSONText.number(t.createdAt)),
            ("started_at", opt(t.startedAt)), ("finished_at", opt(t.finishedAt)),
            ("message", t.message.map(jsonString) ?? "null"),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }
}
