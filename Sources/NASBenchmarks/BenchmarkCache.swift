import Foundation
import NASCore

/// The compact binary cache file of one benchmark (`<data dir>/benchmarks/NAME.nasbench`).
///
/// Layout (all integers little-endian; sections start on 8-byte boundaries):
///
/// | offset | bytes | content |
/// |---|---|---|
/// | 0 | 8 | magic `NASWBNCH` |
/// | 8 | 4 | format version (UInt32, currently 1) |
/// | 12 | 4 | flags (UInt32; bit 0: architectures equal keys and are stored once) |
/// | 16 | 8 | rows R (UInt64) |
/// | 24 | 8 | metrics M (UInt64) |
/// | 32 | 8 | metadata length J (UInt64) |
/// | 40 | 8 | string bytes S (UInt64) |
/// | 48 | 16 | reserved, zero |
/// | 64 | J, padded to 8 | metadata, UTF-8 JSON with sorted keys: name, space, metrics, tasks, sources |
/// | | 8·R·M | metric columns, Float64, column after column (NaN = missing) |
/// | | 4·(R+1) | key offsets into the string bytes (UInt32) |
/// | | 4·(R+1) | architecture offsets, continuing after the keys (absent when flag bit 0 is set) |
/// | | S | string bytes (UTF-8), then zeros up to an 8-byte boundary |
/// | end-32 | 32 | SHA-256 of every byte before it |
///
/// A load checks magic, version, exact file size, the checksum, then decodes; any mismatch is a
/// `.dataCorrupt` error naming the file and the command that rebuilds it.
public enum BenchmarkCache {
    static let magic: [UInt8] = Array("NASWBNCH".utf8)
    static let version: UInt32 = 1
    static let headerSize = 64
    static let trailerSize = 32

    struct Metadata: Codable {
        var name: String
        var space: String
        var metrics: [String]
        var tasks: [BenchmarkTask]
        var sources: [BenchmarkSource]
    }

    /// Serialises `benchmark`; returns the file bytes and the content checksum (hex).
    static func encode(_ benchmark: TabularBenchmark) throws -> (bytes: [UInt8], sha256: String) {
        let rows = benchmark.count, metricCount = benchmark.metrics.count
        let meta = Metadata(name: benchmark.name, space: benchmark.spaceName, metrics: benchmark.metrics,
                            tasks: benchmark.tasks, sources: benchmark.sources)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = Array(try encoder.encode(meta))
        let sharedStrings = benchmark.keys == benchmark.architectures
        var strings: [UInt8] = []
        var keyOffsets: [UInt32] = [0]
        for k in benchmark.keys { strings.append(contentsOf: k.utf8); keyOffsets.append(UInt32(strings.count)) }
        // Architecture strings follow the keys in the same byte area.
        var archOffsets: [UInt32] = [UInt32(strings.count)]
        if !sharedStrings {
            for a in benchmark.architectures { strings.append(contentsOf: a.utf8); archOffsets.append(UInt32(strings.count)) }
        }
        guard strings.count < Int(UInt32.max) else {
            throw NaswiftError.invalidArgument("benchmark '\(benchmark.name)' has more than 4 GB of key text")
        }
        var out: [UInt8] = []
        out.reserveCapacity(headerSize + json.count + 8 * rows * metricCount + 8 * (rows + 1) + strings.count + 64)
        out.append(contentsOf: magic)
        append(&out, version)
        append(&out, UInt32(sharedStrings ? 1 : 0))
        append(&out, UInt64(rows))
        append(&out, UInt64(metricCount))
        append(&out, UInt64(json.count))
        append(&out, UInt64(strings.count))
        out.append(contentsOf: [UInt8](repeating: 0, count: headerSize - out.count))
        out.append(contentsOf: json)
        pad(&out)
        for column in benchmark.columns { for v in column { append(&out, v.bitPattern) } }
        for o in keyOffsets { append(&out, o) }
        if !sharedStrings { for o in archOffsets { append(&out, o) } }
        out.append(contentsOf: strings)
        pad(&out)
        let digest = SHA256.digest(out)
        out.append(contentsOf: digest)
        return (out, SHA256.hexString(digest))
    }

