import ArgumentParser

/// The `naswift` command: one small `ParsableCommand` type per subcommand.
public struct NaswiftCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "naswift",
        abstract: "Neural architecture search driven by architecture representations.",
        subcommands: [
            // data (issue 2)
            DataCommand.self,
            // search, compare (issue 2)
            SearchCommand.self,
            CompareCommand.self,
            StrategiesCommand.self,
            // bench (issues 2, 3)
            BenchCommand.self,
            // embed (issue 5)
            EmbedCommand.self,
            // study, worker (issue 6)
            StudyCommand.self,
            WorkerCommand.self,
            // CTNAS (issue 16)
            CTNASCommand.self,
            // machine report (issue 19)
            SystemCommand.self,
        ]
    )

    public init() {}
}
