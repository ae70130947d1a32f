import Foundation

/// The one way naswift writes JSON, so that no file or line it writes can hold `inf` or `nan`
/// (JSON has neither; `"value":inf` breaks every reader).
///
/// The rule for non-finite numbers: hand-written JSON (JSON Lines exports, query logs) writes a
/// non-finite number as `null` (the value is missing); whole documents (`--json` summaries,
/// metadata) refuse one with a `NaswiftError` naming where it is, because a summary with a silent
/// hole would mislead.
public enum JSONText {
    /// A JSON number, or `null` when `v` is not finite.
    public static func number(_ v: Double) -> String { v.isFinite ? "\(v)" : "null" }

    /// `value` as JSON via `JSONEncoder`; a non-finite Double or Float anywhere in it throws a
    /// `NaswiftError` (.numerical) naming `what` and the key path.
    public static func encode<T: Encodable>(_ value: T, what: String,
                                            formatting: JSONEncoder.OutputFormatting = [.prettyPrinted, .sortedKeys]) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = formatting
        do {
            return try e.encode(value)
        } catch EncodingError.invalidValue(let v, let context) {
            var path = ""
            for key in context.codingPath {
                if let i = key.intValue { path += "[\(i)]" } else { path += (path.isEmpty ? "" : ".") + key.stringValue }
            }
            throw nonFinite(what: what, path: path.isEmpty ? "the value" : path, value: "\(v)")
        }
    }

    /// `object` (dictionaries, arrays, strings, numbers, `NSNull`) via `JSONSerialization`, after
    /// checking that no number in it is non-finite (throws a `NaswiftError` naming the key path).
    public static func serialize(_ object: Any, what: String,
                                 options: JSONSerialization.WritingOptions = [.prettyPrinted, .sortedKeys]) throws -> Data {
        try check(object, path: "", what: what)
        return try JSONSerialization.data(withJSONObject: object, options: options)
    }

    private static func check(_ object: Any, path: String, what: String) throws {
        switch object {
        case let d as Double where !d.isFinite:
            throw nonFinite(what: what, path: path.isEmpty ? "the value" : path, value: "\(d)")
        case let f as Float where !f.isFinite:
            throw nonFinite(what: what, path: path.isEmpty ? "the value" : path, value: "\(f)")
        case let dict as [String: Any]:
            for (k, v) in dict { try check(v, path: path.isEmpty ? k : path + "." + k, what: what) }
        case let array as [Any]:
            for (i, v) in array.enumerated() { try check(v, path: path + "[\(i)]", what: what) }
        default:
            break
        }
    }

    static func nonFinite(what: String, path: String, value: String) -> NaswiftError {
        NaswiftError(.numerical, "cannot write \(what): \(path) is \(value), which JSON cannot hold",
                     hint: "a metric or measurement is not finite; check the data (re-import the benchmark: "
                     + "`naswift data import` refuses non-finite cells) and the options that produced it")
    }
}
