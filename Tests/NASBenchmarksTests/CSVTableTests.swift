import Foundation
import NASBenchmarks
import NASCore
import Testing

@Suite("CSVTable")
struct CSVTableTests {
    func table(_ text: String) throws -> CSVTable { try CSVTable(data: Data(text.utf8), source: "t.csv") }

    @Test func quotesCRLFAndEmptyCells() throws {
        let t = try table("\u{FEFF}arch,ops,acc\r\n\"a,b\",\"say \"\"hi\"\"\nthere\",1.5\r\n\r\nc,,\r\nd,x,NA")
        #expect(t.header == ["arch", "ops", "acc"])
        #expect(t.rows == [["a,b", "say \"hi\"\nthere", "1.5"], ["c", "", ""], ["d", "x", "NA"]])
        #expect(t.lineNumbers == [2, 5, 6])
        #expect(try t.number(row: 0, column: 2) == 1.5)
        #expect(try t.number(row: 1, column: 2).isNaN)
        #expect(try t.number(row: 2, column: 2).isNaN)
    }

    @Test func malformedInputNamesTheLine() throws {
        func message(_ text: String) -> String? {
            do { _ = try table(text) } catch let e as NaswiftError { return e.message } catch { return nil }
            return nil
        }
        #expect(message("a,b\n1,2\n3\n")?.hasPrefix("t.csv:3: row has 1 cells") == true)
        #expect(message("a,b\n1,\"2\n")?.hasPrefix("t.csv:2: quoted cell is never closed") == true)
        #expect(message("a,b\n1,x\"y\n")?.hasPrefix("t.csv:2:") == true)
        #expect(message("a,a\n1,2\n")?.contains("appears twice") == true)
        #expect(message("")?.contains("empty") == true)
        let t = try table("a,b\n1,abc\n")
        #expect(throws: NaswiftError.self) { try t.number(row: 0, column: 1) }
    }
}
