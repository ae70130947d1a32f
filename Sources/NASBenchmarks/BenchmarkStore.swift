import Foundation
import NASCore

/// The data directory holding imported benchmarks: `$NASWIFT_DATA`, else `~/.cache/naswift`.
///
/// Layout: `benchmarks/NAME.nasbench` (the checksummed binary cache, see `BenchmarkCache`),
/// `benchmarks/NAME.import` (the command that rebuilt it, one line), `pypi/` (PyPI data packages
/// installed by `naswift data import analognas|nbgraph`).
public struct BenchmarkStore: Sendable {
    /// The data directory.
    public let directory: URL

    /// `directory`, or when nil `$NASWIFT_DATA`, else `~/.cache/naswift`.
    public init(directory: URL? = nil) {
        if let directory {
            self.directory = directory
        } else if let env = ProcessInfo.processInfo.environment["NASWIFT_DATA"], !env.isEmpty {
            self.directory = URL(fileURLWithPath: env)
        } else {
            self.directory = FileManager.default.homeDirectoryForCurrentUser
                .appendingPathComponent(".cache").appendingPathComponent("naswift")
        }
    }

    /// Where the benchmark caches live.
    public var benchmarksDirectory: URL { directory.appendingPathComponent("benchmarks") }

    /// Where PyPI data packages are installed by default.
    public var packagesDirectory: URL { directory.appendingPathComponent("pypi") }

    /// The cache file of benchmark `name`.
    public func cacheURL(_ name: String) -> URL { benchmarksDirectory.appendingPathComponent("\(name).nasbench") }

    private func commandURL(_ name: String) -> URL { benchmarksDirectory.appendingPathComponent("\(name).import") }

    /// The command that (re)builds benchmark `name`: the one recorded at its last import, else the
    /// built-in import for `analognas`/`nbgraph`, else the generic CSV import.
    public func rebuildCommand(_ name: String) -> String {
        if let text = try? String(contentsOf: commandURL(name), encoding: .utf8) {
            let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !line.isEmpty { return line }
        }
        if let package = PyPIDataPackage.forBenchmark(name) { return "naswift data import \(package.importName)" }
        return "naswift data import \(name) --space SPACE --from FILE.csv [--from FILE.csv ...]"
    }

