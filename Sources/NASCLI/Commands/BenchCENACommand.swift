import ArgumentParser
import Foundation
import NASCENA
import NASCore
import NASLinalg

/// `naswift bench cena`: seconds per EPDJM (inits x batch images, projection included) for NB201
/// cells of small, medium and large size, side by side with PyTorch CPU computing the same EPDJMs
/// (`scripts/bench/cena_torch.py`). BENCHMARKS.md "CENA EPDJMs (issue 15)".
public struct BenchCENACommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cena",
        abstract: "CENA: seconds per EPDJM of three NB201 cells, ratio against PyTorch CPU.")

    /// Default cells: no convolution in the cells, the space's typical cell (one 3x3 and one 1x1
    /// convolution; 1.2 of each is the space's mean), and all six edges 3x3 convolutions.
    static let defaultCells = [
        "small=|avg_pool_3x3~0|+|skip_connect~0|none~1|+|skip_connect~0|avg_pool_3x3~1|skip_connect~2|",
        "medium=|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|avg_pool_3x3~0|none~1|skip_connect~2|",
        "large=|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|",
    ]

    @Option(help: "CIFAR-10 binary file (default: $NASWIFT_SHARED/data/cifar10/test_1000.bin, else ../shared/data/...).")
    var images: String?
    @Option(help: "Images per batch.")
    var batch: Int = 256
    @Option(help: "Initialisations per EPDJM.")
    var inits: Int = 4
    @Option(help: "Singular directions kept.")
    var proj: Int = 128
    @Option(help: "Alternating rounds (the fastest of each figure is kept).")
    var rounds: Int = 1
    @OptionGroup var peer: TorchPeerOptions<Peer>
    @OptionGroup var output: BenchOutput
    var threads: Int { peer.threads }
    var torchScript: String { peer.torchScript }
    enum Peer: TorchPeerDefaults { static var script: String { "scripts/bench/cena_torch.py" } }

    public init() {}

    public func run() throws {
        guard rounds >= 1, threads >= 1, inits >= 1, batch >= 2, proj >= 1, proj <= batch else {
            throw NaswiftError.invalidArgument("--rounds, --threads, --inits must be >= 1, --batch >= 2, 1 <= --proj <= --batch",
                                               hint: "e.g. --batch 256 --inits 4 --proj 128")
        }
        let path = images ?? (ProcessInfo.processInfo.environment["NASWIFT_SHARED"].map { $0 + "/data/cifar10/test_1000.bin" } ?? "../shared/data/cifar10/test_1000.bin")
        let file = try CIFARImages(contentsOf: URL(fileURLWithPath: path))
        guard batch <= file.fileRecords else {
            throw NaswiftError.invalidArgument("--batch \(batch) but '\(path)' holds \(file.fileRecords) images", hint: "pass a smaller --batch")
        }
        let x = try CIFARImages(contentsOf: URL(fileURLWithPath: path), records: Array(0..<batch)).images
        let python = peer.peer()
        let cells = Self.defaultCells.map { $0.split(separator: "=", maxSplits: 1).map(String.init) }
        var best: [String: Double] = [:]
        func keep(_ k: String, _ v: Double) { best[k] = min(best[k] ?? .infinity, v) }
        for _ in 0..<rounds {
            try BLAS.withThreadCount(threads) {
                for c in cells {
                    let code = try CENASpace.nb201.parse(c[1])
                    let t = Date()
                    _ = try EPDJM.compute(space: .nb201, code: code, images: x, inits: inits, proj: proj, seed: 0)
                    keep("\(c[0])_s_naswift", Date().timeIntervalSince(t))
                }
            }
            if let python {
                let out = try runTorch(python: python, path: path, cells: cells.map { $0[1] })
                for (c, s) in zip(cells, out) { keep("\(c[0])_s_torch", s) }
            }
        }
        for c in cells {
            if let t = best["\(c[0])_s_torch"] { best["\(c[0])_ratio_naswift_over_torch"] = best["\(c[0])_s_naswift"]! / t }
        }
        best["threads"] = Double(threads)
        print("seconds per EPDJM (\(inits) inits x \(batch) images, projection to \(proj)), NB201 cells:")
        for c in cells { print("  \(c[0]): \(c[1])") }
        for (k, v) in best.sorted(by: { $0.key < $1.key }) { print(String(format: "%-34@ %10.3f", k as NSString, v)) }
        try output.write(best)
    }

    /// Seconds per EPDJM of each cell in PyTorch (one process, the same images).
    func runTorch(python: String, path: String, cells: [String]) throws -> [Double] {
        let args = ["bench", "nb201"] + cells
            + ["--images", path, "--batch", "\(batch)", "--inits", "\(inits)", "--proj", "\(proj)", "--threads", "\(threads)"]
        let secs = PeerScript.lastNumbers(try peer.run(python: python, args))
        guard secs.count == cells.count else {
            throw NaswiftError(.io, "the PyTorch workload printed \(secs.count) figures for \(cells.count) cells",
                               hint: "run \(python) \(torchScript) \(args.joined(separator: " ")) to see its output")
        }
        return secs
    }
}
