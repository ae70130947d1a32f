/// Task presets, attached to a benchmark at import time by its space and the metrics it has.
///
/// A preset lists candidate guide metrics (the first one present is used), a report metric and an
/// optional cost metric; it is attached when a guide and the report metric exist, with the cost
/// metric when that exists too. Merged imports suffix a later file's clashing columns (e.g.
/// `_12ep`, see `BenchmarkImporter`), which is why some presets name suffixed metrics.
public enum TaskPresets {
    struct Preset {
        let name: String
        let guides: [String]
        let report: String
        let cost: String?
    }

    static func presets(space: String) -> [Preset] {
        switch space {
        case "nb201":
            return [
                // NAS-Bench-201 (nb201_200ep.csv + nb201_12ep.csv): 200-epoch results, 12-epoch guides
                // where the 200-epoch validation accuracy is not available.
                Preset(name: "cifar10", guides: ["cifar10_valid_val_acc"], report: "cifar10_test_acc",
                       cost: "cifar10_valid_train_seconds"),
                Preset(name: "cifar100", guides: ["cifar100_val_acc", "cifar100_val_acc_12ep"], report: "cifar100_test_acc", cost: nil),
                Preset(name: "imagenet16", guides: ["imagenet16_val_acc", "imagenet16_val_acc_12ep"], report: "imagenet16_test_acc",
                       cost: nil),
                Preset(name: "cifar10-12ep", guides: ["cifar10_valid_val_acc_12ep"], report: "cifar10_test_acc_12ep", cost: nil),
                Preset(name: "cifar100-12ep", guides: ["cifar100_val_acc_12ep"], report: "cifar100_test_acc_12ep", cost: nil),
                Preset(name: "imagenet16-12ep", guides: ["imagenet16_val_acc_12ep"], report: "imagenet16_test_acc_12ep", cost: nil),
                // AnalogNAS-Bench (analog-nasbench): accuracy on analog in-memory hardware.
                Preset(name: "cifar10", guides: ["analog_accuracy"], report: "analog_accuracy", cost: nil),
            ]
        case "nb101":
            return [Preset(name: "cifar10", guides: ["val_acc_108ep"], report: "val_acc_108ep", cost: "train_seconds_108ep")]
        case "natsss":
            return ["cifar10", "cifar100", "imagenet16"].map {
                Preset(name: $0, guides: ["\($0)_acc"], report: "\($0)_acc", cost: nil)
            }
        case "nbgraph":
            return NBGraphDatasets.names.map {
                Preset(name: $0, guides: ["\($0)_valid_perf"], report: "\($0)_test_perf", cost: nil)
            }
        default:
            return []
        }
    }

    /// The tasks a benchmark of `space` with `metrics` gets (at most one per task name, first wins).
    public static func tasks(space: String, metrics: [String]) -> [BenchmarkTask] {
        let have = Set(metrics)
        var out: [BenchmarkTask] = []
        for p in presets(space: space) where !out.contains(where: { $0.name == p.name }) {
            guard let guide = p.guides.first(where: have.contains), have.contains(p.report) else { continue }
            out.append(BenchmarkTask(name: p.name, guideMetric: guide, reportMetric: p.report,
                                     costMetric: p.cost.flatMap { have.contains($0) ? $0 : nil }))
        }
        return out
    }
}

/// The nine data sets of NAS-Bench-Graph, in the package's order.
public enum NBGraphDatasets {
    public static let names = ["cora", "citeseer", "pubmed", "cs", "physics", "photo", "computers", "arxiv", "proteins"]
}
