import Foundation
import Testing
@testable import NASCore

@Suite struct CellListTests {
    @Test func readsOneCellPerLineSkippingBlankLines() throws {
        let l = try CellList(text: "  a|b  \n\n c \r\n", source: "x.txt")
        #expect(l.entries.map(\.text) == ["a|b", "c"])
        #expect(l.entries.map(\.line) == [1, 3])
        #expect(l.sha256 == SHA256.hex(of: Array("  a|b  \n\n c \r\n".utf8)))
    }

    @Test func readsTheArchColumnOfACSVWithQuotes() throws {
        let l = try CellList(text: "row,arch,key\n0,\"x,y\",k\r\n\n1,\"say \"\"z\"\"\",k2\n", source: "i.csv")
        #expect(l.entries.map(\.text) == ["x,y", "say \"z\""])
        #expect(l.entries.map(\.line) == [2, 4])
        #expect(try CellList(text: "arch\nq\n", source: "a.csv").entries.map(\.text) == ["q"])
    }

    @Test func emptyListsAndRowsWithoutAnArchAreErrors() throws {
        for (text, needle) in [("\n \n", "lists no architecture"), ("row,arch\n", "lists no architecture"),
                               ("row,arch\n0,a\n1\n", "e.csv:3: no value in the 'arch' column"), ("row,arch\n0,\n", "e.csv:2:")] {
            #expect { try CellList(text: text, source: "e.csv") } throws: { "\($0)".contains(needle) }
        }
        #expect { try CellList(path: "/nonexistent/cells.txt") } throws: { "\($0)".contains("cannot read the cell list '/nonexistent/cells.txt'") }
    }

    @Test func parseErrorsNameTheLine() throws {
        let l = try CellList(text: "1\n\n2\nx\n", source: "n.txt")
        let parse = { (t: String) throws -> Int in
            guard let v = Int(t) else { throw NaswiftError(.malformedArchitecture, "'\(t)' is no number", hint: "digits") }
            return v
        }
        #expect(try CellList(text: "1\n2\n", source: "ok").parsed(parse) == [1, 2])
        #expect { try l.parsed(parse) } throws: { "\($0)".contains("n.txt:4: 'x' is no number") && "\($0)".contains("digits") }
        #expect { try l.parsed(hint: "only numbers", parse) } throws: { "\($0)".contains("only numbers") }
    }

    @Test func fileSHA256IsOfTheBytes() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("naswift-celllist-\(getpid()).txt")
        defer { try? FileManager.default.removeItem(at: url) }
        let bytes = Array("a\nb\n".utf8)
        try Data(bytes).write(to: url)
        let l = try CellList(path: url.path)
        #expect(l.sha256 == SHA256.hex(of: bytes) && l.source == url.path && l.entries.count == 2)
    }
}
