import ArgumentParser
import Foundation
import NASCore
import NASStudy

/// `naswift study export NAME --format csv|jsonl [--out FILE]`
struct StudyExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every trial as a record: \(StudyExport.columns.joined(separator: ", ")).")

    @Argument(help: "Study name.") var name: String
    @Option(help: "csv or jsonl.") var format: ExportFormat = .csv
    @Option(help: "Output file (default: stdout).") var out: String?
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        if let out { try FileChecks.prepareOutput(out, option: "--out") }
        try await storage.with { s in
            let study = try await Study.load(name, storage: s)
            let text = StudyExport.render(try await study.trials(), format: format)
            if let out {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: out))
                } catch {
                    throw NaswiftError(.io, "cannot write \(out): \(FileChecks.describe(error))",
                                       hint: "check that the directory exists and is writable")
                }
                Out.line("wrote \(out)")
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}
