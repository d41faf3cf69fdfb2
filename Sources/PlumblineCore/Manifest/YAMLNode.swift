import Yams

/// A node of a manifest document with the position it starts at (1-based line, and column in
/// Unicode scalars, as libyaml counts them).
///
/// Deliberately smaller than Yams' `Node`: no tag object, style or anchor per node, so that
/// composing and reading 50,000 people copies little more than the strings themselves.
struct YAMLNode {
    enum Content {
        /// `tag` is nil for a plain scalar written without a tag, whose type follows YAML 1.1's
        /// rules (`yes` is a boolean); a quoted scalar carries the string tag.
        case scalar(String, tag: String?)
        case sequence([YAMLNode])
        case mapping([(key: YAMLNode, value: YAMLNode)])
    }

    let content: Content
    let line: Int
    let column: Int

    var scalar: String? { if case .scalar(let text, _) = content { text } else { nil } }
    var isScalar: Bool { scalar != nil }

    /// The value of the plain string key `key`, when this node is a mapping holding it.
    func value(forKey key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = content else { return nil }
        return pairs.first { $0.key.scalar == key }?.value
    }

    /// What a scalar holds under YAML 1.1's default rules; nil for a mapping or a list.
    enum ScalarType { case string, bool, int, float, timestamp, null, other }

    /// Quoted scalars are strings; plain ones follow YAML 1.1's default rules (`yes` is a
    /// boolean, `2027-03-31` a timestamp). The rules are Yams' own, run only for the plain
    /// scalars that could match one of them: each is a regular expression.
    var scalarType: ScalarType? {
        let tag: Tag.Name
        switch content {
        case .mapping, .sequence: return nil
        case .scalar(let text, tag: nil):
            guard PlainScalar.mayBeNonString(text) else { return .string }
            if let settled = PlainScalar.settledType(text) { return settled }
            tag = Resolver.default.resolveTag(of: Node(text))
        case .scalar(_, tag: "!"?):
            return .string
        case .scalar(_, tag: let explicit?):
            tag = Tag.Name(rawValue: explicit)
        }
        switch tag {
        case .str: return .string
        case .bool: return .bool
        case .int: return .int
        case .float: return .float
        case .timestamp: return .timestamp
        case .null: return .null
        default: return .other
        }
    }

    /// The boolean a bool-typed scalar holds, read by Yams' constructor unless it is one of the
    /// plain words.
    var bool: Bool? { scalar.flatMap { PlainScalar.bool($0) ?? Node($0).bool } }

    /// The integer an int-typed scalar holds (`0x1F`, `1_000` included), read by Yams' constructor
    /// unless it is plain decimal digits.
    var int: Int? { scalar.flatMap { PlainScalar.decimal($0) ?? Node($0).int } }

    /// How a value of this node's type is named in messages.
    var kindDescription: String {
        switch content {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar:
            switch scalarType {
            case .null: return "no value"
            case .bool: return "a boolean"
            case .int: return "an integer"
            case .float: return "a number"
            case .timestamp: return "a date"
            default: return "a string"
            }
        }
    }
}

/// Which plain scalars YAML 1.1's default rules could resolve to something other than a string,
/// and the type and value of those the rules settle by spelling alone.
enum PlainScalar {
    /// The words the bool rule matches, and what each means.
    private static let booleans: [String: Bool] = [
        "yes": true, "Yes": true, "YES": true, "no": false, "No": false, "NO": false,
        "true": true, "True": true, "TRUE": true, "false": false, "False": false, "FALSE": false,
        "on": true, "On": true, "ON": true, "off": false, "Off": false, "OFF": false,
    ]
    /// The words the null rule matches (besides `~` and the empty scalar).
    private static let nulls: Set<String> = ["null", "Null", "NULL"]
    private static let keywords = Set(booleans.keys).union(nulls)

    /// The type of a plain scalar that YAML 1.1's rules settle by its spelling alone: a bool or
    /// null word, decimal digits (an int), a `YYYY-MM-DD` date (a timestamp), or digits then
    /// letters (a string, like the duration `12h`). Nil when Yams' rules must decide. Settling
    /// the common cases here means a manifest's `true`, `3`, `2027-03-31` or `30m` never makes
    /// Yams compile its regular expressions, which costs milliseconds of every start.
    static func settledType(_ text: String) -> YAMLNode.ScalarType? {
        if booleans[text] != nil { return .bool }
        if nulls.contains(text) { return .null }
        if decimal(text) != nil { return .int }
        if isDate(text) { return .timestamp }
        return isDigitsThenLetters(text) ? .string : nil
    }

    /// Whether `text` is exactly `dddd-dd-dd`, the timestamp rule's date-only form.
    private static func isDate(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard utf8.count == 10 else { return false }
        return utf8.indices.allSatisfy { index in
            index == 4 || index == 7 ? utf8[index] == UInt8(ascii: "-") : isDigit(utf8[index])
        }
    }

    /// Whether `text` is one or more digits and then one or more ASCII letters, and nothing else.
    /// No numeric form ends in a letter (`0x1F` has digits after its `x`, `1e3` after its `e`).
    private static func isDigitsThenLetters(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard let firstLetter = utf8.firstIndex(where: { !isDigit($0) }), firstLetter != utf8.startIndex else { return false }
        return utf8[firstLetter...].allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0 | 0x20) }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    /// What a bool word means; nil for anything else.
    static func bool(_ text: String) -> Bool? { booleans[text] }

    /// The value of `0` or of decimal digits not starting with `0` (which YAML 1.1 reads as
    /// octal); nil for anything else, overflow included.
    static func decimal(_ text: String) -> Int? {
        let utf8 = text.utf8
        guard let first = utf8.first, utf8.allSatisfy(isDigit) else { return nil }
        guard first != UInt8(ascii: "0") || utf8.count == 1 else { return nil }
        return Int(text)
    }

    /// False only when no default rule can match: every int, float, timestamp, merge (`<<`),
    /// value (`=`) and null (`~`, empty) form begins with a digit or one of `+-.~<=`.
    static func mayBeNonString(_ text: String) -> Bool {
        guard let first = text.utf8.first else { return true }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "~"), UInt8(ascii: "<"), UInt8(ascii: "="):
            return true
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"),
             UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "o"), UInt8(ascii: "O"):
            // Hashed only when it could be one of the words: most names and e-mails cannot.
            return text.utf8.count <= 5 && keywords.contains(text)
        default:
            return false
        }
    }
}
