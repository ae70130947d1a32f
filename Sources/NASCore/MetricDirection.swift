/// Whether larger or smaller values of a metric are better.
///
/// Rule (`infer`): a metric is minimised when one of its `_`/`-`-separated, lower-cased name tokens
/// is a cost word: `error`, `err`, `loss`, `regret`, `latency`, `seconds`, `time`, `params`,
/// `param`, `flops`, `macs`, `energy`, `memory`, `size`; everything else (accuracies, `perf`,
/// scores) is maximised. The CLI can override the rule (`--guide-direction`, `--report-direction`).
/// Strategies always see "larger is better": the runner negates minimised guide values, and a study
/// negates the values of a minimised metric before telling its strategy.
///
/// The raw values `max`/`min` are what study storages keep in their `direction` column and what
/// `naswift study create --direction` takes.
public enum MetricDirection: String, Sendable, Codable, CaseIterable, Hashable {
    case maximize = "max", minimize = "min"

    static let costWords: Set<String> = ["error", "err", "loss", "regret", "latency", "seconds", "time", "params",
                                         "param", "flops", "macs", "energy", "memory", "size"]

    /// The direction the naming rule gives `metric`.
    public static func infer(_ metric: String) -> MetricDirection {
        let tokens = metric.lowercased().split(whereSeparator: { $0 == "_" || $0 == "-" || $0 == " " })
        return tokens.contains { costWords.contains(String($0)) } ? .minimize : .maximize
    }

    /// Parses `max`/`min`/`auto` (auto = the naming rule for `metric`).
    public static func parse(_ text: String, for metric: String) throws -> MetricDirection {
        switch text.lowercased() {
        case "auto": return infer(metric)
        case "max", "maximize", "maximise": return .maximize
        case "min", "minimize", "minimise": return .minimize
        default: throw NaswiftError.unknownName("metric direction", text, valid: ["auto", "max", "min"])
        }
    }

    /// `value` oriented so that larger is better.
    @inlinable public func oriented(_ value: Double) -> Double { self == .maximize ? value : -value }

    /// True when `a` is strictly better than `b` (NaN is never better; anything beats NaN).
    @inlinable public func better(_ a: Double, than b: Double) -> Bool {
        if a.isNaN { return false }
        if b.isNaN { return true }
        return self == .maximize ? a > b : a < b
    }
}
