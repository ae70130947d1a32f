import ArgumentParser
import NASCore
import NASStudy

/// `naswift study delete NAME [--force]`
struct StudyDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a study and its trials (--force if trials are still running).")

    @Argument(help: "Study name.") var name: String
    @Flag(help: "Delete even while trials are running (their workers' results are then lost).") var force = false
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await storage.with { s in
            let study = try await s.study(named: name)
            let running = try await s.trials(studyID: study.id).filter { $0.state == .running }
            if !running.isEmpty && !force {
                let workers = Set(running.compactMap(\.worker)).sorted()
                throw NaswiftError(.invalidArgument,
                                   "study '\(name)' has \(running.count) running trial(s)"
                                   + (workers.isEmpty ? "" : " (worker(s): \(workers.prefix(5).joined(separator: ", "))"
                                                        + (workers.count > 5 ? ", ..." : "") + ")")
                                   + "; deleting it would lose their results",
                                   hint: "stop its workers (or wait for them) first, export it with `naswift study export \(name)`, "
                                   + "or pass --force")
            }
            try await s.deleteStudy(named: name)
            Out.line("deleted study \(name) from \(s.location)")
        }
    }
}
