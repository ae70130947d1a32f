import ArgumentParser

/// `naswift embed ...`: architecture embeddings. One subcommand group per method; add a method by
/// appending its command type to `subcommands`.
public struct EmbedCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Learn and export architecture embeddings.",
        subcommands: [
            // arch2vec (issue 5)
            EmbedArch2VecCommand.self,
            EmbedMapCommand.self,
            // CENA (issue 15)
            EmbedCENACommand.self,
            EmbedQualityCommand.self,
        ]
    )

    public init() {}
}

/// `naswift embed arch2vec train|export`.
public struct EmbedArch2VecCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "arch2vec",
        abstract: "arch2vec: pretrain the GIN-VAE on every cell of a space, export the embeddings.",
        subcommands: [EmbedArch2VecTrainCommand.self, EmbedArch2VecExportCommand.self, EmbedArch2VecEvaluateCommand.self]
    )

    public init() {}
}
