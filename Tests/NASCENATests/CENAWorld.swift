import Foundation
import NASCENA
import NASCore
import NASSpaces
import NASTestSupport

/// A small real CENA world shared by the contrastive and search tests (built once per process):
/// an EPDJM store of `cellCount` real NB201 cells (every 113th cell of the space, so all kinds of
/// cells appear), full-size networks on 4 real CIFAR-10 images, 4 inits, 4 directions (the strategy
/// conformance checks need over 120 cells); and the
/// cells' real CIFAR-10 test accuracy (%) from ../shared/data/nb201/nb201_200ep.csv.
final class CENAWorld: Sendable {
    static let cellCount = 128
    static let shared: CENAWorld = {
        do { return try CENAWorld() } catch { fatalError("CENA test world: \(error)") }
    }()

    let directory: URL
    let codes: [Int]
    let accuracy: [NB201Cell: Double]

    init() throws {
        directory = PythonScript.tempURL("cena-world")
        codes = (0..<Self.cellCount).map { ($0 * 113 + 7) % NB201Cell.cellCount }
        let images = try CIFARImages(contentsOf: Fixtures.cifarURL, records: try CIFARImages.sample(4, of: 1000, seed: 2))
        let meta = EPDJMStore.Meta(space: "nb201", batch: 4, inits: 4, proj: 4, seed: 1, imagesSHA256: images.fileChecksum,
                                   imageRecords: images.records, blasThreads: 1)
        let store = try EPDJMStore(directory: directory, meta: meta, space: .nb201, codes: codes)
        try store.computePending(space: .nb201, images: images.images)
        try store.finish()
        let text = try String(contentsOf: SharedData.url("nb201/nb201_200ep.csv"), encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline)
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        let ai = header.firstIndex(of: "arch")!, vi = header.firstIndex(of: "cifar10_test_acc")!
        let wanted = Set(codes)
        var acc: [NB201Cell: Double] = [:]
        for line in lines {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard let c = try? NB201Space().parse(String(f[ai])), wanted.contains(Int(c.code)), let v = Double(f[vi]) else { continue }
            acc[c] = v
        }
        accuracy = acc
    }

    var cells: [NB201Cell] { codes.map { NB201Cell(code: $0)! } }

    func sets() throws -> EPDJMSets { try EPDJMSets(directories: [directory]) }

    /// A small configuration that trains in seconds (widths 16, batches of 16 cells).
    static func smallConfig(epochs: Int = 3, seed: UInt64 = 1) -> ContrastiveConfig {
        var c = ContrastiveConfig.reference
        c.hidden = 16; c.embedding = 12; c.projection = 10
        c.batchSize = 16; c.epochs = epochs; c.learningRate = 1e-3; c.seed = seed; c.chunk = 12
        return c
    }
}
