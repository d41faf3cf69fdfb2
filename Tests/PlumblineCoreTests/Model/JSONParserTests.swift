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

    @Test func stringsThatAreNotUTF8AreRefused() {
        #expect(throws: (any Error).self) { try JSONValue.parse(Data([0x22, 0x61, 0xFF, 0x22])) }
        #expect(throws: (any Error).self) { try JSONValue.parse(Data([0x22, 0xC3, 0x22])) }
        #expect((try? JSONValue.parse(Data([0x22, 0xC3, 0xA9, 0x22]))) == "é")
    }

    /// Strings are stepped over eight bytes at a time: whatever ends or interrupts a plain run
    /// is found at every offset within and across those eight.
    @Test func stringsReadTheSameAtEveryOffset() throws {
        for offset in 0..<20 {
            let plain = String(repeating: "a", count: offset)
            #expect(try parse(#""\#(plain)""#) == .string(plain))
            #expect(try parse(#""\#(plain)\nz\#(plain)\"""#) == .string(plain + "\nz" + plain + "\""), "offset \(offset)")
            #expect(try parse(#""\#(plain)é\#(plain)""#) == .string(plain + "é" + plain))
            #expect(try parse("[\"\(plain)\", \"\(plain)\"]") == [.string(plain), .string(plain)])
            #expect(throws: (any Error).self) { try parse("\"\(plain)\u{1F}\(plain)\"") }
            #expect(throws: (any Error).self) { try parse("\"\(plain)\u{0}\"") }
            #expect(throws: (any Error).self) { try JSONValue.parse(Data([0x22] + Array(plain.utf8) + [0xFF] + Array(plain.utf8) + [0x22])) }
            #expect(throws: (any Error).self) { try parse("\"\(plain)") }
        }
    }

    /// A glance finds a member without parsing what comes before it, whatever that holds.
    @Test func peekStepsOverEverythingButThePath() throws {
        let text = #"""
            {"entry": [{"resource": {"note": "a \"quoted\" ] } [ { \\", "n": -1.5e3, "ok": true, "no": null}}, []],
             "link": [{"relation": "next", "url": "https://x/p2"}],
             "results_metadata": {"total": 3, "next_cursor": "c2"}}
            """#
        let data = Data(text.utf8)
        #expect((try? JSONValue.parse(data)) != nil)
        #expect(JSONValue.peek(["link"], in: data) == [["relation": "next", "url": "https://x/p2"]])
        #expect(JSONValue.peek(["results_metadata", "next_cursor"], in: data) == "c2")
        #expect(JSONValue.peek(["results_metadata", "absent"], in: data) == nil)
        #expect(JSONValue.peek(["entry", "resource"], in: data) == nil, "only objects are stepped into")
        #expect(JSONValue.peek(["link"], in: Data(#"{"entry": [1, 2"#.utf8)) == nil, "cut short")
        #expect(JSONValue.peek(["link"], in: Data("[1]".utf8)) == nil)
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

    /// The hand-written writer must produce JSONEncoder's bytes exactly: fingerprints of saved
    /// plans and the snapshot tests were made with JSONEncoder.
    @Test func encodingMatchesJSONEncoderByteForByte() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var random = Mutator.Generator(seed: 11)
        let texts = ["", "plain", "Irène", "a\"b", "back\\slash", "http://x/y", "tab\tnew\nline\r", "\u{0}\u{1}\u{1F}\u{7F}", "😀", "\u{8}\u{C}", "B", "a", "Z", "_", "é", "e\u{301}", "10", "9"]
        let numbers: [JSONValue] = [0, -1, .int(Int.max), .int(Int.min), .double(0.25), .double(2), .double(-0.0), .double(1e20), .double(1.5e-7), .double(123456789.125)]
        func value(depth: Int) -> JSONValue {
            switch Int.random(in: 0..<(depth > 3 ? 4 : 7), using: &random) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &random))
            case 2: return numbers.randomElement(using: &random)!
            case 3: return .string(texts.randomElement(using: &random)!)
            case 4: return .array((0..<Int.random(in: 0...4, using: &random)).map { _ in value(depth: depth + 1) })
            default:
                var members: [String: JSONValue] = [:]
                for _ in 0..<Int.random(in: 0...6, using: &random) { members[texts.randomElement(using: &random)!] = value(depth: depth + 1) }
                return .object(members)
            }
        }
        for _ in 0..<500 {
            let sample = value(depth: 0)
            #expect(String(decoding: sample.encoded(), as: UTF8.self) == String(decoding: try encoder.encode(sample), as: UTF8.self))
        }
    }
}
