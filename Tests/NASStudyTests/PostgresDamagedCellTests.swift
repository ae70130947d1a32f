import Foundation
import NASCore
import NASStudy
import Testing

/// A PostgreSQL database whose cells hold the wrong type (edited by hand, or by another program)
/// gives a `NaswiftError` naming the study or trial and the column, never a trap (issue 18).
@Suite("PostgreSQL storage: damaged cells",
       .enabled(if: TestStorages.postgresEnabled, "NASWIFT_TEST_POSTGRES_URL is not set (scripts/test.sh starts a server)"))
struct PostgresDamagedCellTests {
    @Test func wrongTypedCellsThrowNamedErrors() async throws {
        let base = try TestStorages.url(.postgres)
        guard let slash = base.lastIndex(of: "/") else { Issue.record("no database in \(base)"); return }
        let db = "naswift_bad_\(UUID().uuidString.prefix(8).lowercased())"
        let url = String(base[..<slash]) + "/" + db
        try SchemaMigrationTests.psql(base, "CREATE DATABASE \(db)")
        defer { try? SchemaMigrationTests.psql(base, "DROP DATABASE \(db) WITH (FORCE)") }

        let storage = try await StorageURL(parsing: url).open()
        let study = try await storage.createStudy(StudySpec(name: "s", space: "nb201", strategy: "random", metric: "acc",
                                                           direction: .maximize, budget: 3))
        let queued = try await storage.enqueue(studyID: study.id, architectures: ["|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|"],
                                               seenTrialCount: 0, claimFor: nil)
        #expect(queued.inserted.count == 1)
        _ = try await storage.finish(trialID: queued.inserted[0].id, worker: nil, outcome: .complete(value: 0.5))
        #expect(try await storage.trials(studyID: study.id).first?.value == 0.5)

        // A text value where a number belongs.
        try SchemaMigrationTests.psql(url, "ALTER TABLE naswift_trials ALTER COLUMN value TYPE text; UPDATE naswift_trials SET value = 'abc'")
        do {
            _ = try await storage.trials(studyID: study.id)
            Issue.record("a text value was read as a trial")
        } catch let e as NaswiftError {
            #expect(e.kind == .dataCorrupt)
            #expect(e.message.contains("trial id \(queued.inserted[0].id)") && e.message.contains("'value'") && e.message.contains("'abc'"),
                    "\(e.message)")
            #expect(e.hint?.contains("export") == true)
        }
        // An infinite value (float8 holds one; JSON exports and reports cannot).
        try SchemaMigrationTests.psql(url, "UPDATE naswift_trials SET value = 'Infinity'")
        do {
            _ = try await storage.trials(studyID: study.id)
            Issue.record("an infinite value was read as a trial")
        } catch let e as NaswiftError {
            #expect(e.message.contains("'value'") && e.message.contains("'Infinity'") && e.message.contains("finite"), "\(e.message)")
        }
        // A text budget in the study row.
        try SchemaMigrationTests.psql(url, "ALTER TABLE naswift_studies ALTER COLUMN budget TYPE text; UPDATE naswift_studies SET budget = 'ten'")
        do {
            _ = try await storage.studies()
            Issue.record("a text budget was read as a study")
        } catch let e as NaswiftError {
            #expect(e.message.contains("study 's'") && e.message.contains("'budget'") && e.message.contains("'ten'"), "\(e.message)")
        }
        await storage.close()
    }
}
