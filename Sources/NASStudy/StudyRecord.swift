import Foundation
import NASCore

/// What a new study is: its search space, strategy (with its options), guide metric and limits,
/// and optionally the benchmark task whose architectures bound the search.
public struct StudySpec: Sendable, Hashable, Codable {
    /// Unique name within a storage.
    public var name: String
    /// Search-space registry name (e.g. "nb201").
    public var space: String
    /// Strategy registry name (e.g. "random", "re").
    public var strategy: String
    /// Strategy options (`--option key=value`), used by every proposal round; a model file
    /// (`--model`) is the option `model` with an absolute path.
    public var options: [String: String]
    /// Name of the metric the user's training reports (free text, e.g. "val_acc").
    public var metric: String
    /// Whether larger (`max`) or smaller (`min`) values of the metric are better.
    public var direction: MetricDirection
    /// Maximum number of trials (all states count); `nil` for no limit.
    public var budget: Int?
    /// Architectures proposed per strategy round (batch strategies propose diverse batches).
    public var batchSize: Int
    /// Seed of the strategy (rounds derive their own seeds from it).
    public var seed: UInt64
    /// A running trial whose last heartbeat is older than this many seconds is re-queued.
    public var heartbeatTimeout: Double
    /// A trial re-queued this many times (claims) without finishing is marked failed instead.
    public var maxAttempts: Int
    /// When set, proposals are restricted to the architectures this imported tabular benchmark
    /// covers for `task` (rows with a value of the task's guide metric), as in `naswift search`.
    public var benchmark: String?
    /// The task of `benchmark` (set exactly when `benchmark` is).
    public var task: String?
    /// The data directory holding `benchmark` (absolute; nil: `$NASWIFT_DATA`, else ~/.cache/naswift
    /// of the asking process).
    public var dataDirectory: String?

    public init(name: String, space: String, strategy: String, metric: String, direction: MetricDirection,
                budget: Int? = nil, batchSize: Int = 1, seed: UInt64 = 0,
                heartbeatTimeout: Double = 60, maxAttempts: Int = 3, options: [String: String] = [:],
                benchmark: String? = nil, task: String? = nil, dataDirectory: String? = nil) {
        self.name = name
        self.space = space
        self.strategy = strategy
        self.metric = metric
        self.direction = direction
        self.budget = budget
        self.batchSize = batchSize
        self.seed = seed
        self.heartbeatTimeout = heartbeatTimeout
        self.maxAttempts = maxAttempts
        self.options = options
        self.benchmark = benchmark
        self.task = task
        self.dataDirectory = dataDirectory
    }

    /// The longest study name.
    public static let maxNameLength = 100

    /// Throws `NaswiftError.invalidArgument` unless `name` is a safe study name: 1 to 100 ASCII
    /// letters, digits, `.`, `_` and `-`, starting with a letter or digit, without `..`. Names become
    /// file names (`study report NAME --out DIR` writes `DIR/NAME.html`), so no name may hold a path
    /// separator or climb out of a directory.
    public static func validateName(_ name: String) throws {
        let hint = "use letters, digits, '.', '_' and '-' only, starting with a letter or digit (e.g. my-cifar-search)"
        if name.isEmpty { throw NaswiftErrorShim.invalid("study name is empty", hint: hint) }
        if name.utf8.count > maxNameLength {
            throw NaswiftErrorShim.invalid("study name is \(name.utf8.count) bytes long; at most \(maxNameLength) are allowed", hint: hint)
        }
        if let bad = name.unicodeScalars.first(where: { !isNameCharacter($0) }) {
            let shown = bad.properties.isWhitespace || bad.value < 0x20 || bad.value == 0x7f
                ? String(format: "U+%04X", bad.value) : "'\(bad)'"
            throw NaswiftErrorShim.invalid("study name '\(name.debugDescription.dropFirst().dropLast())' contains \(shown)", hint: hint)
        }
        if let first = name.unicodeScalars.first, first == "." || first == "-" || first == "_" {
            throw NaswiftErrorShim.invalid("study name '\(name)' starts with '\(first)'", hint: hint)
        }
        if name.contains("..") {
            throw NaswiftErrorShim.invalid("study name '\(name)' contains '..'", hint: hint)
        }
    }

