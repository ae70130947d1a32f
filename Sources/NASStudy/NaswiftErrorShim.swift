import NASCore

/// Short constructors for the `NaswiftError`s the study layer throws.
enum NaswiftErrorShim {
    static func invalid(_ message: String, hint: String? = nil) -> NaswiftError {
        NaswiftError(.invalidArgument, message, hint: hint)
    }

    static func storage(_ message: String, hint: String? = nil) -> NaswiftError {
        NaswiftError(.storage, message, hint: hint)
    }
}
