import ArgumentParser
import Foundation
import NASCENA
import NASCore
import NASLinalg

/// `naswift embed cena export --model MODEL --jacobians DIR... --out X.npy`.
struct EmbedCENAExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the CENA embeddings of every cell with an EPDJM (all inits) as .npy plus an index CSV.",
        discussion: """
            Python: emb = numpy.load('X.npy') is float32 [cells, inits, embedding]; rows follow X-index.csv (row,arch,key). \
            cena-bo reads the pair: naswift search ... --strategy cena-bo --option embeddings=X.npy.
            """)

    @Option(help: "Model file (naswift embed cena train --out).")
    var model: String

    @OptionGroup var stores: CENAStoresOption

    @Option(help: "Output .npy file (the index CSV is written beside it as <name>-index.csv).")
    var out: String

    @Option(help: "BLAS threads (default: all cores).")
    var threads: Int?

    func run() throws {
        guard out.hasSuffix(".npy") else {
            throw NaswiftError.invalidArgument("--out must name a .npy file, got '\(out)'", hint: "e.g. --out cena-nb201.npy")
        }
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        guard threadCount >= 1 else { throw NaswiftError.invalidArgument("--threads must be >= 1, got \(threadCount)", hint: "e.g. --threads 2") }
        let m = try ContrastiveModel.load(from: URL(fileURLWithPath: model))
        let sets = try stores.sets()
        let r = try BLAS.withThreadCount(threadCount) { try ContrastiveExport.write(model: m, sets: sets, to: URL(fileURLWithPath: out)) }
        print("wrote \(r.cells) x \(r.inits) x \(r.embedding) embeddings to \(r.npy.path)")
        print("index: \(r.index.path)")
    }
}
