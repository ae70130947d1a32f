import Foundation

/// Runs a python3 (numpy/scipy) reference computation for cross-checks in tests.
///
/// The script reads one JSON document from stdin (`inp = json.load(sys.stdin)` is prepended,
/// with `numpy as np` and `json`, `sys` imported) and must print one JSON document to stdout.
/// Failures (python missing, script error, bad JSON) throw with python's stderr in the message.
public enum PythonReference {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `script` with `input` (any JSON-serialisable value) and returns the parsed JSON output.
    public static func run(_ script: String, input: Any) throws -> Any {
        let prelude = "import sys, json\nimport numpy as np\ninp = json.load(sys.stdin)\n"
        let outData: Data
        do {
            outData = try PythonProcess.run(["-c", prelude + script], input: try JSONSerialization.data(withJSONObject: input))
        } catch let e as PythonProcess.Failure {
            throw Failure(description: "python3 reference: \(e.description)")
        }
        do {
            return try JSONSerialization.jsonObject(with: outData, options: [.fragmentsAllowed])
        } catch {
            throw Failure(description: "python3 reference printed invalid JSON: "
                          + (String(data: outData.prefix(500), encoding: .utf8) ?? ""))
        }
    }

    /// `run` returning a dictionary of named results.
    public static func dictionary(_ script: String, input: Any) throws -> [String: Any] {
        guard let d = try run(script, input: input) as? [String: Any] else {
            throw Failure(description: "python3 reference did not print a JSON object")
        }
        return d
    }
}

/// Reading numbers out of `PythonReference` results.
extension Dictionary where Key == String, Value == Any {
    /// A flat array of doubles (nested arrays are flattened row-major).
    public func doubles(_ key: String) throws -> [Double] {
        func flatten(_ v: Any) throws -> [Double] {
            if let n = v as? NSNumber { return [n.doubleValue] }
            if let a = v as? [Any] { return try a.flatMap(flatten) }
            throw PythonReference.Failure(description: "reference value '\(key)' is not numeric")
        }
        guard let v = self[key] else { throw PythonReference.Failure(description: "reference has no key '\(key)'") }
        return try flatten(v)
    }

    public func double(_ key: String) throws -> Double {
        let v = try doubles(key)
        guard v.count == 1 else { throw PythonReference.Failure(description: "reference value '\(key)' is not a scalar") }
        return v[0]
    }
}
