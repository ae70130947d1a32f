import ArgumentParser
import Foundation
import NASCore
import NASStudy

/// `naswift study list [NAME]`: the studies of a storage, or the trials of one study.
struct StudyListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List studies, or the trials of study NAME (--format csv|jsonl for records).")

    @Argument(help: "Study name (omit to list the studies).") var name: String?
    @Option(help: "Print trial records as csv or jsonl instead of a table.") var format: ExportFormat?
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await storage.with { s in
            guard let name else {
                let studies = try await s.studies()
                if studies.isEmpty { Out.line("no studies in \(s.location)"); return }
                Out.line(pad(["name", "space", "strategy", "metric", "dir", "budget", "trials"], [24, 8, 8, 14, 4, 8, 8]))
                for st in studies {
                    let sp = st.spec
                    Out.line(pad([sp.name, sp.space, sp.strategy, sp.metric, sp.direction.rawValue,
                                  sp.budget.map(String.init) ?? "-", String(st.trialCount)], [24, 8, 8, 14, 4, 8, 8]))
                }
                return
            }
            let study = try await Study.load(name, storage: s)
            let trials = try await study.trials()
            if let format { FileHandle.standardOutput.write(Data(StudyExport.render(trials, format: format).utf8)); return }
            Out.line(pad(["id", "#", "state", "value", "tries", "worker", "architecture"], [8, 6, 9, 12, 5, 20, 0]))
            for t in trials {
                Out.line(pad([String(t.id), String(t.number), t.state.rawValue, t.value.map { "\($0)" } ?? "-",
                              String(t.attempts), t.worker ?? "-", t.architecture], [8, 6, 9, 12, 5, 20, 0]))
            }
        }
    }
}

/// Left-aligned columns of the given widths (0: no padding).
func pad(_ fields: [String], _ widths: [Int]) -> String {
    zip(fields, widths).map { f, w in w > f.count ? f + String(repeating: " ", count: w - f.count) : f + " " }
        .joined(separator: " ").trimmingCharacters(in: .whitespaces)
}
