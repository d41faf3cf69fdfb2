import Foundation

/// A strict JSON parser (RFC 8259) straight into `JSONValue`. Foundation's `JSONDecoder` reaches
/// an untyped value only by trying one type after another, which costs seconds on a 1000-entry
/// FHIR page; this reads each byte once, straight from the buffer.
struct JSONParser {
    struct Failure: Error, CustomStringConvertible {
        let offset: Int
        let reason: String
        var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    private var depth = 0
    private var pendingMembers: [[(key: String, value: JSONValue)]] = []
    /// Deeper nesting than any real resource is refused rather than risking the stack.
    private static let maximumDepth = 512

    /// `bytes` must outlive the parser: it lives only inside `JSONScanner.scan` or `peek`.
    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    func failure(_ reason: String) -> Failure { Failure(offset: index, reason: reason) }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func value() throws -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw failure("unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return try number()
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw failure("unexpected end") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw failure("unknown literal")
        }
        index += count
    }

    private mutating func nest() throws {
        depth += 1
        guard depth <= Self.maximumDepth else { throw failure("nesting deeper than \(Self.maximumDepth)") }
    }

    private mutating func object() throws -> JSONValue {
        guard try openObject() else { return .object([:]) }
        // Members wait in a list kept for this depth, so the dictionary is made at its final size
        // instead of growing (and rehashing) three or four times for a typical resource.
        let level = depth - 1
        while pendingMembers.count <= level { pendingMembers.append([]) }
        pendingMembers[level].removeAll(keepingCapacity: true)
        repeat {
            let key = try memberName()
            pendingMembers[level].append((key, try value()))
        } while try nextMember()
        var members = [String: JSONValue](minimumCapacity: pendingMembers[level].count)
        for (key, member) in pendingMembers[level] { members[key] = member }  // a repeated key: the last wins
        pendingMembers[level].removeAll(keepingCapacity: true)
        return .object(members)
    }

    private mutating func array() throws -> JSONValue {
        guard try openArray() else { return .array([]) }
        var elements: [JSONValue] = []
        repeat { elements.append(try value()) } while try nextElement()
        return .array(elements)
    }

    /// Steps over the value at the cursor, checking it as strictly as `value()` does but
    /// building nothing.
    mutating func skipCheckedValue() throws {
        skipWhitespace()
        guard index < bytes.count else { throw failure("unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            guard try openObject() else { return }
            repeat {
                try expectKey()
                try skipString()
                try expectColon()
                try skipCheckedValue()
            } while try nextMember()
        case UInt8(ascii: "["):
            guard try openArray() else { return }
            repeat { try skipCheckedValue() } while try nextElement()
        case UInt8(ascii: "\""):
            try skipString()
        default:
            _ = try value()  // a number or a literal: nothing worth not building
        }
    }

    // MARK: Steps through objects and arrays (shared with `JSONScanner`)

    /// Steps into the object at the cursor: true when it has members, false (the object read
    /// whole) when it is empty. One level deeper until the last `nextMember()` of a non-empty one.
    mutating func openObject() throws -> Bool {
        try open(closedBy: UInt8(ascii: "}"))
    }

    /// The next member's name, the cursor then at its value.
    mutating func memberName() throws -> String {
        try expectKey()
        let key = try string()
        try expectColon()
        return key
    }

    /// The same, left in the text (the range of its bytes) unless it holds an escape.
    mutating func memberNameInPlace() throws -> JSONName {
        try expectKey()
        let quote = index
        index += 1
        let start = index
        let allBytes = try plainRun()
        let name: JSONName
        if bytes[index] == UInt8(ascii: "\"") && allBytes < 0x80 {
            name = JSONName(inPlace: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            index += 1
        } else {
            index = quote
            name = JSONName(decoded: try string())
        }
        try expectColon()
        return name
    }

    private mutating func expectKey() throws {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a key") }
    }

    private mutating func expectColon() throws {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':'") }
        index += 1
        skipWhitespace()
    }

    /// After a member's value: true when another member follows, false at the object's end.
    mutating func nextMember() throws -> Bool {
        try next(closedBy: UInt8(ascii: "}"), "expected ',' or '}'")
    }

    /// Steps into the array at the cursor (as `openObject()`).
    mutating func openArray() throws -> Bool {
        try open(closedBy: UInt8(ascii: "]"))
    }

    /// After an element: true when another follows, false at the array's end.
    mutating func nextElement() throws -> Bool {
        try next(closedBy: UInt8(ascii: "]"), "expected ',' or ']'")
    }

    private mutating func open(closedBy close: UInt8) throws -> Bool {
        try nest()
        index += 1
        skipWhitespace()
        guard index < bytes.count, bytes[index] == close else { return true }
        index += 1
        depth -= 1
        return false
    }

    private mutating func next(closedBy close: UInt8, _ expected: String) throws -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw failure("unexpected end") }
        if bytes[index] == UInt8(ascii: ",") { index += 1; return true }
        if bytes[index] == close { index += 1; depth -= 1; return false }
        throw failure(expected)
    }

