import Foundation
import Testing
@testable import NASCore

@Suite struct TextEscapingTests {
    /// JSON literals parse back (Foundation's parser) to the original string.
    @Test func jsonStringRoundTrips() throws {
        for s in ["plain", "|nor_conv_3x3~0|+|none~0|", "quote \" back\\slash", "line\nbreak\r\ttab", "bell\u{07}", "ünï©ødé"] {
            let parsed = try JSONSerialization.jsonObject(with: Data(TextEscaping.jsonString(s).utf8), options: [.fragmentsAllowed])
            #expect(parsed as? String == s)
        }
    }

    @Test func csvFieldsQuoteOnlyWhenNeeded() {
        #expect(TextEscaping.csvField("a~0|b") == "a~0|b")
        #expect(TextEscaping.csvField("in,put") == "\"in,put\"")
        #expect(TextEscaping.csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(TextEscaping.csvField("two\nlines") == "\"two\nlines\"")
        #expect(TextEscaping.csvField("cr\rhere") == "\"cr\rhere\"")
    }
}
