import ArgumentParser

/// `naswift embed cena jacobians|train|export`: CENA's contrastive embeddings (issue 15).
public struct EmbedCENACommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cena",
        abstract: "CENA: data Jacobians (EPDJMs) of randomly initialised networks of each cell, their contrastive embeddings.",
        subcommands: [EmbedCENAJacobiansCommand.self, EmbedCENATrainCommand.self, EmbedCENAExportCommand.self, EmbedCENAMapCommand.self, EmbedCENATransferCommand.self]
    )

    public init() {}
}
