import Foundation
import NASCore
import Testing

/// No JSON naswift writes can hold `inf` or `nan` (issue 18, finding 7): hand-written lines get
/// `null`, whole documents refuse with the key path.
@Suite("JSON text")
struct JSONTextTests {
    struct Summary: Encodable {
        struct Stat: Encodable { var mean: Double; var std: Double }
        var name = "s"
        var final: Stat
        var values: [Double]
    }

    @Test func numbersAreNullWhenNotFinite() {
        #expect(JSONText.number(93.5) == "93.5")
        #expect(JSONText.number(-0.001) == "-0.001")
        for v in [Double.infinity, -.infinity, .nan] { #expect(JSONText.number(v) == "null") }
    }

    @Test func encodeNamesTheNonFinitePath() throws {
        let ok = try JSONText.encode(Summary(final: .init(mean: 1, std: 0), values: [1, 2]), what: "the summary")
        #expect(try JSONSerialization.jsonObject(with: ok) is [String: Any])
        let e = #expect(throws: NaswiftError.self) {
            try JSONText.encode(Summary(final: .init(mean: .infinity, std: 0), values: []), what: "the run summary (--json)")
        }
        #expect(e?.kind == .numerical)
        #expect(e?.message == "cannot write the run summary (--json): final.mean is inf, which JSON cannot hold", "\(e?.message ?? "")")
        let n = #expect(throws: NaswiftError.self) {
            try JSONText.encode(Summary(final: .init(mean: 1, std: 0), values: [1, .nan]), what: "x")
        }
        #expect(n?.message.contains("values[1] is nan") == true, "\(n?.message ?? "")")
    }

    @Test func serializeChecksNestedNumbers() throws {
        let good: [String: Any] = ["a": 1.5, "b": [["c": 2]], "d": "text", "e": NSNull()]
        #expect(try JSONSerialization.jsonObject(with: JSONText.serialize(good, what: "x")) is [String: Any])
        let bad: [String: Any] = ["a": 1.5, "b": [["c": Double.infinity]]]
        let e = #expect(throws: NaswiftError.self) { try JSONText.serialize(bad, what: "the bench figures") }
        #expect(e?.message == "cannot write the bench figures: b[0].c is inf, which JSON cannot hold", "\(e?.message ?? "")")
        #expect(throws: NaswiftError.self) { try JSONText.serialize([Float.nan], what: "x") }
    }
}
