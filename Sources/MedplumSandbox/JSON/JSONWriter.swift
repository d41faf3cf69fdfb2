/// Serialises `JSON` the way JavaScript's `JSON.stringify` does: no spaces, `/` and non-ASCII left
/// as they are, integers without a fraction, and (when `indent` is set) the layout of
/// `JSON.stringify(value, undefined, 2)` that Medplum uses for `_pretty=true`.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private let indent: Int

    init(indent: Int = 0, reservingCapacity capacity: Int = 256) {
        self.indent = indent
        bytes.reserveCapacity(capacity)
    }

    /// Serialises one value.
    static func serialize(_ value: JSON, indent: Int = 0) -> [UInt8] {
        var writer = JSONWriter(indent: indent)
        writer.write(value)
        return writer.bytes
    }

    /// Serialises one value into a String (for tokens, logs and diagnostics).
    static func string(_ value: JSON) -> String {
        String(decoding: serialize(value), as: UTF8.self)
    }

    /// Appends already-serialised JSON verbatim (used to splice cached resource bodies into pages).
    mutating func writeRaw(_ raw: [UInt8]) {
        bytes.append(contentsOf: raw)
    }

    mutating func writeRaw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func write(_ value: JSON, level: Int = 0) {
        switch value {
        case .null: writeRaw("null")
        case .bool(let flag): flag ? writeRaw("true") : writeRaw("false")
        case .number(let number): writeNumber(number)
        case .string(let text): writeString(text)
        case .array(let elements): writeArray(elements, level: level)
        case .object(let object): writeObject(object, level: level)
        }
    }

    private mutating func newline(_ level: Int) {
        guard indent > 0 else { return }
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(0x20, count: indent * level))
    }

    private mutating func writeArray(_ elements: [JSON], level: Int) {
        bytes.append(UInt8(ascii: "["))
        guard !elements.isEmpty else {
            bytes.append(UInt8(ascii: "]"))
            return
        }
        for (offset, element) in elements.enumerated() {
            if offset > 0 { bytes.append(UInt8(ascii: ",")) }
            newline(level + 1)
            write(element, level: level + 1)
        }
        newline(level)
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func writeObject(_ object: JSONObject, level: Int) {
        bytes.append(UInt8(ascii: "{"))
        guard !object.members.isEmpty else {
            bytes.append(UInt8(ascii: "}"))
            return
        }
        for (offset, member) in object.members.enumerated() {
            if offset > 0 { bytes.append(UInt8(ascii: ",")) }
            newline(level + 1)
            writeString(member.key)
            bytes.append(UInt8(ascii: ":"))
            if indent > 0 { bytes.append(0x20) }
            write(member.value, level: level + 1)
        }
        newline(level)
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        writeEscaped(text)
        bytes.append(UInt8(ascii: "\""))
    }

    /// The escaped contents of a string literal, without the quotes (to build one from parts).
    mutating func writeEscaped(_ text: String) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): writeRaw("\\\"")
            case UInt8(ascii: "\\"): writeRaw("\\\\")
            case 0x0A: writeRaw("\\n")
            case 0x0D: writeRaw("\\r")
            case 0x09: writeRaw("\\t")
            case 0x08: writeRaw("\\b")
            case 0x0C: writeRaw("\\f")
            case 0..<0x20:
                writeRaw("\\u00")
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0x0F)])
            default:
                bytes.append(byte)
            }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func writeNumber(_ number: Double) {
        bytes.append(contentsOf: Array(Self.format(number).utf8))
    }

    /// JavaScript's number-to-string conversion for the values JSON can carry.
    static func format(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number == number.rounded(), abs(number) < 1e21 {
            if abs(number) < 9.2e18 { return String(Int64(number)) }
        }
        // Swift prints the shortest round-tripping digits like JavaScript, but pads exponents
        // ("1e-07"); JavaScript writes "1e-7" and "1e+21".
        var text = "\(number)"
        if let e = text.firstIndex(of: "e") {
            let mantissa = text[..<e]
            var exponent = text[text.index(after: e)...]
            var sign = "+"
            if exponent.first == "-" || exponent.first == "+" {
                sign = exponent.first == "-" ? "-" : "+"
                exponent = exponent.dropFirst()
            }
            let digits = exponent.drop(while: { $0 == "0" })
            text = "\(mantissa)e\(sign)\(digits.isEmpty ? "0" : digits)"
        }
        return text
    }
}
