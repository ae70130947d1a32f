import Foundation
import NASBenchmarks
import NASCore
import NASLinalg
import NASSpaces
import NASStrategies
import NASTestSupport
import Testing
@testable import NASRunner

@Suite struct RunnerTests {
    @Test func tableIsTheRealNB201() throws {
        let t = try NB201Tables.cifar10()
        #expect(t.architectures.count == 15_625)
        #expect(abs((t.report.max() ?? 0) - 94.373) < 0.001)
        #expect(t.guideDirection == .maximize && t.reportDirection == .maximize)
    }

    @Test func sameSeedSameResultRegardlessOfThreadsAndSeedBlock() throws {
        let table = try NB201Tables.cifar10()
        for strategy in ["random", "re", "ls"] {
            let spec = try RunSpec(strategy: strategy, budget: 60, seeds: 12, batchSize: 3)
            let one = try Runner.run(spec, on: table, threads: 1)
            let many = try Runner.run(spec, on: table, threads: 4)
            #expect(one.seeds.map(\.rows) == many.seeds.map(\.rows))
            #expect(one.seeds.map(\.seed) == Array(0..<12))
            // Seed 7 alone gives what seed 7 gave inside the block.
            let alone = try Runner.run(try RunSpec(strategy: strategy, budget: 60, seeds: 1, firstSeed: 7, batchSize: 3), on: table)
            #expect(alone.seeds[0].rows == one.seeds[7].rows)
            // Different seeds search differently.
            #expect(Set(one.seeds.map(\.rows)).count == 12)
        }
    }

    /// Seeds run with one BLAS thread whatever `threads` is: OpenBLAS rounds differently with
    /// 1 and 2 threads, so a multi-threaded BLAS would make results depend on the thread count.
    @Test func seedsRunWithOneBLASThreadForEveryThreadCount() throws {
        for threads in [1, 2] {
            let counts = try Runner.parallelMap(count: 4, threads: threads, progress: nil) { _ in BLAS.threadCount }
            #expect(counts == [1, 1, 1, 1], "threads: \(threads)")
        }
    }

    @Test func curvesAreRecomputedFromTheQueries() throws {
        let table = try NB201Tables.cifar10()
        let r = try Runner.run(try RunSpec(strategy: "re", budget: 100, seeds: 5), on: table)
        for s in r.seeds {
            #expect(s.queryCount == 100)
            var bestG = -Double.infinity, bestGR = Double.nan, bestR = -Double.infinity
            for q in 0..<100 {
                let row = Int(s.rows[q])
                if table.guide[row] > bestG { bestG = table.guide[row]; bestGR = table.report[row] }
                bestR = max(bestR, table.report[row])
                #expect(s.bestGuidedReport[q] == bestGR)
                #expect(s.oracleBestReport[q] == bestR)
                #expect(s.oracleBestReport[q] >= s.bestGuidedReport[q])
            }
            #expect(s.elapsed.last == s.rows.reduce(0) { $0 + table.cost![Int($1)] })
        }
    }

    @Test func smallerIsBetterReportMetricsAreHandled() throws {
        let acc = try NB201Tables.cifar10()
        let err = try NB201Tables.cifar10(reportAsError: true)
        #expect(err.reportDirection == .minimize)
        let spec = try RunSpec(strategy: "ls", budget: 80, seeds: 6)
        let a = try Runner.run(spec, on: acc), e = try Runner.run(spec, on: err)
        // Same guide, so the same queries; the report curves are 100 - accuracy curves.
        #expect(a.seeds.map(\.rows) == e.seeds.map(\.rows))
        for (sa, se) in zip(a.seeds, e.seeds) {
            for q in 0..<80 {
                #expect(abs(se.bestGuidedReport[q] - (100 - sa.bestGuidedReport[q])) < 1e-9)
                #expect(abs(se.oracleBestReport[q] - (100 - sa.oracleBestReport[q])) < 1e-9)
            }
        }
    }

    @Test func timeBudgetStopsAtTheCrossingQuery() throws {
        let table = try NB201Tables.cifar10()
        let r = try Runner.run(try RunSpec(strategy: "random", budget: nil, timeBudget: 12_000, seeds: 8), on: table)
        for s in r.seeds {
            #expect(s.elapsed.last! >= 12_000)
            #expect(s.elapsed.dropLast().last! < 12_000)
            #expect(s.queryCount >= 2 && s.queryCount < 20)  // NB201 cells train 600-3,000 s
        }
        // A query budget and a time budget: whichever ends first.
        let both = try Runner.run(try RunSpec(strategy: "random", budget: 3, timeBudget: 1e9, seeds: 2), on: table)
        #expect(both.seeds.allSatisfy { $0.queryCount == 3 })
    }

    @Test func exhaustedDomainEndsTheSeedEarly() throws {
        let full = try NB201Tables.cifar10()
        let small = try RunTable(benchmark: "nb201-first-30", task: "cifar10", spaceName: "nb201", dataSHA256: "x",
                                 architectures: Array(full.architectures.prefix(30)),
                                 guideMetric: full.guideMetric, guide: Array(full.guide.prefix(30)),
                                 reportMetric: full.reportMetric, report: Array(full.report.prefix(30)))
        let r = try Runner.run(try RunSpec(strategy: "random", budget: 100, seeds: 3), on: small)
        #expect(r.seeds.allSatisfy { $0.queryCount == 30 && Set($0.rows).count == 30 })
        #expect(r.seeds.allSatisfy { $0.finalOracleBestReport == full.report.prefix(30).max() })
    }

