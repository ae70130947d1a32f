import ArgumentParser
import Foundation
import NASCTNAS
import NASCore
import NASLinalg
import NASRunner
import NASSpaces
import NASTensor

/// `naswift bench ctnas`: NAC training time (default: 1000 epochs on 423 labelled nb101-20k cells,
/// the reference's setting), side by side with PyTorch CPU training the same comparator on the
/// same cells (`scripts/bench/ctnas_torch.py`, in the reference's form (GCN run twice per batch)
/// and in naswift's shared-feature form). Rounds alternate naswift / PyTorch; the fastest of each
/// figure is kept. Then, on the comparator just trained, `--controller-iterations` policy-learning
/// iterations (default 10,000, the reference's) over the whole space: once with the controller
/// alone (pseudo labels off) and once with the reference's settings (pseudo-label rounds every 100
/// iterations, each with one extra NAC epoch). BENCHMARKS.md "CTNAS (issue 16)".
struct BenchCTNASCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ctnas",
        abstract: "CTNAS: NAC training seconds and step time, ratio against PyTorch CPU.")

    @Option(help: "Benchmark the labelled cells come from (must be imported).")
    var benchmark: String = "nb101-20k"
    @Option(help: "Task preset (guide metric = labels).")
    var task: String = "cifar10"
    @Option(help: "Labelled cells (the reference: 423).")
    var labels: Int = 423
    @Option(help: "Training epochs (the reference: 1000).")
    var epochs: Int = 1000
    @Option(name: .customLong("controller-iterations"),
            help: "Policy-learning iterations timed after the NAC training (the reference: 10000; 0 skips).")
    var controllerIterations: Int = 10_000
    @Option(help: "Alternating rounds (the fastest of each figure is kept).")
    var rounds: Int = 1
    @OptionGroup var peer: TorchPeerOptions<Peer>
    @OptionGroup var output: BenchOutput
    var threads: Int { peer.threads }
    enum Peer: TorchPeerDefaults {
        static var threads: Int { 1 }
        static var script: String { "scripts/bench/ctnas_torch.py" }
    }
    @OptionGroup var data: DataDirectoryOption

    func run() throws {
        guard labels >= 2, epochs >= 1, rounds >= 1, threads >= 1, controllerIterations >= 0 else {
            throw NaswiftError.invalidArgument("--labels must be >= 2, --epochs, --rounds and --threads >= 1, --controller-iterations >= 0",
                                               hint: "e.g. --labels 423 --epochs 1000 --rounds 1 --threads 1 --controller-iterations 10000")
        }
        let table = try RunTable(benchmark: try data.store.load(benchmark), task: task)
        let space = try SpaceRegistry.make(table.spaceName)
        guard controllerIterations == 0 || space is any CTNASSearchSpace else {
            throw NaswiftError.invalidArgument("CTNAS controllers exist for nb201, nb101 and nbgraph, not \(table.spaceName)",
                                               hint: "pass --controller-iterations 0 to time the NAC alone")
        }
        let (graphs, values, vocabulary) = try labelled(space, table: table)
        let python = peer.peer()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-bench-ctnas-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let npz = dir.appendingPathComponent("nac.npz")
        let batch = NACBatch<Double>(graphs, nodes: vocabulary.nodes)
        try NPZ.write(["ids": Tensor(batch.ids.map(Double.init)).reshapedUnchecked([graphs.count, vocabulary.nodes]),
                       "adj": batch.adjacency, "values": Tensor(values), "n_ids": Tensor(Double(vocabulary.opCount))], to: npz)

        var best: [String: Double] = [:]
        func keep(_ k: String, _ v: Double) { best[k] = min(best[k] ?? .infinity, v) }
        var settings = NACSettings.reference
        settings.epochs = epochs
        for _ in 0..<rounds {
            let (seconds, steps, nac) = try BLAS.withThreadCount(threads) { () throws -> (Double, Int, NACComparator) in
                var nac = try NACComparator(vocabulary: vocabulary, settings: settings, seed: 0)
                for (g, v) in zip(graphs, values) { try nac.append(g, value: v) }
                try nac.fit()
                return (nac.trainSeconds, nac.steps, nac)
            }
            if controllerIterations > 0 {
                for (key, pseudo) in [("controller_s_naswift", false), ("policy_learning_s_naswift", true)] {
                    var policy = PolicySettings.reference
                    policy.iterations = controllerIterations
                    if !pseudo { policy.pseudoEvery = 0 }
                    keep(key, try BLAS.withThreadCount(threads) { try Self.policySeconds(space, nac: nac, settings: policy) })
                }
            }
            keep("nac_train_s_naswift", seconds)
            keep("nac_step_ms_naswift", 1000 * seconds / Double(steps))
            best["steps"] = Double(steps)
            if let python {
                for form in ["reference", "shared"] {
                    let r = try torch(python: python, data: npz, form: form, dir: dir)
                    keep("nac_train_s_torch_\(form)", r.seconds)
                    keep("nac_step_ms_torch_\(form)", r.stepMS)
                }
            }
        }
        for form in ["reference", "shared"] {
            if let t = best["nac_train_s_torch_\(form)"] { best["ratio_naswift_over_torch_\(form)"] = best["nac_train_s_naswift"]! / t }
        }
        best["threads"] = Double(threads)
        best["labels"] = Double(graphs.count)
        best["epochs"] = Double(epochs)
        if controllerIterations > 0 { best["controller_iterations"] = Double(controllerIterations) }
        for (k, v) in best.sorted(by: { $0.key < $1.key }) { print(String(format: "%-36@ %10.4f", k as NSString, v)) }
        try output.write(best)
    }

    /// Wall seconds of one policy-learning run (seed 0, unrestricted space) on `nac`.
    static func policySeconds(_ space: any SearchSpace, nac: NACComparator, settings: PolicySettings) throws -> Double {
        guard let space = space as? any CTNASSearchSpace else { preconditionFailure("checked in run()") }
        func run<S: CTNASSearchSpace>(_: S) throws { _ = try S.policyLearning(nac: nac, settings: settings, seed: 0, members: nil) }
        let start = monotonicSeconds()
        try run(space)
        return monotonicSeconds() - start
    }

    /// The labelled cells: the first `labels` of `NACEvaluation.split` with seed 0 (the cells
    /// `naswift ctnas nac --seed 0` trains on), as NAC inputs with their oriented guide values.
    func labelled<S: SearchSpace>(_ space: S, table: RunTable) throws -> ([NACGraph], [Double], NACVocabulary) {
        let encoding = try NACEncoding(space: space)
        let prepared = try Runner.prepare(table, space: space)
        let members = prepared.domain.members ?? []   // a task domain always lists its members (row order)
        guard labels <= members.count else {
            throw NaswiftError.invalidArgument("--labels \(labels) exceeds the \(members.count) cells of \(benchmark) \(task)",
                                               hint: "use --labels <= \(members.count)")
        }
        let pick = NACEvaluation.split(count: members.count, labels: labels, heldOut: 0, seed: 0).labelled
        return (pick.map { encoding.code(members[$0]) },
                pick.map { table.guideDirection.oriented(table.guide[prepared.rowOf[members[$0]]!]) }, encoding.vocabulary)
    }

    func torch(python: String, data: URL, form: String, dir: URL) throws -> (seconds: Double, stepMS: Double) {
        let out = dir.appendingPathComponent("torch-\(form).json")
        let args = [data.path, "--epochs", String(epochs), "--threads", String(threads), "--form", form, "--json", out.path]
        _ = try peer.run(python: python, args)
        let r = try peerJSON(out, keys: ["seconds", "step_ms"], command: ([python, peer.torchScript] + args).joined(separator: " "))
        return (r["seconds"]!, r["step_ms"]!)
    }
}