    private static func isNameCharacter(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": return true
        default: return false
        }
    }

    /// A file-name stem for study `name`: the name itself when it is valid, else (a study stored by
    /// an earlier naswift, which did not check names) the name with every character outside the
    /// safe set and every `..` replaced by `_`, so it can never name another directory.
    public static func fileStem(_ name: String) -> String {
        if (try? validateName(name)) != nil { return name }
        var stem = String(String.UnicodeScalarView(name.unicodeScalars.map { isNameCharacter($0) ? $0 : "_" }))
        while stem.contains("..") { stem = stem.replacingOccurrences(of: "..", with: "_") }
        if stem.hasPrefix(".") || stem.hasPrefix("-") { stem = "_" + stem.dropFirst() }
        if stem.isEmpty { stem = "study" }
        return String(stem.prefix(maxNameLength))
    }

    /// Throws `NaswiftError.invalidArgument` for an invalid name (`validateName`), a non-positive budget or batch size,
    /// a non-positive heartbeat timeout or fewer than one attempt.
    public func validate() throws {
        try StudySpec.validateName(name)
        if let budget, budget < 1 {
            throw NaswiftErrorShim.invalid("budget \(budget) must be at least 1", hint: "use --budget N with N >= 1")
        }
        if batchSize < 1 {
            throw NaswiftErrorShim.invalid("batch size \(batchSize) must be at least 1", hint: "use --batch-size B with B >= 1")
        }
        if !(heartbeatTimeout > 0) || !heartbeatTimeout.isFinite {
            throw NaswiftErrorShim.invalid("heartbeat timeout \(heartbeatTimeout) must be a positive number of seconds",
                                           hint: "use --heartbeat-timeout 60")
        }
        if maxAttempts < 1 {
            throw NaswiftErrorShim.invalid("max attempts \(maxAttempts) must be at least 1", hint: "use --max-attempts 3")
        }
        if metric.isEmpty { throw NaswiftErrorShim.invalid("metric name is empty", hint: "use --metric val_acc") }
        if (benchmark == nil) != (task == nil) {
            throw NaswiftErrorShim.invalid("a study's benchmark and task go together (benchmark \(benchmark ?? "none"), task \(task ?? "none"))",
                                           hint: "give both --benchmark B and --task T, or neither")
        }
        if dataDirectory != nil && benchmark == nil {
            throw NaswiftErrorShim.invalid("a data directory was given without a benchmark", hint: "--data-dir goes with --benchmark")
        }
        for (key, value) in options where key.isEmpty || key.contains("=") || key != key.trimmingCharacters(in: .whitespaces)
            || value != value.trimmingCharacters(in: .whitespaces) {
            throw NaswiftErrorShim.invalid("malformed strategy option '\(key)=\(value)'", hint: "write options as key=value, e.g. population=50")
        }
    }
}

extension StudySpec {
    /// The options as `key=value`, sorted by key (for messages and status lines).
    public var optionPairs: [String] { options.keys.sorted().map { "\($0)=\(options[$0]!)" } }

    /// JSON object text of `options` (keys sorted), as storages keep it.
    public static func encodeOptions(_ options: [String: String]) -> String {
        "{" + options.keys.sorted().map { TextEscaping.jsonString($0) + ":" + TextEscaping.jsonString(options[$0]!) }
            .joined(separator: ",") + "}"
    }

    /// The options stored by `encodeOptions` (an empty or missing column reads as no options).
    public static func decodeOptions(_ text: String?) throws -> [String: String] {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return [:] }
        do {
            return try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
        } catch {
            throw NaswiftError(.dataCorrupt, "stored strategy options are not a JSON object of strings: \(text)",
                               hint: "the study table was changed outside naswift; fix its options column")
        }
    }
}

/// A stored study: its spec plus storage bookkeeping.
public struct StudyRecord: Sendable, Hashable, Codable {
    public let id: Int64
    public let spec: StudySpec
    /// Number of trials created so far (all states).
    public let trialCount: Int
    /// Seconds since 1970 (UTC).
    public let createdAt: Double

    public init(id: Int64, spec: StudySpec, trialCount: Int, createdAt: Double) {
        self.id = id
        self.spec = spec
        self.trialCount = trialCount
        self.createdAt = createdAt
    }

    public var name: String { spec.name }
}
