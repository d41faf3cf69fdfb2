import Foundation
import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Parsing JSON", .tags(.small))
struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(Data(text.utf8)) }

    @Test func valuesKeepTheirTypes() throws {
        #expect(try parse(#"{"a": [1, -2, 3.5, 1e3, true, false, null, "x"]}"#) == ["a": [1, -2, .double(3.5), .double(1000), true, false, .null, "x"]])
        #expect(try parse(" [ ] ") == [])
        #expect(try parse("{}") == [:])
    }

    @Test func escapesAndSurrogatesDecode() throws {
        #expect(try parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#) == .string("a\"b\\c/d\n\té😀"))
        #expect(try parse(#""Irène""#) == "Irène")
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"unterminated", "01x", "\"\\q\"", "\"\\ud83d\"", "[1] 2", "\"a\u{1}b\""])
    func malformedInputIsRefused(text: String) {
        #expect(throws: (any Error).self) { try parse(text) }
    }

    @Test func absurdNestingIsRefusedInsteadOfOverflowingTheStack() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: (any Error).self) { try parse(deep) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect((try? parse(fine)) != nil)
    }

    @Test func encodingRoundTrips() throws {
        let value: JSONValue = ["b": [1, "two", ["three": true]], "a": .null, "é": .double(0.25)]
        #expect(try JSONValue.parse(value.encoded()) == value)
        #expect(String(decoding: value.encoded(), as: UTF8.self) == #"{"a":null,"b":[1,"two",{"three":true}],"é":0.25}"#)
    }
}
