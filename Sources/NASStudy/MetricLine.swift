import Foundation

/// Reads a training command's metric from its standard output: the LAST line that is a JSON
/// object, e.g. `{"value": 93.1}` (the key `value`, or the study's metric name such as
/// `{"val_acc": 93.1}`). Earlier JSON lines (progress logs) are ignored.
public enum MetricLine {
    /// A JSON value as far as the metric is concerned: a number, or anything else.
    private enum Scalar: Decodable {
        case number(Double), other

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if (try? c.decode(Bool.self)) != nil { self = .other; return }
            if let d = try? c.decode(Double.self) { self = .number(d); return }
            self = .other
        }
    }

    /// The metric, or a message saying what is wrong with the output.
    ///
    /// The metric must be a finite number: `{"value": 1e999}` (beyond a double), `{"value": NaN}`
    /// or `{"value": Infinity}` (not JSON, as Python's `json.dumps` writes them) are named as
    /// such, not as a missing line.
    public static func parse(stdout: String, metric: String) -> Result<Double, MetricLineError> {
        for raw in stdout.split(whereSeparator: \.isNewline).reversed() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("{"), line.hasSuffix("}") else { continue }
            guard let obj = try? JSONDecoder().decode([String: Scalar].self, from: Data(line.utf8)) else {
                // Not valid JSON: a non-finite metric (NaN, Infinity, 1e999) is named; anything
                // else is a log line in braces and skipped.
                for key in ["value", metric] {
                    if let token = rawToken(of: key, in: line), let why = nonFinite(token) {
                        return .failure(MetricLineError("the last JSON line \(line) has \"\(key)\": \(token), \(why)"
                                                        + "; print a finite number, or exit non-zero to mark the trial failed"))
                    }
                }
                continue
            }
            for key in ["value", metric] {
                guard let v = obj[key] else { continue }
                if case .number(let d) = v {
                    if d.isFinite { return .success(d) }
                    return .failure(MetricLineError("the last JSON line \(line) has \"\(key)\": \(d), which is not a finite number"))
                }
                if let token = rawToken(of: key, in: line), let why = nonFinite(token) {
                    return .failure(MetricLineError("the last JSON line \(line) has \"\(key)\": \(token), \(why)"
                                                    + "; print a finite number, or exit non-zero to mark the trial failed"))
                }
                return .failure(MetricLineError("the last JSON line \(line) has a non-numeric \"\(key)\""))
            }
            return .failure(MetricLineError("the last JSON line \(line) has no numeric \"value\" (or \"\(metric)\")"))
        }
        return .failure(MetricLineError("the command printed no JSON line with the metric on stdout "
                                        + "(its last JSON line must look like {\"value\": 93.1})"))
    }

    /// The text after `"key":` up to the next `,` or `}` (trimmed), or nil.
    static func rawToken(of key: String, in line: String) -> String? {
        guard let k = line.range(of: "\"\(key)\"") else { return nil }
        var rest = line[k.upperBound...].drop { $0 == " " || $0 == "\t" }
        guard rest.first == ":" else { return nil }
        rest = rest.dropFirst()
        let token = rest.prefix { $0 != "," && $0 != "}" }.trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    /// Why `token` is a non-finite number (NaN, Infinity, a decimal beyond a double), or nil.
    static func nonFinite(_ token: String) -> String? {
        let bare = token.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "+-"))
        if bare == "nan" { return "which is not a number (JSON has no NaN)" }
        if bare == "infinity" || bare == "inf" { return "which is not a finite number (JSON has no Infinity)" }
        if let d = Double(token), !d.isFinite, token.unicodeScalars.allSatisfy({ "0123456789+-.eE".unicodeScalars.contains($0) }) {
            return "which is beyond the range of a double (about 1.8e308)"
        }
        return nil
    }
}

/// Why a command's output held no metric.
public struct MetricLineError: Error, Equatable, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
}
