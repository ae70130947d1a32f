import ArgumentParser

/// `naswift ctnas ...`: CTNAS tools (the neural architecture comparator).
struct CTNASCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ctnas",
        abstract: "CTNAS: train and evaluate the neural architecture comparator (NAC).",
        subcommands: [CTNASNACCommand.self])
}
