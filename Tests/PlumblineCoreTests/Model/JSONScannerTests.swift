import Foundation
import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Scanning JSON", .tags(.small))
struct JSONScannerTests {
    /// What the readers below take from `{"id", "tags", "meta": {"author": {"reference"}}}`.
    struct Picked: Equatable {
        var id: String?
        var active: Bool?
        var tags: [String] = []
        var author: String?
    }

    static func pick(_ text: String) throws -> Picked {
        try JSONScanner.scan(Data(text.utf8)) { scanner in
            var picked = Picked()
            try scanner.members { scanner, name in
                switch name {
                case "id": picked.id = try scanner.string()
                case "active": picked.active = try scanner.bool()
                case "tags": picked.tags = try strings(from: &scanner)
                case "meta": picked.author = try authorReference(from: &scanner)
                default: break
                }
            }
            return picked
        }
    }

    /// `meta.author.reference`, each level read whole: the way to make the last of a repeated
    /// member count.
    static func authorReference(from scanner: inout JSONScanner) throws -> String? {
        var reference: String?
        try scanner.members { meta, name in
            guard name == "author" else { return }
            reference = nil
            try meta.members { author, name in
                if name == "reference" { reference = try author.string() }
            }
        }
        return reference
    }

    static func strings(from scanner: inout JSONScanner) throws -> [String] {
        var strings: [String] = []
        try scanner.elements { element in
            if let string = try element.string() { strings.append(string) }
        }
        return strings
    }

    @Test func readsWhatItAsksForAndStepsOverTheRest() throws {
        let text = #"""
            {"skipped": {"deep": [1, 2.5e3, {"x": null}], "s": "a \"quoted\" \\ \u00e9"}, "id": "m-1",
             "tags": ["a", 7, "b", {"c": 1}, "d"], "active": false, "meta": {"versionId": "3", "author": {"reference": "Practitioner/p", "display": "P"}}}
            """#
        #expect(try Self.pick(text) == Picked(id: "m-1", active: false, tags: ["a", "b", "d"], author: "Practitioner/p"))
    }

    /// Where a parsed tree's accessors answer nil, so do the scanner's; the value is stepped over.
    @Test func aValueOfAnotherTypeReadsAsNil() throws {
        #expect(try Self.pick(#"{"id": 12, "active": "true", "tags": {"a": "b"}, "meta": ["author"]}"#) == Picked())
        #expect(try Self.pick(#"{"id": null, "active": null, "tags": null, "meta": null}"#) == Picked())
        #expect(try Self.pick(#"[{"id": "inside an array, not read"}]"#) == Picked())
        #expect(try Self.pick(#""a string""#) == Picked())
    }

    /// A name spelled with escapes, or not in ASCII, is the name it decodes to.
    @Test func namesAreComparedAsTheyDecode() throws {
        #expect(try Self.pick(#"{"\u0069d": "escaped", "act\u0069ve": true}"#) == Picked(id: "escaped", active: true))
        #expect(try Self.pick(#"{"ïd": "not the same name"}"#) == Picked())
    }

    /// Assigned whole each time its name is read, a repeated member counts as its last, as in
    /// a parsed tree.
    @Test func ofARepeatedMemberTheLastCounts() throws {
        let text = #"{"id": "first", "meta": {"author": {"reference": "A"}}, "id": "second", "meta": {"author": {}}}"#
        let tree = try JSONValue.parse(Data(text.utf8))
        #expect(try Self.pick(text) == Picked(id: tree["id"]?.string, author: tree["meta"]?["author"]?["reference"]?.string))
        #expect(try Self.pick(text) == Picked(id: "second"))
    }

    @Test func capturingGivesTheExactBytesOfTheValue() throws {
        let first = #"{ "resourceType": "AccessPolicy", "id": "a", "resource": [{"resourceType": "Patient"}] }"#
        let second = #"{"id":"b","user":{"reference":"User/1"}}"#
        let text = #"  {"entry": [{"fullUrl": "x", "resource": \#(first)}, {"resource":\#(second)}], "link": []}"#
        let data = Data(text.utf8).dropFirst(2)  // a slice whose indices do not start at zero
        let captured = try JSONScanner.scan(data) { bundle in
            var texts: [Data] = []
            try bundle.members { bundle, name in
                guard name == "entry" else { return }
                try bundle.elements { entry in
                    try entry.members { entry, name in
                        if name == "resource" { texts.append(try entry.capturing { try $0.value() }.text) }
                    }
                }
            }
            return texts
        }
        #expect(captured.map { String(decoding: $0, as: UTF8.self) } == [first, second])
    }

    static let malformed = [
        "", "{", "[1,]", "{\"a\" 1}", "tru", "\"unterminated", "01x", "\"\\q\"", "\"\\ud83d\"", "[1] 2", "\"a\u{1}b\"",
        #"{"a": 1,}"#, #"{"a": [1 2]}"#, #"{"a": "x\qy"}"#, #"{"a": {"b": tru}}"#, #"{"a\u{1}": 1}"#, #"{"a": "\u12"}"#,
        String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000),
    ]

    /// A value stepped over is checked as strictly as one parsed: the scanner refuses exactly
    /// what the parser refuses.
    @Test(arguments: malformed)
    func whatTheParserRefusesTheScannerRefuses(text: String) {
        #expect(throws: (any Error).self) { try JSONValue.parse(Data(text.utf8)) }
        #expect(throws: (any Error).self) { try JSONScanner.scan(Data(text.utf8)) { try $0.skip() } }
        #expect(throws: (any Error).self) { try Self.pick(text) }
    }

    @Test func bytesThatAreNotUTF8AreRefusedEvenWhenSteppedOver() {
        for bytes: [UInt8] in [[0x22, 0x61, 0xFF, 0x22], [0x7B, 0x22, 0x78, 0x22, 0x3A, 0x22, 0xC3, 0x22, 0x7D]] {
            #expect(throws: (any Error).self) { try JSONScanner.scan(Data(bytes)) { try $0.skip() } }
        }
        #expect((try? JSONScanner.scan(Data([0x22, 0xC3, 0xA9, 0x22])) { try $0.string() }) == "é")
    }

    /// Damaged copies of a page: scanning and parsing agree on every one, and where both accept,
    /// they read the same.
    @Test func scanningAndParsingAgreeOnDamagedText() throws {
        let sample: JSONValue = [
            "id": "m-1", "active": true, "tags": ["a", "é", "line\nbreak", "quote\"d"],
            "meta": ["versionId": "7", "author": ["reference": "Practitioner/p", "display": "Dr P"]], "n": [1, .double(-2.5), .null],
        ]
        for seed in Fuzzing.seeds(500) {
            var mutator = Mutator(seed: UInt64(seed))
            let text = mutator.bytes(sample.encoded())
            let parsed = try? JSONValue.parse(text)
            let scanned = try? JSONScanner.scan(text) { try $0.skip() }
            #expect((parsed == nil) == (scanned == nil), "seed \(seed)")
            if let parsed, let picked = try? Self.pick(String(decoding: text, as: UTF8.self)) {
                #expect(picked.id == parsed["id"]?.string, "seed \(seed)")
                #expect(picked.author == parsed["meta"]?["author"]?["reference"]?.string, "seed \(seed)")
            }
        }
    }
}
