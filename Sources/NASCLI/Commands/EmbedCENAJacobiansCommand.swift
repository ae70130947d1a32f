import ArgumentParser
import Foundation
import NASCENA
import NASCore
import NASLinalg
import NASRunner

/// `naswift embed cena jacobians --space nb201|natsss --images FILE [--cells all|FILE | --sample N]
/// [--batch 256 --inits 4 --proj 128 --seed 0 --threads T] [--shard i/n] --out DIR`.
struct EmbedCENAJacobiansCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jacobians",
        abstract: "Compute projected data Jacobians (EPDJMs) of cells into a resumable store.",
        discussion: """
            Per cell and init: a network with PyTorch-default weights (NB201 TinyNetwork C=16 N=5, or the NATS \
            size-space network), batch norm in training mode, the gradient of the sum of its logits over one fixed \
            batch of images, projected on its top --proj singular directions. DIR/epdjm.npy is float32 \
            [cells, inits, batch, proj] (numpy.load(..., mmap_mode='r')), rows in DIR/index.csv. Re-running the same \
            command resumes a killed run (at most the cell in flight is lost) and gives the same file. One NB201 EPDJM \
            takes seconds to tens of seconds on one CPU (BENCHMARKS.md), so the default is a sample of 2,000 cells; \
            `--cells all` computes the whole space.
            """)

    @Option(help: "Search space: nb201 or natsss.")
    var space: String

    @Option(help: "CIFAR-10 binary file the image batch is drawn from (1 label byte + 3,072 pixel bytes per image).")
    var images: String

    @Option(help: "'all' (every cell of the space), a text file with one cell string per line, or a CSV with an 'arch' column.")
    var cells: String?

    @Option(help: "Cells drawn uniformly at random (seeded by --seed) when --cells is not given.")
    var sample: Int = 2000

    @Option(help: "Images in the batch (drawn from the file, seeded by --seed).")
    var batch: Int = 256

    @Option(help: "Independent initialisations per cell.")
    var inits: Int = 4

    @Option(help: "Singular directions kept (at most --batch).")
    var proj: Int = 128

    @Option(help: "Seed of the cell sample, the image batch and the network weights.")
    var seed: UInt64 = 0

    @Option(help: "BLAS threads (default: all cores). A resumed run must use the same count to give the same bytes.")
    var threads: Int?

    @Option(help: "Output directory (created; an existing store of the same run is resumed).")
    var out: String

    @Option(help: "Compute only shard i of n (i/n, 0-based): every n-th selected cell from the i-th, into its own --out. The shards' rows equal the unsharded run's; train/export/map/transfer take all shard directories together.")
    var shard: String?

    func run() throws {
        let s = try CENASpace.named(space)
        guard inits >= 1 else { throw NaswiftError.invalidArgument("--inits must be >= 1, got \(inits)", hint: "CENA uses --inits 4") }
        guard batch >= 2 else { throw NaswiftError.invalidArgument("--batch must be >= 2 (training-mode batch norm), got \(batch)", hint: "CENA uses --batch 256") }
        guard proj >= 1, proj <= min(batch, 3072) else {
            throw NaswiftError.invalidArgument("--proj must be in 1...\(min(batch, 3072)) (at most --batch), got \(proj)", hint: "CENA uses --proj 128 with --batch 256")
        }
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        guard threadCount >= 1 else { throw NaswiftError.invalidArgument("--threads must be >= 1, got \(threadCount)", hint: "e.g. --threads 2") }
        let codes = try Self.shardCells(try selectCells(s), shard: shard)
        let file = URL(fileURLWithPath: images)
        let all = try CIFARImages(contentsOf: file)
        guard batch <= all.fileRecords else {
            throw NaswiftError.invalidArgument("--batch \(batch) but '\(images)' holds \(all.fileRecords) images", hint: "pass --batch \(all.fileRecords) or less, or a larger file")
        }
        let chosen = try CIFARImages(contentsOf: file, records: try CIFARImages.sample(batch, of: all.fileRecords, seed: seed))
        let meta = EPDJMStore.Meta(space: s.rawValue, batch: batch, inits: inits, proj: proj, seed: seed,
                                   imagesSHA256: chosen.fileChecksum, imageRecords: chosen.records, blasThreads: threadCount)
        let store = try EPDJMStore(directory: URL(fileURLWithPath: out), meta: meta, space: s, codes: codes)
        let resumed = store.finished.count
        print("cena jacobians: \(s.rawValue), \(codes.count) cells (\(resumed) already done), \(inits) inits x \(batch) images -> \(proj) directions, seed \(seed), \(threadCount) BLAS thread(s), into \(out)")
        fflushStdout()
        let bar = ProgressBar(label: "EPDJMs", unit: "cells")
        let failed = try BLAS.withThreadCount(threadCount) {
            try store.computePending(space: s, images: chosen.images) { p in
                let line = String(format: "%d/%d  row %d %@  %.1f s/cell  ETA %@", resumed + p.done, codes.count, p.row,
                                  s.string(codes[p.row]), p.elapsed / Double(p.done), Self.duration(p.remaining))
                    + (p.failure.map { "  FAILED: \($0)" } ?? "")
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
                bar.update(p.done, of: p.total, note: "ETA " + Self.duration(p.remaining))
            }
        }
        let sha = try store.finish()
        print("done: \(codes.count - failed.count) cells, \(failed.count) failed; \(out)/epdjm.npy sha256 \(sha)")
        for f in failed { print("failed: row \(f.row) \(s.string(codes[f.row])): \(f.failure ?? "")") }
    }

    /// The cell codes of `--cells` / `--sample`, ascending for a sample, in file order for a list.
    func selectCells(_ s: CENASpace) throws -> [Int] {
        if cells == "all" { return Array(0..<s.cellCount) }
        if let cells {
            var seen = Set<Int>()
            return try CellList(path: cells).parsed { try s.parse($0) }.filter { seen.insert($0).inserted }
        }
        guard sample >= 1, sample <= s.cellCount else {
            throw NaswiftError.invalidArgument("--sample must be in 1...\(s.cellCount), got \(sample)", hint: "or pass --cells all")
        }
        var rng = SeededGenerator(seed: seed, stream: 0xCE11)
        var all = Array(0..<s.cellCount)
        for i in 0..<sample { all.swapAt(i, i + Int(rng.next() % UInt64(s.cellCount - i))) }
        return all.prefix(sample).sorted()
    }

    /// The cells of shard `i/n` of `codes` (positions i, i + n, ...); all of them when `shard` is nil.
    static func shardCells(_ codes: [Int], shard: String?) throws -> [Int] {
        guard let shard else { return codes }
        let parts = shard.split(separator: "/").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let i = parts[0], let n = parts[1], n >= 1, i >= 0, i < n else {
            throw NaswiftError.invalidArgument("--shard must be i/n with 0 <= i < n, got '\(shard)'", hint: "e.g. --shard 0/4 ... --shard 3/4 on four machines")
        }
        let mine = stride(from: i, to: codes.count, by: n).map { codes[$0] }
        guard !mine.isEmpty else {
            throw NaswiftError.invalidArgument("shard \(shard) of \(codes.count) cells is empty", hint: "use fewer shards than cells")
        }
        return mine
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%dh%02dm", s / 3600, s % 3600 / 60) : String(format: "%dm%02ds", s / 60, s % 60)
    }
}
