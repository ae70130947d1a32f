import ArgumentParser
import Foundation
import NASArch2Vec
import NASCore

/// `naswift embed arch2vec export --model MODEL --out DIR`.
struct EmbedArch2VecExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the embedding of every cell (mean of node means) as .npy plus an index CSV.",
        discussion: "Python: emb = numpy.load('DIR/arch2vec-nb201.npy'); rows follow DIR/arch2vec-nb201-index.csv (row,arch,key).")

    @Option(help: "Model file (default: the default path of --space).")
    var model: String?

    @Option(help: "Space of the default model path when --model is not given: nb201, nb101 or nbgraph.")
    var space: String?

    @Option(help: "Output directory.")
    var out: String

    func run() throws {
        let url: URL
        if let model {
            url = URL(fileURLWithPath: model)
        } else if let space {
            url = Arch2VecModelStore.defaultURL(space: try Arch2VecSpace.named(space).rawValue)
        } else {
            throw NaswiftError.invalidArgument("no model given", hint: "pass --model MODEL (or --space nb201|nb101|nbgraph for the default path)")
        }
        let m = try Arch2VecModel.load(from: url)
        if let space { try m.require(space: try Arch2VecSpace.named(space).rawValue, source: "the model file '\(url.path)'") }
        let r = try Arch2VecExport.writeWholeSpace(model: m, to: URL(fileURLWithPath: out))
        print("wrote \(r.rows) x \(r.latent) embeddings to \(r.npy.path)")
        print("index: \(r.index.path)")
    }
}
