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
    public static func parse(stdout: String, metric: String) -> Result<Double, MetricLineError> {
        for raw in stdout.split(whereSeparator: \.isNewline).reversed() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("{"), line.hasSuffix("}"),
                  let obj = try? JSONDecoder().decode([String: Scalar].self, from: Data(line.utf8)) else { continue }
            for key in ["value", metric] {
                guard let v = obj[key] else { continue }
                if case .number(let d) = v { return .success(d) }
                return .failure(MetricLineError("the last JSON line \(line) has a non-numeric \"\(key)\""))
            }
            return .failure(MetricLineError("the last JSON line \(line) has no numeric \"value\" (or \"\(metric)\")"))
        }
        return .failure(MetricLineError("the command printed no JSON line with the metric on stdout "
                                        + "(its last JSON line must look like {\"value\": 93.1})"))
    }
}

/// Why a command's output held no metric.
public struct MetricLineError: Error, Equatable, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
}
