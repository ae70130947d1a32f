import ArgumentParser
import Foundation
import NASBenchmarks
import NASCore
import NASSpaces
import NASStrategies
import NASStudy

/// `naswift study create NAME --space S --strategy X --metric M --direction max|min ...`
/// `[--option key=value ...] [--model FILE] [--benchmark B --task T [--data-dir DIR]]`
struct StudyCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a study.",
        discussion: """
            Strategy options (--option key=value, repeatable) and a model file (--model) are checked now and \
            used by every proposal round; --benchmark B --task T restricts proposals to the architectures the \
            imported benchmark task covers (as `naswift search` does), so `naswift worker --benchmark B --task T` \
            answers every trial. Strategies:
            \(SearchArguments.strategyHelp)
            """)

    @Argument(help: "Study name (unique in the storage).") var name: String
    @Option(help: "Search space (\(SpaceRegistry.names.joined(separator: ", "))).") var space: String
    @Option(help: "Strategy (\(StrategyRegistry.names.joined(separator: ", "))).") var strategy: String = "random"
    @Option(help: "Name of the metric your training reports, e.g. val_acc.") var metric: String
    @Option(help: "max or min: whether larger or smaller metric values are better.") var direction: MetricDirection
    @Option(help: "Maximum number of trials (all states count); unlimited when omitted.") var budget: Int?
    @Option(help: "Architectures proposed per strategy round.") var batchSize: Int = 1
    @Option(help: "Strategy seed.") var seed: UInt64 = 0
    @Option(help: "Seconds without a worker heartbeat after which a running trial is re-queued.") var heartbeatTimeout: Double = 60
    @Option(help: "Claims of one trial before a trial whose workers keep dying is marked failed.") var maxAttempts: Int = 3
    @Option(name: .customLong("option"), help: "Strategy option key=value (repeatable), e.g. population=50.")
    var options: [String] = []
    @Option(help: "Pretrained embedding model for latent-space strategies (arch2vec-rl, arch2vec-bo); same as --option model=FILE.")
    var model: String?
    @Option(help: "Propose only architectures this imported tabular benchmark covers (see `naswift data list`).")
    var benchmark: String?
    @Option(help: "Task of --benchmark (its guide metric decides which architectures are covered).")
    var task: String?
    @Option(name: .customLong("data-dir"), help: "Data directory of --benchmark (default: $NASWIFT_DATA, else ~/.cache/naswift).")
    var dataDirectory: String?
    @OptionGroup var storage: StorageOptions

    func validate() throws {
        if benchmark != nil && task == nil { throw ValidationError("--benchmark needs --task (e.g. --task cifar10)") }
        if benchmark == nil && (task != nil || dataDirectory != nil) {
            throw ValidationError("--task and --data-dir go with --benchmark")
        }
    }

    /// The spec the options describe: options parsed, the model path made absolute and checked,
    /// the data directory resolved.
    func spec() throws -> StudySpec {
        if model != nil { _ = try StrategyRegistry.factory(strategy) }  // an unknown strategy before "takes no model"
        var pairs = try SearchArguments.strategyOptions(options, model: model, for: strategy, refuseUnusedModel: true).values
        if let path = pairs["model"] {
            let url = URL(fileURLWithPath: path).standardizedFileURL
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else {
                throw NaswiftError(.io, "model file \(url.path) does not exist",
                                   hint: "train one with `naswift embed arch2vec train --space \(space) --out FILE` and pass --model FILE")
            }
            try FileChecks.checkInput(url.path, what: "model file (--model)")
            pairs["model"] = url.path  // workers may run elsewhere: store the absolute path
        }
        let data = benchmark == nil ? nil : StudyDomains.store(dataDirectory).directory.standardizedFileURL.path
        return StudySpec(name: name, space: space, strategy: strategy, metric: metric, direction: direction,
                         budget: budget, batchSize: batchSize, seed: seed, heartbeatTimeout: heartbeatTimeout,
                         maxAttempts: maxAttempts, options: pairs, benchmark: benchmark, task: task, dataDirectory: data)
    }

    func run() async throws {
        let spec = try spec()
        try await storage.with(create: true) { s in
            let study = try await Study.create(spec, storage: s)
            var line = "created study \(study.name) (id \(study.record.id)) in \(s.location): \(spec.space), \(spec.strategy), "
                + "\(spec.direction.rawValue) \(spec.metric), budget \(spec.budget.map(String.init) ?? "unlimited")"
            if !spec.options.isEmpty { line += ", options \(spec.optionPairs.joined(separator: " "))" }
            if let b = spec.benchmark, let t = spec.task { line += ", benchmark \(b) task \(t)" }
            Out.line(line)
        }
    }
}