    mutating func string() throws -> String {
        index += 1
        let start = index
        let allBytes = try plainRun()
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            let utf8 = UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)])
            // ASCII is valid UTF-8: only other strings need the (costlier) strict validation.
            return allBytes < 0x80 ? String(decoding: utf8, as: UTF8.self) : try text(utf8)
        }
        var scalars = [UInt8](bytes[start..<index])
        while bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\") {
                try escape(into: &scalars)
            } else {
                guard bytes[index] >= 0x20 else { throw failure("control character in a string") }
                scalars.append(bytes[index])
                index += 1
            }
            guard index < bytes.count else { throw failure("unterminated string") }
        }
        index += 1
        return try scalars.withUnsafeBufferPointer(text)
    }

    /// Steps over the string at the cursor, checking it as `string()` does.
    private mutating func skipString() throws {
        let quote = index
        index += 1
        let start = index
        let allBytes = try plainRun()
        // Escapes are rare in what is stepped over: the full reading checks them.
        guard bytes[index] == UInt8(ascii: "\"") else { index = quote; _ = try string(); return }
        if allBytes >= 0x80 { _ = try text(UnsafeBufferPointer(rebasing: bytes[start..<index])) }
        index += 1
    }

    /// Steps over a string's bytes up to its closing quote or first escape, refusing control
    /// characters and the end of the text; the bits of every byte, or-ed (below 0x80: all ASCII).
    private mutating func plainRun() throws -> UInt8 {
        var allBytes: UInt8 = skipPlainWords() ? 0x80 : 0
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
            guard bytes[index] >= 0x20 else { throw failure("control character in a string") }
            allBytes |= bytes[index]
            index += 1
        }
        guard index < bytes.count else { throw failure("unterminated string") }
        return allBytes
    }

    /// Steps over string bytes eight at a time while none of the eight is a quote, a backslash
    /// or a control character (the bytes after it are then read one by one); true when one of
    /// those stepped over is not ASCII. Most of a page's bytes are inside strings.
    mutating func skipPlainWords() -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var seen: UInt64 = 0
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            guard !Self.mayEndPlainRun(word) else { break }
            seen |= word
            index += 8
        }
        return seen & Self.highBits != 0
    }

    private static let lowBits: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether a byte of `word` may be a quote, a backslash or below 0x20: never wrong when it
    /// says no (the classic "has a zero byte" test, Hacker's Delight 6-1).
    private static func mayEndPlainRun(_ word: UInt64) -> Bool {
        func hasZeroByte(_ word: UInt64) -> Bool { (word &- lowBits) & ~word & highBits != 0 }
        let belowSpace = (word &- lowBits &* 0x20) & ~word & highBits != 0
        return belowSpace || hasZeroByte(word ^ (lowBits &* 0x22)) || hasZeroByte(word ^ (lowBits &* 0x5C))
    }

    private func text(_ utf8: UnsafeBufferPointer<UInt8>) throws -> String {
        guard let text = String(validating: utf8, as: UTF8.self) else { throw failure("a string is not valid UTF-8") }
        return text
    }

    private mutating func escape(into output: inout [UInt8]) throws {
        index += 1
        guard index < bytes.count else { throw failure("unterminated escape") }
        let character = bytes[index]
        index += 1
        switch character {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(character)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
            var code = try hex4()
            if (0xD800...0xDBFF).contains(code) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw failure("unpaired surrogate")
                }
                index += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw failure("unpaired surrogate") }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(code) else { throw failure("invalid code point") }
            output.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            throw failure("unknown escape")
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Character(Unicode.Scalar(bytes[index])).hexDigitValue else { throw failure("bad \\u escape") }
            value = value * 16 + UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func number() throws -> JSONValue {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        var isInteger = true
        while index < bytes.count {
            let byte = bytes[index]
            if (0x30...0x39).contains(byte) {
                index += 1
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
                isInteger = false
                index += 1
            } else {
                break
            }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let integer = Int(text) { return .int(integer) }
        guard !text.isEmpty, text != "-", let double = Double(text) else { throw failure("expected a value") }
        return .double(double)
    }
}
