import Foundation
import NASCore

/// Named strategy settings given on the command line as `key=value` pairs
/// (e.g. `--option population=50 --option tournament=10`).
///
/// The constructor only stores the pairs; each strategy reads the keys it knows with typed getters
/// and rejects keys it does not know (`requireKnown`), so a typo is an error, never a silent default.
public struct StrategyOptions: Sendable, Equatable {
    public private(set) var values: [String: String]
    /// Where the search runs (benchmark and task), set by the runner and by studies created with
    /// `--benchmark B --task T`; nil for a study over the whole space. Not a user option: no key of
    /// `values`, so `requireKnown` never sees it.
    public private(set) var context: SearchContext?

    public init(_ values: [String: String] = [:], context: SearchContext? = nil) {
        self.values = values
        self.context = context
    }

    /// The same options with `context` set.
    public func with(context: SearchContext?) -> StrategyOptions {
        var o = self
        o.context = context
        return o
    }

    /// Parses `key=value` pairs; throws `invalidArgument` on a pair without `=` or a repeated key.
    public init(parsing pairs: [String]) throws {
        var v: [String: String] = [:]
        for pair in pairs {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                throw NaswiftError.invalidArgument("malformed strategy option '\(pair)'",
                                                   hint: "write options as key=value, e.g. population=50")
            }
            let key = String(pair[..<eq]).trimmingCharacters(in: .whitespaces)
            let value = String(pair[pair.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
            if v[key] != nil {
                throw NaswiftError.invalidArgument("strategy option '\(key)' given twice", hint: "give each option once")
            }
            v[key] = value
        }
        values = v
    }

    public var isEmpty: Bool { values.isEmpty }

    /// Throws `unknownName` for the first key (in sorted order) that `strategy` does not know.
    public func requireKnown(_ keys: [String], strategy: String) throws {
        for key in values.keys.sorted() where !keys.contains(key) {
            throw NaswiftError.unknownName("option of strategy '\(strategy)'", key,
                                           valid: keys.isEmpty ? ["(none)"] : keys)
        }
    }

    /// The integer under `key`, or `defaultValue`; throws when it is not an integer in `range`.
    public func int(_ key: String, default defaultValue: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = values[key] else { return defaultValue }
        guard let v = Int(text), range.contains(v) else {
            throw NaswiftError.invalidArgument("strategy option \(key)=\(text) is not an integer in \(range.lowerBound)...\(range.upperBound)",
                                               hint: "e.g. \(key)=\(defaultValue)")
        }
        return v
    }

    /// The number under `key`, or `defaultValue`; throws when it is not a finite number in `range`.
    public func double(_ key: String, default defaultValue: Double, in range: ClosedRange<Double>) throws -> Double {
        guard let text = values[key] else { return defaultValue }
        guard let v = Double(text), v.isFinite, range.contains(v) else {
            throw NaswiftError.invalidArgument("strategy option \(key)=\(text) is not a number in \(range.lowerBound)...\(range.upperBound)",
                                               hint: "e.g. \(key)=\(defaultValue)")
        }
        return v
    }
}
