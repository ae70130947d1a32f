import ArgumentParser
import Foundation
import NASCore
import NASStudy

/// `naswift study ask NAME`: claims the next trial and prints its id and architecture.
struct StudyAskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask", abstract: "Get the next trial to train (prints its id and architecture).",
        discussion: """
            Prints `trial ID`, `architecture STRING` and `json {...}` lines (or one JSON object with --json). \
            The trial waits for `naswift study tell ID` however long training takes (no heartbeat). \
            Exit status 3: the study is finished; 4: every remaining trial is running elsewhere, ask later.
            """)

    @Argument(help: "Study name.") var name: String
    @Flag(help: "Print one JSON object instead of lines.") var json = false
    @Option(help: "Who is asking (stored with the trial).") var worker: String = "cli-\(ProcessInfo.processInfo.hostName)"
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let code: Int32 = try await storage.with { s in
            let study = try await Study.load(name, storage: s)
            switch try await study.ask(ClaimRequest(worker: worker, heartbeat: false)) {
            case .trial(let t):
                let archJSON = try study.proposer.json(space: study.spec.space, architecture: t.architecture)
                if json {
                    Out.line("{\"id\":\(t.id),\"number\":\(t.number),\"study\":\(StudyExportJSON.string(study.name)),"
                             + "\"architecture\":\(StudyExportJSON.string(t.architecture)),\"architecture_json\":\(archJSON)}")
                } else {
                    Out.line("trial \(t.id)")
                    Out.line("number \(t.number)")
                    Out.line("architecture \(t.architecture)")
                    Out.line("json \(archJSON)")
                }
                return 0
            case .finished(let reason):
                Out.error("study \(name) is finished: \(reason)")
                return 3
            case .wait(let running):
                Out.error("study \(name) has no trial to hand out now: its budget is used and \(running) trial(s) are "
                          + "still running; ask again later")
                return 4
            }
        }
        if code != 0 { throw ExitCode(code) }
    }
}

/// JSON string literals for command output.
enum StudyExportJSON {
    static func string(_ s: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])
        let text = data.map { String(decoding: $0, as: UTF8.self) } ?? "[\"\"]"
        return String(text.dropFirst().dropLast())
    }
}
