/// The one user-facing error type of naswift.
///
/// Every failure caused by input (names, files, numbers, architecture strings) is reported as a
/// `NaswiftError` whose `message` says what is wrong and whose `hint` says how to fix it. The CLI
/// prints both and exits non-zero; it never traps on user input.
public struct NaswiftError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case invalidArgument, unknownName, malformedArchitecture, dataMissing, dataCorrupt, io, numerical, storage
    }

    public let kind: Kind
    public let message: String
    public let hint: String?

    public init(_ kind: Kind, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    public var description: String {
        if let hint { return "\(message)\nhint: \(hint)" }
        return message
    }

    /// An unknown name (benchmark, task, strategy, metric, space...), listing the valid ones.
    public static func unknownName(_ what: String, _ name: String, valid: [String]) -> NaswiftError {
        NaswiftError(.unknownName, "unknown \(what) '\(name)'",
                     hint: "valid \(what) names: \(valid.sorted().joined(separator: ", "))")
    }

    public static func invalidArgument(_ message: String, hint: String? = nil) -> NaswiftError {
        NaswiftError(.invalidArgument, message, hint: hint)
    }

    public static func malformedArchitecture(_ text: String, space: String, reason: String, example: String) -> NaswiftError {
        NaswiftError(.malformedArchitecture, "malformed \(space) architecture '\(text)': \(reason)",
                     hint: "expected the \(space) string form, e.g. \(example)")
    }
}