    @Test func missingGuideValuesAreFailedEvaluations() throws {
        let full = try NB201Tables.cifar10()
        var guide = full.guide
        for i in stride(from: 0, to: guide.count, by: 2) { guide[i] = .nan }
        let t = try RunTable(benchmark: "nb201-half-missing", task: "cifar10", spaceName: "nb201", dataSHA256: "x",
                             architectures: full.architectures, guideMetric: full.guideMetric, guide: guide,
                             reportMetric: full.reportMetric, report: full.report)
        for strategy in ["random", "re", "ls"] {
            let r = try Runner.run(try RunSpec(strategy: strategy, budget: 100, seeds: 4), on: t)
            for s in r.seeds {
                #expect(s.queryCount == 100)
                // The incumbent is always an architecture with a guide value.
                let withGuide = s.rows.filter { !guide[Int($0)].isNaN }
                let best = withGuide.max { guide[Int($0)] < guide[Int($1)] }!
                #expect(s.finalBestGuidedReport == full.report[Int(best)])
            }
        }
    }

    @Test func badSpecsAreRejected() {
        #expect(throws: NaswiftError.self) { try RunSpec(strategy: "re", budget: 0, seeds: 1) }
        #expect(throws: NaswiftError.self) { try RunSpec(strategy: "re", budget: 10, seeds: 0) }
        #expect(throws: NaswiftError.self) { try RunSpec(strategy: "re", budget: 10, timeBudget: -5, seeds: 1) }
        #expect(throws: NaswiftError.self) { try RunSpec(strategy: "re", budget: nil, seeds: 1) }
        #expect(throws: NaswiftError.self) { try RunSpec(strategy: "re", budget: 10, seeds: 1, batchSize: 0) }
    }

    @Test func unknownStrategyAndMissingCostAreErrors() throws {
        let table = try NB201Tables.cifar10()
        do {
            _ = try Runner.run(try RunSpec(strategy: "bogus", budget: 10, seeds: 2), on: table)
            Issue.record("expected an error")
        } catch let e as NaswiftError {
            #expect(e.kind == .unknownName && e.hint!.contains("random"))
        }
        let noCost = try RunTable(benchmark: "b", task: "t", spaceName: "nb201", dataSHA256: "x", architectures: table.architectures,
                                  guideMetric: "g", guide: table.guide, reportMetric: "r", report: table.report)
        #expect(throws: NaswiftError.self) { try Runner.run(try RunSpec(strategy: "re", budget: nil, timeBudget: 100, seeds: 1), on: noCost) }
    }
}

/// The runner on a benchmark imported through `BenchmarkStore` (the path the CLI takes).
@Suite struct StoreBackedRunnerTests {
    @Test func storeTableMatchesTheCSVAndRunsIdentically() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-runner-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = BenchmarkStore(directory: dir)
        let bench = try store.importCSV(name: "nb201", space: "nb201",
                                        files: [SharedData.url("nb201/nb201_200ep.csv"), SharedData.url("nb201-12ep/nb201_12ep.csv")])
        let t = try RunTable(benchmark: try store.load("nb201"), task: "cifar10")
        #expect(t.guideMetric == "cifar10_valid_val_acc" && t.reportMetric == "cifar10_test_acc")
        #expect(t.costMetric == "cifar10_valid_train_seconds")
        #expect(t.dataSHA256 == bench.sha256 && t.dataSHA256.count == 64)
        let csv = try NB201Tables.cifar10()
        // Same architectures (possibly another row order) with the same values.
        let rowOf = Dictionary(uniqueKeysWithValues: csv.architectures.enumerated().map { ($1, $0) })
        for i in stride(from: 0, to: t.architectures.count, by: 97) {
            let j = try #require(rowOf[t.architectures[i]])
            #expect(abs(t.guide[i] - csv.guide[j]) < 1e-9 && abs(t.report[i] - csv.report[j]) < 1e-9)
        }
        // The 12-epoch tasks: guide and report from the 12-epoch columns.
        let t12 = try RunTable(benchmark: try store.load("nb201"), task: "cifar100-12ep")
        #expect(t12.guideMetric != t12.reportMetric)
        #expect(throws: NaswiftError.self) { try RunTable(benchmark: bench, task: "cifar11") }
        #expect(throws: NaswiftError.self) { try RunTable(benchmark: bench, task: "cifar10", guide: "nope") }
        #expect(throws: NaswiftError.self) { try RunTable(benchmark: bench, task: nil) }
        let custom = try RunTable(benchmark: bench, task: nil, guide: "cifar10_test_acc", report: "cifar10_test_acc")
        #expect(custom.task == "custom" && custom.cost == nil)
        // Same seeds, same strategy: the search result is the same architectures whichever table order.
        let a = try Runner.run(try RunSpec(strategy: "re", budget: 50, seeds: 3), on: t)
        #expect(a.seeds.allSatisfy { $0.queryCount == 50 })
        #expect(a.summary.data_sha256 == bench.sha256)
    }
}
