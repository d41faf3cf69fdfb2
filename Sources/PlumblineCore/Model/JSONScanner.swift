import Foundation

/// Reads JSON text front to back, straight into the caller's own types. For the pages a large
/// read is made of, building a `JSONValue` tree only to pick a dozen fields out of it, then
/// freeing it, cost about a third of a plan.
///
/// It holds to RFC 8259 as strictly as `JSONValue.parse`: a value stepped over is checked as
/// thoroughly as one that is read, so a text one refuses, the other refuses too. Where the
/// tree's accessors answer nil (a member of something that is not an object, a string that is a
/// number), the scanner's do too; and of a repeated member name, the last is the one that counts
/// as long as the caller assigns what it reads rather than merging it.
public struct JSONScanner: ~Copyable {
    private var parser: JSONParser

    private init(_ parser: JSONParser) {
        self.parser = parser
    }

    /// Reads one JSON text with `read`, which must read (or step over) its one value; anything
    /// but whitespace after it is an error.
    public static func scan<Result>(_ data: Data, _ read: (inout JSONScanner) throws -> Result) throws -> Result {
        try data.withUnsafeBytes { raw in
            var scanner = JSONScanner(JSONParser(bytes: raw.bindMemory(to: UInt8.self)))
            let result = try scanner.consuming(read)
            scanner.parser.skipWhitespace()
            guard scanner.parser.index == scanner.parser.bytes.count else { throw scanner.parser.failure("unexpected data after the value") }
            return result
        }
    }

    /// Calls `each` with the name of every member of the object here, the scanner at the member's
    /// value; a value `each` leaves unread is stepped over. Something other than an object is
    /// stepped over without a call.
    public mutating func members(_ each: (inout JSONScanner, JSONName) throws -> Void) throws {
        guard try isAt(UInt8(ascii: "{")) else { return try skip() }
        guard try parser.openObject() else { return }
        repeat {
            let name = try parser.memberNameInPlace()
            try consuming { try each(&$0, name) }
        } while try parser.nextMember()
    }

    /// Calls `each` for every element of the array here (the same rules as `members`).
    public mutating func elements(_ each: (inout JSONScanner) throws -> Void) throws {
        guard try isAt(UInt8(ascii: "[")) else { return try skip() }
        guard try parser.openArray() else { return }
        repeat { try consuming(each) } while try parser.nextElement()
    }

    /// The string here; nil (the value stepped over) when it is something else.
    public mutating func string() throws -> String? {
        guard try isAt(UInt8(ascii: "\"")) else { try skip(); return nil }
        return try parser.string()
    }

    /// The boolean here; nil (the value stepped over) when it is something else.
    public mutating func bool() throws -> Bool? {
        guard case .bool(let value) = try primitive() else { return nil }
        return value
    }

    /// The value here, parsed whole: for the small parts of a page the caller keeps as JSON.
    public mutating func value() throws -> JSONValue {
        try parser.value()
    }

    /// Steps over the value here, checking it.
    public mutating func skip() throws {
        try parser.skipCheckedValue()
    }

    /// What `read` reads, and the exact bytes of the value it read it from.
    public mutating func capturing<Read>(_ read: (inout JSONScanner) throws -> Read) throws -> (read: Read, text: Data) {
        parser.skipWhitespace()
        let start = parser.index
        let result = try consuming(read)
        return (result, Data(UnsafeBufferPointer(rebasing: parser.bytes[start..<parser.index])))
    }

    // MARK: Cursor

    /// Runs `read` on the value here, stepping over the value if `read` left it unread.
    private mutating func consuming<Read>(_ read: (inout JSONScanner) throws -> Read) throws -> Read {
        parser.skipWhitespace()
        let start = parser.index
        let result = try read(&self)
        if parser.index == start { try skip() }
        return result
    }

    private mutating func isAt(_ byte: UInt8) throws -> Bool {
        parser.skipWhitespace()
        guard parser.index < parser.bytes.count else { throw parser.failure("unexpected end") }
        return parser.bytes[parser.index] == byte
    }

    /// A value that is not an object or an array, parsed; nil after stepping over one that is.
    private mutating func primitive() throws -> JSONValue? {
        if try isAt(UInt8(ascii: "{")) || isAt(UInt8(ascii: "[")) { try skip(); return nil }
        return try parser.value()
    }
}

/// A member's name, matched against the names a reader looks for (`case "id":`) without making
/// a `String` of each: names are most of the strings in a page. Valid only inside the `members`
/// call that gave it.
public struct JSONName: CustomStringConvertible {
    /// The name's bytes in the text: plain ASCII, no escapes.
    @usableFromInline let inPlace: UnsafeBufferPointer<UInt8>?
    /// The name decoded, when it held an escape or was not ASCII.
    @usableFromInline let decoded: String?

    init(inPlace bytes: UnsafeBufferPointer<UInt8>) {
        inPlace = bytes
        decoded = nil
    }

    init(decoded name: String) {
        inPlace = nil
        decoded = name
    }

    public var description: String {
        decoded ?? inPlace.map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// Inlined into each reader's `switch`, where most candidates differ in length and are
    /// turned away by one comparison.
    @inlinable @inline(__always)
    public static func ~= (pattern: StaticString, name: JSONName) -> Bool {
        guard let bytes = name.inPlace else { return name.decoded == pattern.description }
        guard bytes.count == pattern.utf8CodeUnitCount else { return false }
        for offset in 0..<bytes.count where bytes[offset] != pattern.utf8Start[offset] { return false }
        return true
    }

    @inlinable @inline(__always)
    public static func == (name: JSONName, wanted: StaticString) -> Bool {
        wanted ~= name
    }
}