    /// Decodes and verifies a cache file's bytes. `file` and `rebuild` are used in error messages.
    public static func decode(_ data: Data, file: String, rebuild: String) throws -> TabularBenchmark {
        func corrupt(_ what: String) -> NaswiftError {
            NaswiftError(.dataCorrupt, "benchmark cache \(file) is corrupt: \(what)", hint: "rebuild it with: \(rebuild)")
        }
        return try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> TabularBenchmark in
            let size = raw.count
            guard size >= headerSize + trailerSize else {
                throw corrupt("truncated (\(size) bytes, smaller than the \(headerSize + trailerSize)-byte header and checksum)")
            }
            guard Array(raw[0..<8]) == magic else { throw corrupt("not a naswift benchmark cache (wrong magic bytes)") }
            let fileVersion: UInt32 = load(raw, 8)
            guard fileVersion == version else {
                throw corrupt("cache format version \(fileVersion), this naswift reads version \(version)")
            }
            let flags: UInt32 = load(raw, 12)
            let rows64: UInt64 = load(raw, 16), metrics64: UInt64 = load(raw, 24)
            let json64: UInt64 = load(raw, 32), strings64: UInt64 = load(raw, 40)
            let limit = UInt64(size)
            guard rows64 < limit, metrics64 < limit, json64 < limit, strings64 < limit else {
                throw corrupt("header counts exceed the file size (truncated or damaged header)")
            }
            let rows = Int(rows64), metricCount = Int(metrics64), jsonLength = Int(json64), stringLength = Int(strings64)
            guard rows >= 1 else { throw corrupt("the header declares 0 rows (a benchmark holds at least one)") }
            let shared = flags & 1 == 1
            let metaEnd = headerSize + padded(jsonLength)
            let (cells, cellsOverflow) = rows.multipliedReportingOverflow(by: metricCount)
            guard !cellsOverflow, cells <= size / 8 else {
                throw corrupt("the header declares \(rows) rows x \(metricCount) metrics, more values than the file's \(size) bytes hold")
            }
            let valuesEnd = metaEnd + 8 * cells
            let offsetTables = shared ? 1 : 2
            let offsetsEnd = valuesEnd + 4 * (rows + 1) * offsetTables
            let expected = padded(offsetsEnd + stringLength) + trailerSize
            guard expected == size else {
                throw corrupt(expected > size ? "truncated (\(size) bytes, the header promises \(expected))"
                                              : "\(size - expected) unexpected extra bytes (the header promises \(expected))")
            }
            var hasher = SHA256()
            hasher.update(buffer: UnsafeRawBufferPointer(rebasing: raw[0..<(size - trailerSize)]))
            let digest = hasher.finalize()
            guard digest.elementsEqual(raw[(size - trailerSize)...]) else {
                throw corrupt("SHA-256 checksum mismatch (the file was modified or damaged)")
            }
            let meta: Metadata
            do {
                meta = try JSONDecoder().decode(Metadata.self, from: Data(raw[headerSize..<(headerSize + jsonLength)]))
            } catch {
                throw corrupt("unreadable metadata (\(error))")
            }
            guard meta.metrics.count == metricCount else { throw corrupt("metadata lists \(meta.metrics.count) metrics, the header \(metricCount)") }

            var columns: [[Double]] = []
            columns.reserveCapacity(metricCount)
            for m in 0..<metricCount {
                let start = metaEnd + 8 * rows * m
                let column = [Double](unsafeUninitializedCapacity: rows) { buffer, count in
                    let dst = UnsafeMutableRawBufferPointer(buffer)
                    dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[start..<(start + 8 * rows)]))
                    #if _endian(big)
                    for i in 0..<rows { buffer[i] = Double(bitPattern: UInt64(littleEndian: buffer[i].bitPattern)) }
                    #endif
                    count = rows
                }
                // NaN is a missing value; an infinity is refused (caches made before the import
                // refused non-finite cells may hold one).
                if let i = column.firstIndex(where: { $0.isInfinite }) {
                    throw corrupt("metric '\(meta.metrics[m])' of row \(i) is \(column[i]), not a finite number")
                }
                columns.append(column)
            }
            let stringBase = offsetsEnd
            func strings(table: Int, start: UInt32) throws -> [String] {
                var out: [String] = []
                out.reserveCapacity(rows)
                var previous: UInt32 = load(raw, table)
                guard previous == start else { throw corrupt("string offsets do not start at \(start)") }
                for i in 1...rows {
                    let next: UInt32 = load(raw, table + 4 * i)
                    guard next >= previous, Int(next) <= stringLength else { throw corrupt("string offsets out of order") }
                    let slice = UnsafeRawBufferPointer(rebasing: raw[(stringBase + Int(previous))..<(stringBase + Int(next))])
                    out.append(String(decoding: slice, as: UTF8.self))
                    previous = next
                }
                return out
            }
            let keys = try strings(table: valuesEnd, start: 0)
            let keysEnd: UInt32 = load(raw, valuesEnd + 4 * rows)
            let architectures = shared ? keys : try strings(table: valuesEnd + 4 * (rows + 1), start: keysEnd)
            do {
                return try TabularBenchmark(name: meta.name, spaceName: meta.space, metrics: meta.metrics, keys: keys,
                                            architectures: architectures, values: columns, tasks: meta.tasks,
                                            sources: meta.sources, sha256: SHA256.hexString(digest))
            } catch let error as NaswiftError {
                throw corrupt(error.message)
            }
        }
    }

    // MARK: little-endian helpers

    private static func append<T: FixedWidthInteger>(_ out: inout [UInt8], _ value: T) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func pad(_ out: inout [UInt8]) {
        while out.count % 8 != 0 { out.append(0) }
    }

    private static func padded(_ n: Int) -> Int { (n + 7) / 8 * 8 }

    private static func load<T: FixedWidthInteger>(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> T {
        T(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}
