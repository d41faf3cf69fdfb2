/// A JSON value that keeps the order of object keys, as JavaScript's `JSON.stringify` does.
///
/// The sandbox keeps its own JSON type (not `JSONSerialization`) for three reasons: key order is
/// preserved so bodies read like Medplum's, booleans and numbers never get confused (Foundation's
/// `NSNumber` on Linux blurs them), and parsing/writing straight from and to bytes keeps a
/// 1000-entry search page cheap.
enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object(JSONObject)

    /// The member `key` of an object, or nil for a missing key or a non-object.
    subscript(key: String) -> JSON? {
        get {
            guard case .object(let object) = self else { return nil }
            return object[key]
        }
        set {
            guard case .object(var object) = self else { return }
            object[key] = newValue
            self = .object(object)
        }
    }

    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    var arrayValue: [JSON]? {
        if case .array(let value) = self { return value }
        return nil
    }

    var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    var isObject: Bool { objectValue != nil }

    /// JavaScript truthiness, which Medplum's checks such as `if (!body.name)` rely on.
    var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let value): return value
        case .number(let value): return value != 0 && !value.isNaN
        case .string(let value): return !value.isEmpty
        case .array, .object: return true
        }
    }

    /// The `reference` string of a Reference object.
    var referenceString: String? { self["reference"]?.stringValue }
}

/// One key/value pair of a JSON object.
struct JSONMember: Sendable, Equatable {
    var key: String
    var value: JSON
}

/// A JSON object whose members keep their insertion order. Objects in FHIR resources are small,
/// so lookups scan the members.
struct JSONObject: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    var members: [JSONMember]

    init(_ members: [JSONMember] = []) {
        self.members = members
    }

    init(dictionaryLiteral elements: (String, JSON)...) {
        members = elements.map { JSONMember(key: $0.0, value: $0.1) }
    }

    var keys: [String] { members.map(\.key) }
    var isEmpty: Bool { members.isEmpty }

    /// Reading returns the member; writing replaces it in place, appends a new one, or removes it
    /// when set to nil.
    subscript(key: String) -> JSON? {
        get { members.first(where: { $0.key == key })?.value }
        set {
            let index = members.firstIndex(where: { $0.key == key })
            switch (index, newValue) {
            case (let index?, let value?): members[index].value = value
            case (let index?, nil): members.remove(at: index)
            case (nil, let value?): members.append(JSONMember(key: key, value: value))
            case (nil, nil): break
            }
        }
    }

    /// Equality that ignores key order, as JavaScript deep comparisons do.
    static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        return lhs.members.allSatisfy { member in rhs[member.key] == member.value }
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    init(stringLiteral value: String) { self = .string(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(integerLiteral value: Int) { self = .number(Double(value)) }
    init(arrayLiteral elements: JSON...) { self = .array(elements) }
    init(nilLiteral: ()) { self = .null }
    init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(JSONObject(elements.map { JSONMember(key: $0.0, value: $0.1) }))
    }
}

extension JSON {
    /// A Reference object: `{"reference": ..., "display": ...}` (display omitted when nil).
    static func reference(_ reference: String, display: String? = nil) -> JSON {
        var object: JSONObject = ["reference": .string(reference)]
        if let display { object["display"] = .string(display) }
        return .object(object)
    }

    /// Wraps an optional string, mapping nil to nil so object literals can skip absent members.
    static func optional(_ value: String?) -> JSON? {
        value.map(JSON.string)
    }
}
