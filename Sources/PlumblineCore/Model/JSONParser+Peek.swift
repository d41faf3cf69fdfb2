import Foundation

/// Glancing at one member of a JSON text without parsing the rest.
extension JSONParser {
    /// The value at `path` (member names from the top-level object down), parsing only that
    /// value and stepping over every other one: a glance at a page's `next` link before the
    /// page is parsed. Nil when the path is absent or the text is not JSON there; a glance, never
    /// a substitute for parsing (a repeated key, say, is not looked for).
    static func peek(_ path: [String], in data: Data) -> JSONValue? {
        data.withUnsafeBytes { raw in
            var parser = JSONParser(bytes: raw.bindMemory(to: UInt8.self))
            return try? parser.member(at: path[...])
        }
    }

    private mutating func member(at path: ArraySlice<String>) throws -> JSONValue? {
        guard let wanted = path.first else { return try value() }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{"), try openObject() else { return nil }
        repeat {
            if try memberName() == wanted { return try member(at: path.dropFirst()) }
            try skipValue()
        } while try nextMember()
        return nil
    }

    /// Steps over one value, checking only what it must to find the value's end: brackets
    /// outside strings, and escapes inside them.
    private mutating func skipValue() throws {
        skipWhitespace()
        var open = 0
        repeat {
            guard index < bytes.count else { throw failure("unexpected end") }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index += 1
                _ = skipPlainWords()
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                index += 1
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                open += 1
                index += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                open -= 1
                index += 1
            case UInt8(ascii: ","), UInt8(ascii: ":"), 0x20, 0x09, 0x0A, 0x0D:
                index += 1
            default:
                // A number or a literal: up to the next delimiter.
                while index < bytes.count, !Self.isDelimiter(bytes[index]) { index += 1 }
            }
        } while open > 0
        guard open == 0 else { throw failure("unbalanced brackets") }
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D: true
        default: false
        }
    }
}
