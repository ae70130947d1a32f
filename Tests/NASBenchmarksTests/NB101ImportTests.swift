import Foundation
import NASBenchmarks
import NASCore
import NASSpaces
import NASTestSupport
import Testing

@Suite("NB101 import")
struct NB101ImportTests {
    /// nb101_20k.csv is keyed by module hash only: every hash is resolved to its cell by
    /// enumerating the space; the 1,000 graphs given in nb101_1k_graphs.csv must be the cells found.
    @Test func hashesResolveToCells() throws {
        let store = try BenchmarkTestSupport.temporaryStore()
        let url = SharedData.url("nb101/nb101_20k.csv")
        _ = try store.importCSV(name: "nb101-20k", space: "nb101", files: [url])
        let b = try store.load("nb101-20k")
        #expect(b.count == 20_001 && b.spaceName == "nb101")
        #expect(b.metrics == ["val_acc_4ep", "val_acc_12ep", "val_acc_36ep", "val_acc_108ep", "params", "train_seconds_108ep"])
        #expect(b.tasks == [BenchmarkTask(name: "cifar10", guideMetric: "val_acc_108ep", reportMetric: "val_acc_108ep",
                                          costMetric: "train_seconds_108ep")])
        let csv = try CSVTable(contentsOf: url)
        #expect(b.keys == csv.rows.map { $0[0] })
        let space = NB101Space()
        let graphs = try CSVTable(contentsOf: SharedData.url("nb101/nb101_1k_graphs.csv"))
        for (i, g) in graphs.rows.enumerated() {
            let row = try #require(b.row(forKey: g[0]))
            let cell = try space.parse(b.architectures[row])
            #expect(space.key(cell) == g[0])
            let n = Int(g[1])!
            let dag = space.graph(cell)
            #expect(dag.nodeCount == n)
            // The same cell up to vertex order: same labels as a multiset.
            #expect(dag.labels.sorted() == g[3].split(separator: ",").map(String.init).sorted(), "row \(i)")
        }
        #expect(try b.value("val_acc_108ep", row: 0) == Double(csv.rows[0][4]))
    }

    @Test func unknownHashIsAnError() throws {
        let store = try BenchmarkTestSupport.temporaryStore()
        let dir = try BenchmarkTestSupport.temporaryDirectory()
        let url = dir.appendingPathComponent("bad.csv")
        try "hash,val_acc_108ep\n00005c142e6f48ac74fdcf73e3439874,0.9\nffffffffffffffffffffffffffffffff,0.8\n"
            .write(to: url, atomically: true, encoding: .utf8)
        do {
            _ = try store.importCSV(name: "bad", space: "nb101", files: [url])
            Issue.record("an unknown hash must fail")
        } catch let e as NaswiftError {
            #expect(e.message.contains("\(url.path):3:"))
        }
    }
}
