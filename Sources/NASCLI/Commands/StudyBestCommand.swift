import ArgumentParser
import Foundation
import NASCore
import NASStudy

/// `naswift study best NAME`: the best complete trial.
struct StudyBestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "best", abstract: "Print the best complete trial.")

    @Argument(help: "Study name.") var name: String
    @Option(help: "Print the record as csv or jsonl.") var format: ExportFormat?
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await storage.with { s in
            let study = try await Study.load(name, storage: s)
            guard let best = Study.best(of: try await study.trials(), direction: study.spec.direction) else {
                throw NaswiftError(.invalidArgument, "study \(name) has no complete trial yet",
                                   hint: "run `naswift worker --study \(name) -- your-training-command` or tell results with `naswift study tell`")
            }
            if let format {
                FileHandle.standardOutput.write(Data(StudyExport.render([best], format: format).utf8))
            } else {
                Out.line("trial \(best.id) #\(best.number) \(study.spec.metric)=\(best.value!) \(best.architecture)")
            }
        }
    }
}
