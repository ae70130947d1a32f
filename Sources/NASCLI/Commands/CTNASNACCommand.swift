import ArgumentParser
import Foundation
import NASBenchmarks
import NASCTNAS
import NASCore
import NASLinalg
import NASRunner
import NASSpaces

/// `naswift ctnas nac --benchmark B --task T --labels N [--held-out M] [--predictors tw-gp,bananas] [--json FILE] [--save NAC.model]`:
/// trains the NAC on N labelled cells of the task (guide metric, larger is better after
/// orientation) and prints its Kendall tau on M held-out cells: the reference's pairwise form and
/// tau-b of the tournament scores (`NACEvaluation`); `--predictors` also fits the named strategies'
/// surrogates on the same labelled cells and prints the same two figures for their posterior means
/// on the same held-out cells (`PeerPredictor`; JSON `predictors`); `--save` writes the trained
/// comparator (`NACComparator.save`, reused by `--option nac=FILE` of the ctnas strategy). One BLAS
/// thread, so the figures do not depend on the machine's core count.
struct CTNASNACCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nac",
        abstract: "Train the NAC on labelled cells and report its Kendall tau on held-out cells.")

    @Option(help: "Benchmark (must be imported; see `naswift data list`).")
    var benchmark: String
    @Option(help: "Task preset (its guide metric labels the cells).")
    var task: String
    @Option(help: "Labelled cells the NAC is trained on (the reference: 423).")
    var labels: Int
    @Option(name: .customLong("held-out"), help: "Held-out cells the tau is measured on.")
    var heldOut: Int = 1000
    @Option(help: "Training epochs (the reference: 1000).")
    var epochs: Int = NACSettings.reference.epochs
    @Option(name: .customLong("batch-size"), help: "Labelled cells per batch (the reference: 256).")
    var batchSize: Int = NACSettings.reference.batchSize
    @Option(help: "Seed of the split, the initialisation and the training order.")
    var seed: UInt64 = 0
    @Option(help: ArgumentHelp("Also rank the held-out cells with these strategies' surrogates, fitted on the same labelled cells, "
                               + "comma-separated (\(PeerPredictor.names)).", valueName: "names"))
    var predictors: String = ""
    @Option(help: "Write the trained comparator to this file (reuse it with --strategy ctnas --option nac=FILE).")
    var save: String?
    @OptionGroup var output: BenchOutput
    @OptionGroup var data: DataDirectoryOption

    func run() throws {
        let peers = try PeerPredictor.parse(predictors)
        var settings = NACSettings.reference
        settings.epochs = epochs
        settings.batchSize = batchSize
        try settings.validate()
        let table = try RunTable(benchmark: try data.store.load(benchmark), task: task)
        let r = try BLAS.withThreadCount(1) {
            try evaluate(try SpaceRegistry.make(table.spaceName), table: table, settings: settings, peers: peers)
        }
        let e = r.evaluation
        print("\(benchmark) \(table.task) (\(table.guideMetric)): NAC on \(e.labels) labelled cells, \(e.epochs) epochs (\(e.steps) steps, "
              + String(format: "%.2f s", e.trainSeconds) + "), seed \(e.seed)")
        print(String(format: "Kendall tau on %d held-out cells: pairwise (reference) %.4f, tau-b %.4f", e.heldOut, e.tauPairwise, e.tauB))
        for p in e.predictors ?? [] {
            print("\(p.name) on the same cells: " + String(format: "pairwise %.4f, tau-b %.4f (fit and predict %.2f s)", p.tauPairwise, p.tauB, p.fitSeconds))
        }
        try output.write(encodable: r.evaluation)
        if let save {
            try r.nac.save(to: URL(fileURLWithPath: save), source: "\(benchmark) \(table.task) \(table.guideMetric), \(labels) labels, seed \(seed)")
            print("saved the comparator to \(save)")
        }
    }

    func evaluate<S: SearchSpace>(_ space: S, table: RunTable, settings: NACSettings, peers: [PeerPredictor]) throws
        -> (evaluation: NACEvaluation, nac: NACComparator) {
        let encoding = try NACEncoding(space: space)
        for p in peers { try p.check(space: space) }   // refused before the NAC trains, not after
        let prepared = try Runner.prepare(table, space: space)
        let members = prepared.domain.members ?? []   // a task domain always lists its members (row order)
        let graphs = members.map(encoding.code)
        let values = members.map { table.guideDirection.oriented(table.guide[prepared.rowOf[$0]!]) }
        let bar = ProgressBar(label: "NAC training", unit: "epochs")
        var r = try NACEvaluation.trained(graphs: graphs, values: values, vocabulary: encoding.vocabulary, labels: labels, heldOut: heldOut,
                                          settings: settings, seed: seed) { bar.update($0, of: $1) }
        if !peers.isEmpty {
            r.evaluation.predictors = try peers.map {
                try $0.evaluate(space: space, cells: members, values: values, labels: labels, heldOut: heldOut, seed: seed)
            }
        }
        return r
    }
}
