import ArgumentParser
import Foundation
import NASCore
import NASStudy

/// `naswift study ...`: ask/tell studies for a user's own training, stored in SQLite (default) or
/// PostgreSQL.
public struct StudyCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Ask/tell architecture search around your own training (SQLite by default, PostgreSQL for many machines).",
        discussion: """
            Storage: --storage sqlite:///path/studies.db | postgresql://user[:password]@host[:port]/db \
            (default: $NASWIFT_STORAGE, else studies.db in $NASWIFT_DATA or ~/.cache/naswift).
            Manual loop: `naswift study ask NAME` prints a trial id and architecture; train it; then \
            `naswift study tell ID --value V` (or --failed). For a loop around a command, see `naswift worker`.
            """,
        subcommands: [
            StudyCreateCommand.self, StudyAskCommand.self, StudyTellCommand.self, StudyListCommand.self,
            StudyBestCommand.self, StudyExportCommand.self, StudyStatusCommand.self, StudyReportCommand.self,
            StudyDeleteCommand.self,
        ]
    )

    public init() {}
}

/// `--storage URL`, shared by every study command and the worker.
struct StorageOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Study storage URL: sqlite:///path/file.db or postgresql://user@host:port/db.",
        discussion: "Default: $NASWIFT_STORAGE, else sqlite in $NASWIFT_DATA or ~/.cache/naswift."))
    var storage: String?

    /// Opens the storage, runs `body`, closes the storage (also when `body` throws). Only `study
    /// create` passes `create`: every other command opens an existing naswift database only.
    func with<T>(create: Bool = false, _ body: (any StudyStorage) async throws -> T) async throws -> T {
        let s = try await StorageURL.resolve(storage).open(create: create)
        do {
            let r = try await body(s)
            await s.close()
            return r
        } catch {
            await s.close()
            throw error
        }
    }
}

/// `--direction max|min` (also maximize/minimize; `auto` needs the metric, so studies take no `auto`).
extension MetricDirection: ExpressibleByArgument {
    public init?(argument: String) {
        guard argument.lowercased() != "auto", let d = try? MetricDirection.parse(argument, for: "") else { return nil }
        self = d
    }

    public static var allValueStrings: [String] { ["max", "min"] }
}
extension ExportFormat: ExpressibleByArgument {}

/// Unbuffered line output (worker logs must survive a SIGKILL, and tests read them from pipes).
enum Out {
    static func line(_ s: String) {
        FileHandle.standardOutput.write(Data((s + "\n").utf8))
    }

    static func error(_ s: String) {
        FileHandle.standardError.write(Data((s + "\n").utf8))
    }
}
