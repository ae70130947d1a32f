import Foundation
import NASBenchmarks
import NASCore
import NASSpaces
import NASTestSupport
import Testing

/// `naswift data import analognas|nbgraph`: the PyPI packages are installed once into
/// `.build/naswift-pypi` (reused across tests and runs), converted by our script and imported;
/// the results are checked against the pickles read independently by Python.
@Suite("PyPI benchmark imports")
struct PyPIImportTests {
    @Test func analognasRoundTripAndCorrelationWithNB201() throws {
        let store = try BenchmarkTestSupport.temporaryStore()
        let imported = try store.importPackage("analognas", packages: BenchmarkTestSupport.pypiCache)
        let b = try store.load("analognas")
        #expect(b.sha256 == imported.sha256)
        #expect(b.count == 15_625 && b.spaceName == "nb201")
        #expect(b.tasks == [BenchmarkTask(name: "cifar10", guideMetric: "analog_accuracy", reportMetric: "analog_accuracy")])
        #expect(b.metrics.count == 5 + 16)

        // Every record, read by Python with a throw-away unpickler, against our rows.
        let installed = PyPIDataPackage.analognas.installDirectory(in: BenchmarkTestSupport.pypiCache)
        let code = """
        import pickle, sys
        class P: pass
        class U(pickle.Unpickler):
            def find_class(self, module, name):
                if module == 'analognasbench.data': return P
                raise pickle.UnpicklingError(module + '.' + name)
        d = U(open(sys.argv[1] + '/analognasbench/data.anb', 'rb')).load()
        for k, v in d.items():
            print(''.join(map(str, k)), repr(v.baseline_accuracy), repr(v.analog_accuracy),
                  repr(v.analog_drift_86400.value), repr(v.analog_drift_86400.uncertainty))
        """
        let lines = try BenchmarkTestSupport.python(code, [installed.path]).split(separator: "\n")
        #expect(lines.count == 15_625)
        let space = NB201Space()
        let opOfCode = ["skip_connect", "none", "nor_conv_3x3", "nor_conv_1x1", "avg_pool_3x3"]
        let positionOfEdge = [0, 1, 3, 2, 4, 5]  // AnalogNAS tuple order (e1, e2, e4, e3, e5, e6)
        for line in lines {
            let f = line.split(separator: " ").map(String.init)
            let codes = f[0].map { Int(String($0))! }
            let ops = (0..<6).map { NB201Space.opNames.firstIndex(of: opOfCode[codes[positionOfEdge[$0]]])! }
            let key = space.key(try #require(NB201Cell(ops: ops)))
            let row = try #require(b.row(forKey: key))
            #expect(try b.value("baseline_accuracy", row: row) == Double(f[1]))
            #expect(try b.value("analog_accuracy", row: row) == Double(f[2]))
            #expect(try b.value("analog_drift_86400", row: row) == Double(f[3]))
            #expect(try b.value("analog_drift_86400_std", row: row) == Double(f[4]))
        }

        // The data README: correlation 0.9994 with NB201's cifar10_test_acc.
        let nb201 = try store.importCSV(name: "nb201", space: "nb201", files: [SharedData.url("nb201/nb201_200ep.csv")])
        let test = try nb201.column("cifar10_test_acc")
        let baseline = try b.column("baseline_accuracy")
        let aligned = nb201.keys.map { baseline[b.row(forKey: $0)!] }
        let r = BenchmarkTestSupport.pearson(aligned, test)
        #expect((r * 10_000).rounded() / 10_000 == 0.9994, "correlation \(r)")
    }

    @Test func nbgraphRoundTrip() throws {
        let store = try BenchmarkTestSupport.temporaryStore()
        let imported = try store.importPackage("nbgraph", packages: BenchmarkTestSupport.pypiCache)
        let b = try store.load("nbgraph")
        #expect(b.sha256 == imported.sha256)
        #expect(b.count == 26_206 && b.spaceName == "nbgraph")
        #expect(b.tasks.map(\.name) == NBGraphDatasets.names)
        #expect(try b.task(named: "cora") == BenchmarkTask(name: "cora", guideMetric: "cora_valid_perf", reportMetric: "cora_test_perf"))
        let space = NBGraphSpace()
        #expect(Set(b.keys) == Set(NBGraphSpace.all.map(space.key)))
        for r in stride(from: 0, to: b.count, by: 101) {
            let a = try space.parse(b.architectures[r])
            #expect(space.key(a) == b.keys[r])
        }

        // Per data set: record count, sums and two records, from the pickles read by Python.
        let installed = PyPIDataPackage.nbgraph.installDirectory(in: BenchmarkTestSupport.pypiCache)
        let code = """
        import pickle, sys, math
        for ds in sys.argv[2:]:
            d = pickle.load(open(sys.argv[1] + '/nas_bench_graph/light/' + ds + '.bench', 'rb'))
            s = [math.fsum(float(v[m]) for v in d.values()) for m in ('valid_perf', 'perf', 'latency', 'para')]
            r = d[88887]
            print(ds, len(d), *map(repr, s), repr(float(r['valid_perf'])), repr(float(r['perf'])))
        """
        let lines = try BenchmarkTestSupport.python(code, [installed.path] + NBGraphDatasets.names).split(separator: "\n")
        #expect(lines.count == 9)
        for line in lines {
            let f = line.split(separator: " ").map(String.init)
            let ds = f[0]
            for (i, m) in ["valid_perf", "test_perf", "latency", "params"].enumerated() {
                let column = try b.column("\(ds)_\(m)").filter { !$0.isNaN }
                #expect(column.count == Int(f[1]))
                let sum = column.reduce(0, +), theirs = Double(f[2 + i])!
                #expect(abs(sum - theirs) <= 1e-9 * abs(theirs), "\(ds)_\(m): \(sum) vs \(theirs)")
            }
            #expect(try b.value("\(ds)_valid_perf", key: "88887") == Double(f[6]))
            #expect(try b.value("\(ds)_test_perf", key: "88887") == Double(f[7]))
        }
        #expect(try b.column("proteins_test_perf").filter { !$0.isNaN }.count == 2_021)
        #expect(try b.column("cora_test_perf").allSatisfy { !$0.isNaN })
    }

    /// The install is cached: a second install finds the package and does not run pip.
    @Test func installIsReused() throws {
        let first = try PyPIDataPackage.analognas.install(in: BenchmarkTestSupport.pypiCache)
        let modified = { try FileManager.default.attributesOfItem(atPath: first.path)[.modificationDate] as? Date }
        let before = try modified()
        let second = try PyPIDataPackage.analognas.install(in: BenchmarkTestSupport.pypiCache)
        #expect(first.standardizedFileURL.path == second.standardizedFileURL.path)
        #expect(try modified() == before)
        #expect(FileManager.default.fileExists(atPath: second.appendingPathComponent(PyPIDataPackage.analognas.marker).path))
        do {
            _ = try BenchmarkTestSupport.temporaryStore().importPackage("nb999")
            Issue.record("importing an unknown package must fail")
        } catch let e as NaswiftError {
            #expect(e.kind == .unknownName && e.hint?.contains("analognas, nbgraph") == true)
        }
    }
}
