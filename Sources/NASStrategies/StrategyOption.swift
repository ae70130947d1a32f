import NASCore

/// One strategy option, declared once: its key, type, allowed values or range, default and help.
/// Parsing (`StrategyOptions` getters), unknown-key errors, `naswift search --help` and
/// `naswift strategies --json` all come from these declarations.
public struct StrategyOption: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// An integer in the range.
        case integer(ClosedRange<Int>, default: Int)
        /// A finite number in the range.
        case number(ClosedRange<Double>, default: Double)
        /// One of the listed words.
        case choice([String], default: String)
        /// A file path; `required` when the strategy cannot run without it.
        case path(required: Bool)
    }

    public let key: String
    public let kind: Kind
    public let help: String
    /// How the default depends on other settings, when it does (e.g. "2 ln 100 in faithful lcb").
    public let defaultNote: String?

    public init(_ key: String, _ kind: Kind, _ help: String, defaultNote: String? = nil) {
        self.key = key
        self.kind = kind
        self.help = help
        self.defaultNote = defaultNote
    }

    /// The default as text ("" for a path).
    public var defaultText: String {
        switch kind {
        case let .integer(_, d): return String(d)
        case let .number(_, d): return Self.format(d)
        case let .choice(_, d): return d
        case .path: return ""
        }
    }

    /// The type as text: "int", "number", "choice", "path".
    public var typeName: String {
        switch kind {
        case .integer: return "int"
        case .number: return "number"
        case .choice: return "choice"
        case .path: return "path"
        }
    }

    /// Allowed values as text: "1...100000", "fixed|faithful", or "FILE".
    public var domainText: String {
        switch kind {
        case let .integer(r, _): return "\(r.lowerBound)...\(r.upperBound)"
        case let .number(r, _): return "\(Self.format(r.lowerBound))...\(Self.format(r.upperBound))"
        case let .choice(values, _): return values.joined(separator: "|")
        case .path: return "FILE"
        }
    }

    /// One line of help: `key=DOMAIN (default D; note): help`.
    public var helpLine: String {
        var d = defaultText.isEmpty ? "" : "default \(defaultText)"
        if case .path(required: true) = kind { d = "required" }
        if let defaultNote { d += d.isEmpty ? defaultNote : "; \(defaultNote)" }
        return "\(key)=\(domainText)\(d.isEmpty ? "" : " (\(d))"): \(help)"
    }

    /// A JSON-ready description (key, type, default, allowed values or range, help).
    public var jsonObject: [String: Any] {
        var o: [String: Any] = ["key": key, "type": typeName, "help": help]
        switch kind {
        case let .integer(r, d): o["default"] = d; o["min"] = r.lowerBound; o["max"] = r.upperBound
        case let .number(r, d): o["default"] = d; o["min"] = r.lowerBound; o["max"] = r.upperBound
        case let .choice(values, d): o["default"] = d; o["values"] = values
        case let .path(required): o["required"] = required
        }
        if let defaultNote { o["default_note"] = defaultNote }
        return o
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }
}

extension Array where Element == StrategyOption {
    /// The declaration of `key` (a strategy reading its own declarations; an unknown key is a
    /// programming error).
    public subscript(key key: String) -> StrategyOption {
        guard let o = first(where: { $0.key == key }) else { preconditionFailure("no option '\(key)' is declared") }
        return o
    }
}

extension StrategyOptions {
    /// Throws `unknownName` for the first key (in sorted order) that `declared` does not list.
    public func requireKnown(_ declared: [StrategyOption], strategy: String) throws {
        try requireKnown(declared.map(\.key), strategy: strategy)
    }

    /// The integer under `option.key` (its declared default, or `defaultValue` when given).
    public func int(_ option: StrategyOption, default defaultValue: Int? = nil) throws -> Int {
        guard case let .integer(range, d) = option.kind else { preconditionFailure("option \(option.key) is not an integer") }
        return try int(option.key, default: defaultValue ?? d, in: range)
    }

    /// The number under `option.key` (its declared default, or `defaultValue` when given).
    public func double(_ option: StrategyOption, default defaultValue: Double? = nil) throws -> Double {
        guard case let .number(range, d) = option.kind else { preconditionFailure("option \(option.key) is not a number") }
        return try double(option.key, default: defaultValue ?? d, in: range)
    }

    /// The word under `option.key` (or its default) as `T`; throws naming the allowed words.
    public func choice<T: RawRepresentable>(_ option: StrategyOption, strategy: String, default defaultValue: T? = nil) throws -> T
    where T.RawValue == String {
        guard case let .choice(values, d) = option.kind else { preconditionFailure("option \(option.key) is not a choice") }
        guard let text = self.values[option.key] else {
            if let defaultValue { return defaultValue }
            guard let v = T(rawValue: d) else { preconditionFailure("default \(d) of option \(option.key)") }
            return v
        }
        guard values.contains(text), let v = T(rawValue: text) else {
            throw NaswiftError.unknownName("\(option.key) of strategy '\(strategy)'", text, valid: values)
        }
        return v
    }

    /// The flag under `option.key` for an integer option in 0...1.
    public func flag(_ option: StrategyOption) throws -> Bool { try int(option) == 1 }
}
