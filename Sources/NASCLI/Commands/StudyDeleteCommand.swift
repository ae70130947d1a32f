import ArgumentParser
import NASCore
import NASStudy

/// `naswift study delete NAME`
struct StudyDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a study and its trials.")

    @Argument(help: "Study name.") var name: String
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await storage.with { s in
            try await s.deleteStudy(named: name)
            Out.line("deleted study \(name) from \(s.location)")
        }
    }
}
