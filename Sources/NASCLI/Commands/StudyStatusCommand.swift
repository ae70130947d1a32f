import ArgumentParser
import NASCore
import NASStudy

/// `naswift study status [NAME]`: progress of one study, or of every study.
struct StudyStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show a study's progress.")

    @Argument(help: "Study name (omit for every study).") var name: String?
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await storage.with { s in
            let records: [StudyRecord]
            if let name { records = [try await s.study(named: name)] } else { records = try await s.studies() }
            if records.isEmpty { Out.line("no studies in \(s.location)") }
            for (i, r) in records.enumerated() {
                if i > 0 { Out.line("") }
                let status = StudyStatus(study: r, trials: try await s.trials(studyID: r.id))
                status.lines(study: r).forEach(Out.line)
            }
        }
    }
}
