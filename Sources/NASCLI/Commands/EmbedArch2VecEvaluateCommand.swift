import ArgumentParser
import Foundation
import NASArch2Vec
import NASCore

/// `naswift embed arch2vec evaluate --model MODEL`: the training record of a model and its held-out
/// reconstruction accuracy, recomputed on the same held-out cells (the split is redrawn from the
/// model's seed; the space's cells must match the model's training-data checksum).
struct EmbedArch2VecEvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Show a model's per-epoch diagnostics and recompute its held-out reconstruction accuracy.")

    @Option(help: "Model file (default: the default path of --space).")
    var model: String?

    @Option(help: "Space of the default model path when --model is not given: nb201, nb101 or nbgraph.")
    var space: String?

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
        let h = m.header
        print("\(url.path): \(h.space), \(h.config.epochs) epochs, seed \(h.config.seed), \(h.trainingGraphs) training / \(h.heldOutGraphs) held-out cells")
        print("epoch   loss       op_acc   op_acc_real  adj_acc  validity  uniqueness")
        for d in h.diagnostics {
            let real = d.heldOutOpAccuracyRealNodes.map { String(format: "%11.4f", $0) } ?? String(repeating: " ", count: 10) + "-"
            print(String(format: "%5d  %9.5f  %7.4f  ", d.epoch, d.loss, d.heldOutOpAccuracy) + real
                  + String(format: "  %7.4f  %8.4f  %10.4f", d.heldOutAdjacencyAccuracy, d.validity, d.uniqueness))
        }
        let all = m.arch2vecSpace.wholeSpace().graphs
        guard all.count == h.trainingGraphs + h.heldOutGraphs, all.checksum == h.dataChecksum else {
            throw NaswiftError(.dataCorrupt, "the model was not trained on the whole \(h.space) space (training-data checksum differs)",
                               hint: "evaluate recomputes the split of a whole-space run (`naswift embed arch2vec train` without --limit)")
        }
        let held = Arch2VecTrainer.heldOut(of: m, graphs: all)
        let c = Arch2VecTrainer.heldOutReconstruction(model: try m.network(), graphs: held)
        print(String(format: "held-out recomputed over %d cells: op accuracy %.4f (all rows), %.4f (real node rows); adjacency accuracy %.4f (all upper entries), %.4f (between real nodes)",
                     held.count, c.opAccuracy, c.realNodeOpAccuracy, c.adjacencyAccuracy, c.realNodeAdjacencyAccuracy))
    }
}