    /// Names of the cached benchmarks, sorted.
    public func names() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: benchmarksDirectory.path)) ?? []
        return files.filter { $0.hasSuffix(".nasbench") }.map { String($0.dropLast(".nasbench".count)) }.sorted()
    }

    /// Loads and verifies benchmark `name` (checksum, size, format).
    /// Throws `.unknownName` listing the imported benchmarks and how to import one when there is no
    /// cache, `.dataCorrupt` naming the file and the rebuild command when the cache is damaged.
    public func load(_ name: String) throws -> TabularBenchmark {
        let url = cacheURL(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            let have = names()
            let listing = have.isEmpty ? "none imported yet in \(directory.path)" : "imported: \(have.joined(separator: ", "))"
            throw NaswiftError(.unknownName, "unknown benchmark '\(name)' (\(listing))",
                               hint: "import it first: `naswift data import analognas`, `naswift data import nbgraph`, "
                                   + "or `naswift data import \(name) --space SPACE --from FILE.csv`; see `naswift data list`")
        }
        let data: Data
        do { data = try FileChecks.read(url, what: "benchmark cache", mapped: true) } catch let e as NaswiftError {
            throw NaswiftError(e.kind, e.message, hint: "remove it and rebuild it with: \(rebuildCommand(name))")
        }
        let benchmark = try BenchmarkCache.decode(data, file: url.path, rebuild: rebuildCommand(name))
        guard benchmark.name == name else {
            throw NaswiftError(.dataCorrupt, "benchmark cache \(url.path) holds benchmark '\(benchmark.name)', not '\(name)'",
                               hint: "rebuild it with: \(rebuildCommand(name))")
        }
        return benchmark
    }

    /// Summaries of every cached benchmark (each verified). Throws on the first damaged cache.
    public func list() throws -> [BenchmarkSummary] {
        try names().map { try load($0).summary(file: cacheURL($0).path) }
    }

    /// Every cached benchmark, verified: the summaries of the good caches and, for each damaged one,
    /// its name and error (with the rebuild command), so one bad file hides none of the others.
    public func survey() -> (summaries: [BenchmarkSummary], damaged: [(name: String, error: NaswiftError)]) {
        var summaries: [BenchmarkSummary] = []
        var damaged: [(name: String, error: NaswiftError)] = []
        for name in names() {
            do {
                summaries.append(try load(name).summary(file: cacheURL(name).path))
            } catch let e as NaswiftError {
                damaged.append((name, e))
            } catch {
                damaged.append((name, NaswiftError(.io, "benchmark cache \(cacheURL(name).path): \(error)",
                                                   hint: "rebuild it with: \(rebuildCommand(name))")))
            }
        }
        return (summaries, damaged)
    }

    /// Imports CSV `files` as benchmark `name` of space `space` (see `BenchmarkImporter` for the
    /// merge rules), writes its cache and returns it (with its checksum).
    /// With `replace` false, an existing, readable benchmark of that name with other contents is not
    /// overwritten (see `save`).
    public func importCSV(name: String, space: String, files: [URL], replace: Bool = true) throws -> TabularBenchmark {
        try Self.validate(name: name)
        let resolver = try BenchmarkSpaces.resolver(for: space)
        let benchmark = try BenchmarkImporter.build(name: name, resolver: resolver, files: files)
        let command = (["naswift", "data", "import", name, "--space", space] + files.flatMap { ["--from", $0.standardizedFileURL.path] })
            .map(Self.shellQuoted).joined(separator: " ")
        return try save(benchmark, command: command, replace: replace)
    }

    /// Writes `benchmark`'s cache (atomically) and its rebuild command; returns it with its checksum.
    ///
    /// With `replace` false, refuses (`.invalidArgument`, nothing written) when a readable cache of
    /// that name holds different contents; the same contents again, or a damaged cache, are written.
    @discardableResult
    public func save(_ benchmark: TabularBenchmark, command: String, replace: Bool = true) throws -> TabularBenchmark {
        try Self.validate(name: benchmark.name)
        let (bytes, sha) = try BenchmarkCache.encode(benchmark)
        if !replace, names().contains(benchmark.name), let existing = try? load(benchmark.name), existing.sha256 != sha {
            throw NaswiftError(.invalidArgument,
                               "benchmark '\(benchmark.name)' already exists with other contents (space \(existing.spaceName), "
                               + "\(existing.count) rows, sha256 \(existing.sha256.prefix(12))...)",
                               hint: "pass --replace to overwrite it, or import under another name")
        }
        do {
            try FileManager.default.createDirectory(at: benchmarksDirectory, withIntermediateDirectories: true)
            try Data(bytes).write(to: cacheURL(benchmark.name), options: .atomic)
            try Data((command + "\n").utf8).write(to: commandURL(benchmark.name), options: .atomic)
        } catch {
            throw NaswiftError(.io, "cannot write benchmark cache \(cacheURL(benchmark.name).path): \(error.localizedDescription)",
                               hint: "check that the data directory \(directory.path) is writable (or set NASWIFT_DATA)")
        }
        return try benchmark.withChecksum(sha)
    }

    /// Benchmark names are file names: letters, digits, `-`, `_`, `.`, not starting with `.`.
    static func validate(name: String) throws {
        let ok = !name.isEmpty && !name.hasPrefix(".") && name.unicodeScalars.allSatisfy {
            ($0.isASCII && (CharacterSet.alphanumerics.contains($0))) || "-_.".unicodeScalars.contains($0)
        }
        guard ok else {
            throw NaswiftError.invalidArgument("invalid benchmark name '\(name)'",
                                               hint: "use letters, digits, '-', '_' and '.', e.g. nb201 or nb101-20k")
        }
    }

    static func shellQuoted(_ word: String) -> String {
        let safe = word.unicodeScalars.allSatisfy {
            ($0.isASCII && CharacterSet.alphanumerics.contains($0)) || "-_./=:,+@%".unicodeScalars.contains($0)
        }
        return safe ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
