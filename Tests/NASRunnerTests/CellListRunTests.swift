import Foundation
import NASCore
import NASSpaces
import Testing
@testable import NASRunner

/// `--cells FILE`: runs restricted to listed cells of the real NB201 table.
@Suite struct CellListRunTests {
    /// 300 cells of the table, every 50th row, as a CSV index (the layout `embed ... export` writes).
    static func list(_ table: RunTable, rows: [Int]) throws -> CellList {
        var text = "row,arch,key\n"
        for (i, r) in rows.enumerated() { text += "\(i),\(table.architectures[r]),\(r)\n" }
        return try CellList(text: text, source: "picked.csv")
    }

    @Test func searchesOnlyTheListedCellsAndNamesTheList() throws {
        var table = try NB201Tables.cifar10()
        let rows = Array(stride(from: 7, to: 15_000, by: 50))
        table.cells = try Self.list(table, rows: rows)
        let listed = Set(rows)
        for strategy in ["random", "re", "tpe"] {
            // random never repeats: a budget of the list's size visits exactly the listed rows
            let result = try Runner.run(try RunSpec(strategy: strategy, budget: rows.count, seeds: 3), on: table, threads: 2)
            for s in result.seeds {
                #expect(s.rows.allSatisfy { listed.contains(Int($0)) }, "\(strategy) seed \(s.seed) left the list")
                if strategy != "re" { #expect(Set(s.rows.map(Int.init)) == listed, "\(strategy) seed \(s.seed)") }
            }
            // the best report any seed can reach is the best of the listed rows
            let best = rows.map { table.report[$0] }.max()!
            #expect(result.finalOracleBestReport.allSatisfy { $0 <= best })
        }
        let r = try Runner.run(try RunSpec(strategy: "random", budget: 20, seeds: 2), on: table)
        #expect(RunReport.protocolLine(r).hasSuffix("searching only the \(rows.count) cells listed in picked.csv (sha256 \(table.cells!.sha256.prefix(12)))"))
        let summary = String(decoding: try RunSummary(r).json(), as: UTF8.self)
        #expect(summary.contains("\"cells_listed\" : \(rows.count)"))
        #expect(summary.contains("\"cells_file\" : \"picked.csv\""))
    }

    @Test func aDuplicateIsSearchedOnce() throws {
        var table = try NB201Tables.cifar10()
        table.cells = try Self.list(table, rows: [3, 9, 3, 12])
        let r = try Runner.run(try RunSpec(strategy: "random", budget: 10, seeds: 1), on: table)
        #expect(Set(r.seeds[0].rows) == [3, 9, 12] && r.seeds[0].rows.count == 3)
        // reports count the distinct cells searched, and say how many entries the list had
        #expect(RunReport.protocolLine(r).contains("searching only the 3 cells listed in picked.csv (sha256 \(table.cells!.sha256.prefix(12)), 4 entries)"))
        let summary = String(decoding: try RunSummary(r).json(), as: UTF8.self)
        #expect(summary.contains("\"cells_listed\" : 4") && summary.contains("\"cells_distinct\" : 3"))
    }

    @Test func cellsOfAnotherSpaceOrOutsideTheTaskAreRefusedByLine() throws {
        var table = try NB201Tables.cifar10()
        table.cells = try CellList(text: "\(table.architectures[0])\n16:16:16:16:16\n", source: "mixed.txt")
        #expect { try Runner.run(try RunSpec(strategy: "random", budget: 2, seeds: 1), on: table) } throws: {
            "\($0)".contains("mixed.txt:2:")
        }
        // a real NB201 cell whose guide value is missing is not in the task's domain
        var guide = table.guide
        guide[5] = .nan
        var holes = try RunTable(benchmark: table.benchmark, task: table.task, spaceName: "nb201", dataSHA256: "x",
                                 architectures: table.architectures, guideMetric: table.guideMetric, guide: guide,
                                 reportMetric: table.reportMetric, report: table.report)
        holes.cells = try CellList(text: "\(table.architectures[4])\n\n\(table.architectures[5])\n", source: "holes.txt")
        #expect { try Runner.run(try RunSpec(strategy: "random", budget: 2, seeds: 1), on: holes) } throws: {
            "\($0)".contains("holes.txt:3:") && "\($0)".contains("not among the 15624 architectures")
        }
    }
}
