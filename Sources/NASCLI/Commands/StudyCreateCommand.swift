import ArgumentParser
import NASCore
import NASSpaces
import NASStrategies
import NASStudy

/// `naswift study create NAME --space S --strategy X --metric M --direction max|min ...`
struct StudyCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a study.")

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
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let spec = StudySpec(name: name, space: space, strategy: strategy, metric: metric, direction: direction,
                             budget: budget, batchSize: batchSize, seed: seed, heartbeatTimeout: heartbeatTimeout,
                             maxAttempts: maxAttempts)
        try await storage.with { s in
            let study = try await Study.create(spec, storage: s)
            Out.line("created study \(study.name) (id \(study.record.id)) in \(s.location): \(spec.space), \(spec.strategy), "
                     + "\(spec.direction.rawValue) \(spec.metric), budget \(spec.budget.map(String.init) ?? "unlimited")")
        }
    }
}
