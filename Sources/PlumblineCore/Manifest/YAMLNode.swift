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

    /// The boolean a `true`/`false`-tagged scalar holds, read by Yams' constructor.
    var bool: Bool? { scalar.flatMap { Node($0).bool } }

    /// The integer an int-tagged scalar holds (`0x1F`, `1_000` included), read by Yams' constructor.
    var int: Int? { scalar.flatMap { Node($0).int } }

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

/// Which plain scalars YAML 1.1's default rules could resolve to something other than a string.
enum PlainScalar {
    /// The words the bool and null rules match.
    private static let keywords: Set<String> = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL",
    ]

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
