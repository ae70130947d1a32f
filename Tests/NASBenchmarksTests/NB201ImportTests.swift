import Foundation
import NASBenchmarks
import NASCore
import NASSpaces
import NASTestSupport
import Testing

@Suite("NB201 import")
struct NB201ImportTests {
    /// Both NB201 tables merged: rows, metric names (12-epoch columns suffixed), presets and the
    /// published optima of the data README.
    @Test func mergedImportHasOptimaAndPresets() throws {
        let store = try BenchmarkTestSupport.temporaryStore()
        let b = try store.importCSV(name: "nb201", space: "nb201", files: BenchmarkTestSupport.nb201Files)
        #expect(b.count == 15_625)
        #expect(b.spaceName == "nb201")
        #expect(b.metrics == [
            "cifar10_valid_val_acc", "cifar10_valid_test_acc", "cifar10_valid_train_seconds", "cifar10_test_acc",
            "cifar100_test_acc", "imagenet16_test_acc",
            "cifar10_valid_val_acc_12ep", "cifar10_test_acc_12ep", "cifar100_val_acc_12ep", "cifar100_test_acc_12ep",
            "imagenet16_val_acc_12ep", "imagenet16_test_acc_12ep",
        ])
        func best(_ m: String) throws -> Double { try b.column(m).max()! }
        #expect(abs(try best("cifar10_valid_val_acc") - 91.607) < 5e-4)
        #expect(abs(try best("cifar10_valid_test_acc") - 91.523) < 5e-4)
        #expect(abs(try best("cifar10_test_acc") - 94.373) < 5e-4)
        #expect(abs(try best("cifar100_test_acc") - 73.513) < 5e-4)
        #expect(abs(try best("imagenet16_test_acc") - 47.311) < 5e-4)
        // 12-epoch optima: test errors 10.84 / 38.82 / 61.73 (DESIGN.md).
        #expect(abs(100 - (try best("cifar10_test_acc_12ep")) - 10.84) < 5e-3)
        #expect(abs(100 - (try best("cifar100_test_acc_12ep")) - 38.82) < 5e-3)
        #expect(abs(100 - (try best("imagenet16_test_acc_12ep")) - 61.73) < 5e-3)
        #expect(try b.column("cifar10_test_acc").allSatisfy { !$0.isNaN })

        #expect(b.tasks == [
            BenchmarkTask(name: "cifar10", guideMetric: "cifar10_valid_val_acc", reportMetric: "cifar10_test_acc",
                          costMetric: "cifar10_valid_train_seconds"),
            BenchmarkTask(name: "cifar100", guideMetric: "cifar100_val_acc_12ep", reportMetric: "cifar100_test_acc"),
            BenchmarkTask(name: "imagenet16", guideMetric: "imagenet16_val_acc_12ep", reportMetric: "imagenet16_test_acc"),
            BenchmarkTask(name: "cifar10-12ep", guideMetric: "cifar10_valid_val_acc_12ep", reportMetric: "cifar10_test_acc_12ep"),
            BenchmarkTask(name: "cifar100-12ep", guideMetric: "cifar100_val_acc_12ep", reportMetric: "cifar100_test_acc_12ep"),
            BenchmarkTask(name: "imagenet16-12ep", guideMetric: "imagenet16_val_acc_12ep", reportMetric: "imagenet16_test_acc_12ep"),
        ])
        #expect(b.sources.map(\.file) == ["nb201_200ep.csv", "nb201_12ep.csv"])
    }

    /// Row i is official index i, keyed by the official string; a value read back through the
    /// cache equals the CSV cell; the checksum is hashlib's SHA-256 of the file minus its trailer.
    @Test func cacheRoundTripAndChecksum() throws {
        let store = try BenchmarkTestSupport.temporaryStore()
        let imported = try store.importCSV(name: "nb201", space: "nb201", files: BenchmarkTestSupport.nb201Files)
        let b = try store.load("nb201")
        #expect(b.sha256 == imported.sha256)
        #expect(b.keys == imported.keys && b.architectures == imported.architectures && b.metrics == imported.metrics)
        for m in b.metrics {
            let x = try b.column(m), y = try imported.column(m)
            #expect(zip(x, y).allSatisfy { $0.bitPattern == $1.bitPattern })
        }
        let csv = try CSVTable(contentsOf: SharedData.url("nb201/nb201_200ep.csv"))
        let space = NB201Space()
        for r in stride(from: 0, to: 15_625, by: 97) {
            #expect(Int(csv.rows[r][0]) == r)
            #expect(b.keys[r] == csv.rows[r][1])
            #expect(b.row(forKey: csv.rows[r][1]) == r)
            #expect(try b.value("cifar10_test_acc", row: r) == Double(csv.rows[r][5]))
            #expect(space.format(try space.parse(b.architectures[r])) == b.architectures[r])
        }
        let file = store.cacheURL("nb201").path
        let code = "import hashlib,sys; d=open(sys.argv[1],'rb').read(); print(hashlib.sha256(d[:-32]).hexdigest())"
        #expect(try BenchmarkTestSupport.python(code, [file]).trimmingCharacters(in: .whitespacesAndNewlines) == b.sha256)
        // Deterministic: the same files give the same checksum in another data directory.
        let other = try BenchmarkTestSupport.temporaryStore()
        #expect(try other.importCSV(name: "nb201", space: "nb201", files: BenchmarkTestSupport.nb201Files).sha256 == b.sha256)
        let listed = try store.list()
        #expect(listed.map(\.name) == ["nb201"])
        #expect(listed.first?.rows == 15_625 && listed.first?.sha256 == b.sha256)
    }

    @Test func natsssImport() throws {
        let store = try BenchmarkTestSupport.temporaryStore()
        let url = SharedData.url("natsss/natsss.csv")
        _ = try store.importCSV(name: "natsss", space: "natsss", files: [url])
        let b = try store.load("natsss")
        #expect(b.count == 32_768)
        #expect(b.metrics == ["cifar10_acc", "cifar100_acc", "imagenet16_acc"])
        #expect(b.tasks.map(\.name) == ["cifar10", "cifar100", "imagenet16"])
        #expect(try b.task(named: "cifar100") == BenchmarkTask(name: "cifar100", guideMetric: "cifar100_acc", reportMetric: "cifar100_acc"))
        let code = """
        import csv, sys
        rows = list(csv.DictReader(open(sys.argv[1])))
        for m in ['cifar10_acc', 'cifar100_acc', 'imagenet16_acc']:
            best = max(rows, key=lambda r: float(r[m]))
            print(m, repr(float(best[m])), best['channels'], sum(float(r[m]) for r in rows))
        """
        for line in try BenchmarkTestSupport.python(code, [url.path]).split(separator: "\n") {
            let f = line.split(separator: " ").map(String.init)
            let column = try b.column(f[0])
            #expect(column.max() == Double(f[1]))
            #expect(try b.value(f[0], key: f[2]) == Double(f[1]))
            #expect(abs(column.reduce(0, +) - Double(f[3])!) < 1e-6)
        }
    }
}
