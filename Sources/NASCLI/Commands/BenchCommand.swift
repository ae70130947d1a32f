import ArgumentParser

/// `naswift bench ...`: committed commands that print (and with --json write) speed figures
/// recorded in BENCHMARKS.md.
public struct BenchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure naswift's speed (figures recorded in BENCHMARKS.md).",
        subcommands: [
            // data (issue 2: data layer)
            BenchDataCommand.self,
            // spaces (issue 2: search spaces)
            BenchSpacesCommand.self,
            // runner (issue 2: runner)
            BenchRunnerCommand.self,
            // numerics (issue 3)
            BenchNumericsCommand.self,
            // tw (issue 4)
            BenchTWCommand.self,
            BenchLinalgCommand.self,
            BenchGPCommand.self,
            // cena (issue 15)
            BenchCENACommand.self,
            BenchCENATrainCommand.self,
            // arch2vec (issue 5)
            BenchArch2VecCommand.self,
            // studies (issue 6)
            BenchStudiesCommand.self,
            // ctnas (issue 16)
            BenchCTNASCommand.self,
        ]
    )

    public init() {}
}
