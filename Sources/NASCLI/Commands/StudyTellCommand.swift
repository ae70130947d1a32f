import ArgumentParser
import NASCore
import NASStudy

/// `naswift study tell ID --value V | --failed`
struct StudyTellCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tell", abstract: "Report a trial's result (once: finished trials are immutable).")

    @Argument(help: "Trial id (printed by `study ask`).") var id: Int64
    @Option(help: "The metric value the training measured.") var value: Double?
    @Flag(help: "The training failed.") var failed = false
    @Option(help: "Why it failed (with --failed).") var message: String?
    @OptionGroup var storage: StorageOptions

    func validate() throws {
        if (value == nil) == !failed {
            throw ValidationError("give exactly one of --value V or --failed")
        }
        if message != nil && !failed { throw ValidationError("--message goes with --failed") }
    }

    func run() async throws {
        try await storage.with { s in
            let outcome: TrialOutcome = failed ? .failed(message: message ?? "reported failed by `naswift study tell`")
                                               : .complete(value: value ?? .nan)
            let t = try await s.finish(trialID: id, worker: nil, outcome: outcome)
            Out.line("trial \(t.id) #\(t.number) \(t.state.rawValue)" + (t.value.map { " value=\($0)" } ?? ""))
        }
    }
}
