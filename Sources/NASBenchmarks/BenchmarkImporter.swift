import Foundation
import NASCore

/// Builds a `TabularBenchmark` from CSV files.
///
/// Each file needs an architecture column (one of the resolver's `columns`, e.g. `arch`, or `hash`
/// for NB101) and numeric metric columns; a column named `index` is ignored (the space defines
/// indices). Rows are keyed by the space's key; files are merged on it, rows in first-seen order.
///
/// Merging: a metric present in several files is merged when the files agree wherever both have a
/// value. When a later file disagrees on any of its metric columns, every metric column of that
/// file is renamed `<metric>_<tag>`, where tag is the last `_`-separated part of the file name
/// (`nb201_12ep.csv` -> `_12ep`); if a renamed column still clashes, the import fails naming the
/// column and both files.
public enum BenchmarkImporter {
    /// One CSV input held in memory: `path` names it in errors and gives the tag of renamed columns
    /// (its file name without extension, after the last `_`); `data` holds its bytes.
    public struct Input: Sendable {
        public var path: String
        public var data: Data

        public init(path: String, data: Data) {
            self.path = path
            self.data = data
        }
    }

    /// Reads `files` and builds the benchmark from them (`build(name:resolver:inputs:)`).
    static func build(name: String, resolver: ArchitectureResolver, files: [URL]) throws -> TabularBenchmark {
        let inputs = try files.map { url in
            Input(path: url.path,
                  data: try FileChecks.read(url, what: "input file (--from)", missingHint: "check the path given to --from"))
        }
        return try build(name: name, resolver: resolver, inputs: inputs)
    }

    /// Builds the benchmark from CSV `inputs` already in memory (at least one).
    public static func build(name: String, resolver: ArchitectureResolver, inputs: [Input]) throws -> TabularBenchmark {
        guard !inputs.isEmpty else {
            throw NaswiftError.invalidArgument("no input files for benchmark '\(name)'", hint: "pass at least one --from FILE")
        }
        var keys: [String] = []
        var architectures: [String] = []
        var rowOfKey: [String: Int] = [:]
        var metricNames: [String] = []
        var columns: [String: [Double]] = [:]
        var columnSource: [String: String] = [:]
        var sources: [BenchmarkSource] = []

        for input in inputs {
            let url = URL(fileURLWithPath: input.path), data = input.data
            sources.append(BenchmarkSource(file: url.lastPathComponent, sha256: SHA256.hex(of: data)))
            let table = try CSVTable(data: data, source: input.path)
            guard let archColumn = resolver.columns.first(where: { table.columnIndex($0) != nil }),
                  let archIndex = table.columnIndex(archColumn) else {
                throw NaswiftError(.dataCorrupt,
                                   "\(input.path): no architecture column for space '\(resolver.spaceName)' (header: \(table.header.joined(separator: ",")))",
                                   hint: "name the column holding the architecture one of: \(resolver.columns.joined(separator: ", "))")
            }
            let metricColumns = table.header.indices.filter { $0 != archIndex && table.header[$0] != "index" }
            let convert = try resolver.converter(for: archColumn)

            // Resolve every row's key, then read its metrics.
            var fileRows = [Int](repeating: 0, count: table.rows.count)
            var seenInFile: [String: Int] = [:]
            var newKeys: [(String, String)] = []
            for r in table.rows.indices {
                let cell = table.rows[r][archIndex]
                let resolved: (key: String, architecture: String)
                do { resolved = try convert(cell) } catch let error as NaswiftError {
                    throw NaswiftError(error.kind, "\(input.path):\(table.lineNumbers[r]): \(error.message)", hint: error.hint)
                }
                if let first = seenInFile.updateValue(table.lineNumbers[r], forKey: resolved.key) {
                    throw NaswiftError(.dataCorrupt,
                                       "\(input.path):\(table.lineNumbers[r]): architecture '\(cell)' repeats line \(first) (same key \(resolved.key))",
                                       hint: "keep one row per architecture")
                }
                if let row = rowOfKey[resolved.key] {
                    fileRows[r] = row
                } else {
                    fileRows[r] = keys.count + newKeys.count
                    newKeys.append((resolved.key, resolved.architecture))
                }
            }
            var fileValues: [[Double]] = []
            for c in metricColumns {
                var v = [Double](repeating: .nan, count: table.rows.count)
                for r in table.rows.indices { v[r] = try table.number(row: r, column: c) }
                fileValues.append(v)
            }
            for (k, a) in newKeys {
                rowOfKey[k] = keys.count
                keys.append(k)
                architectures.append(a)
            }
            for name in metricNames { columns[name]!.append(contentsOf: repeatElement(.nan, count: newKeys.count)) }

            // Decide the column names: keep them unless some shared column disagrees.
            var disagreement: String?
            for (m, c) in metricColumns.enumerated() {
                guard let existing = columns[table.header[c]] else { continue }
                for r in table.rows.indices {
                    let a = existing[fileRows[r]], b = fileValues[m][r]
                    if !a.isNaN, !b.isNaN, a != b { disagreement = table.header[c]; break }
                }
                if disagreement != nil { break }
            }
            var names = metricColumns.map { table.header[$0] }
            if disagreement != nil {
                let stem = url.deletingPathExtension().lastPathComponent
                let tag = stem.split(separator: "_").last.map(String.init) ?? stem
                names = names.map { "\($0)_\(tag)" }
            }
            for (m, metric) in names.enumerated() {
                if var existing = columns[metric] {
                    for r in table.rows.indices {
                        let a = existing[fileRows[r]], b = fileValues[m][r]
                        if !a.isNaN, !b.isNaN, a != b {
                            throw NaswiftError(.dataCorrupt,
                                               "metric '\(metric)' differs between \(columnSource[metric] ?? "?") and \(input.path) (line \(table.lineNumbers[r]): \(a) vs \(b))",
                                               hint: "rename the column in one of the files so each metric has one meaning")
                        }
                        if a.isNaN { existing[fileRows[r]] = b }
                    }
                    columns[metric] = existing
                } else {
                    var column = [Double](repeating: .nan, count: keys.count)
                    for r in table.rows.indices { column[fileRows[r]] = fileValues[m][r] }
                    columns[metric] = column
                    columnSource[metric] = input.path
                    metricNames.append(metric)
                }
            }
        }
        guard !keys.isEmpty else {
            throw NaswiftError(.dataCorrupt, "no rows in \(inputs.map(\.path).joined(separator: ", "))",
                               hint: "the files hold a header but no data rows")
        }
        let tasks = TaskPresets.tasks(space: resolver.spaceName, metrics: metricNames)
        return try TabularBenchmark(name: name, spaceName: resolver.spaceName, metrics: metricNames, keys: keys,
                                    architectures: architectures, values: metricNames.map { columns[$0]! },
                                    tasks: tasks, sources: sources)
    }
}
