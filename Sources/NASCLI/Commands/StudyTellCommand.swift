import ArgumentParser
import NASCore
import NASStudy

/// `naswift study tell ID --value V | --failed`
struct StudyTellCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tell", abstract: "Report a trial's result (once: finished trials are immutable).")

    @Argument(help: "Trial id (printed by `study ask`).") var id: Int64?
    /// Whatever the parser could not place, e.g. `-5` (read as an option): named in `validate`
    /// instead of ArgumentParser's "Missing expected argument '<id>'".
    @Argument(parsing: .allUnrecognized, help: .hidden) var unrecognized: [String] = []
    /// `.unconditional`: `--value -5` is the value -5, not a missing value and an option `-5`.
    @Option(parsing: .unconditional, help: "The metric value the training measured (negative values too: --value -5).")
    var value: Double?
    @Flag(help: "The training failed.") var failed = false
    @Option(help: "Why it failed (with --failed).") var message: String?
    @OptionGroup var storage: StorageOptions

    func validate() throws {
        if let first = unrecognized.first {
            if first.hasPrefix("-"), Int64(first) != nil || Double(first) != nil {
                throw ValidationError("trial id \(first) is not valid: trial ids are positive integers printed by `naswift study ask`")
            }
            throw ValidationError("unexpected argument '\(first)'")
        }
        guard let id else {
            // ArgumentParser reads `-5` as an unknown short option and drops it (it reaches neither
            // `id` nor `unrecognized`), so look for it in the command line itself.
            let afterTell = CommandLine.arguments.drop { $0 != "tell" }.dropFirst()
            if let negative = afterTell.first(where: { $0.hasPrefix("-") && Int64($0) != nil }) {
                throw ValidationError("trial id \(negative) is not valid: trial ids are positive integers printed by `naswift study ask`")
            }
            throw ValidationError("give the trial id printed by `naswift study ask` (e.g. study tell 17 --value 93.1)")
        }
        if id < 1 { throw ValidationError("trial id \(id) is not valid: trial ids are positive integers printed by `naswift study ask`") }
        if (value == nil) == !failed {
            throw ValidationError("give exactly one of --value V or --failed")
        }
        if message != nil && !failed { throw ValidationError("--message goes with --failed") }
    }

    func run() async throws {
        try await storage.with { s in
            let outcome: TrialOutcome = failed ? .failed(message: message ?? "reported failed by `naswift study tell`")
                                               : .complete(value: value ?? .nan)
            let t = try await s.finish(trialID: id ?? 0, worker: nil, outcome: outcome)
            Out.line("trial \(t.id) #\(t.number) \(t.state.rawValue)" + (t.value.map { " value=\($0)" } ?? ""))
        }
    }
}
