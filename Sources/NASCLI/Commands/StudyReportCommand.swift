import ArgumentParser
import Foundation
import NASCore
import NASStudy

/// `naswift study report NAME --out DIR`: NAME.html (the self-contained report), NAME.md (summary
/// and best trials) and NAME.svg.
struct StudyReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Write an HTML report, a Markdown table and an SVG plot of a study.")

    @Argument(help: "Study name.") var name: String
    @Option(help: "Output directory (created if missing).") var out: String = "."
    @Option(help: "Rows in the table of best trials.") var top: Int = 10
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await storage.with { s in
            let study = try await Study.load(name, storage: s)
            let trials = try await study.trials()
            let dir = URL(fileURLWithPath: out).standardizedFileURL
            // The files are named after the study, never outside `dir` (names of studies stored by
            // earlier versions, which did not check them, are made safe).
            let stem = StudySpec.fileStem(name)
            let md = dir.appendingPathComponent("\(stem).md"), svg = dir.appendingPathComponent("\(stem).svg")
            let html = dir.appendingPathComponent("\(stem).html")
            for f in [md, svg, html] where f.standardizedFileURL.deletingLastPathComponent().path != dir.path {
                throw NaswiftError(.invalidArgument, "study name '\(name)' would write \(f.path), outside \(dir.path)",
                                   hint: "rename the study (export it and import under a plain name)")
            }
            do {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                try Data(StudyReport.svg(study: study.record, trials: trials).utf8).write(to: svg)
                try Data(StudyReport.markdown(study: study.record, trials: trials, top: top, plotFile: svg.lastPathComponent).utf8)
                    .write(to: md)
                try Data(StudyReport.html(study: study.record, trials: trials, top: top).utf8).write(to: html)
            } catch {
                throw NaswiftError(.io, "cannot write the report into \(out): \(error.localizedDescription)",
                                   hint: "pass a writable directory with --out")
            }
            Out.line("wrote \(html.path), \(md.path) and \(svg.path)")
        }
    }
}
