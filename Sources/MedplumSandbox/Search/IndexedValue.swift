import Foundation

/// A value a search parameter extracts from a resource, normalised once when the resource is
/// written so that searches compare precomputed values instead of walking JSON.
enum IndexedValue: Sendable, Equatable {
    /// A string parameter value: as stored (for `:exact`) and lower-cased (prefix and `:contains`).
    case string(exact: String, folded: String)
    /// A token: optional system and the code/value.
    case token(system: String?, code: String)
    /// A reference string such as `ProjectMembership/<id>`.
    case reference(String)
    /// The milliseconds a date, dateTime or instant covers.
    case date(Range<Int64>)
    /// A URI, compared exactly.
    case uri(String)

    static func string(_ text: String) -> IndexedValue {
        .string(exact: text, folded: text.lowercased())
    }

    /// The first comparable value, for `_sort`.
    var sortKey: String {
        switch self {
        case .string(_, let folded): return folded
        case .token(_, let code): return code
        case .reference(let reference): return reference
        case .date(let range): return String(format: "%020lld", range.lowerBound)
        case .uri(let uri): return uri
        }
    }
}

/// Extraction helpers shared by the parameter definitions.
enum Extract {
    /// Every JSON value reached by following `path` from `json`, flattening arrays on the way.
    static func values(_ json: JSON, _ path: [String]) -> [JSON] {
        var current: [JSON] = [json]
        for key in path {
            var next: [JSON] = []
            for value in current {
                guard let child = value[key] else { continue }
                if case .array(let elements) = child {
                    next.append(contentsOf: elements)
                } else {
                    next.append(child)
                }
            }
            current = next
        }
        return current.flatMap { value -> [JSON] in
            if case .array(let elements) = value { return elements }
            return [value]
        }
    }

    static func strings(_ json: JSON, _ path: [String]) -> [IndexedValue] {
        values(json, path).compactMap(\.stringValue).map(IndexedValue.string)
    }

    /// Reference strings found at `path` (Reference objects).
    static func references(_ json: JSON, _ path: [String]) -> [IndexedValue] {
        values(json, path).compactMap(\.referenceString).map(IndexedValue.reference)
    }

    /// Tokens from whatever FHIR type sits at `path`: Identifier, Coding, CodeableConcept,
    /// ContactPoint, code, boolean or string.
    static func tokens(_ json: JSON, _ path: [String]) -> [IndexedValue] {
        values(json, path).flatMap(token)
    }

    static func token(_ value: JSON) -> [IndexedValue] {
        switch value {
        case .string(let code): return [.token(system: nil, code: code)]
        case .bool(let flag): return [.token(system: nil, code: flag ? "true" : "false")]
        case .number(let number): return [.token(system: nil, code: JSONWriter.format(number))]
        case .object(let object):
            if let codings = object["coding"]?.arrayValue {
                return codings.flatMap(token)
            }
            if let code = object["code"]?.stringValue {
                return [.token(system: object["system"]?.stringValue, code: code)]
            }
            if let code = object["value"]?.stringValue {
                return [.token(system: object["system"]?.stringValue, code: code)]
            }
            return []
        default: return []
        }
    }

    /// ContactPoint values of one telecom system (`email`, `phone`) as tokens without a system.
    static func telecom(_ json: JSON, system: String) -> [IndexedValue] {
        values(json, ["telecom"]).compactMap { contact in
            guard contact["system"]?.stringValue == system, let value = contact["value"]?.stringValue else { return nil }
            return .token(system: nil, code: value)
        }
    }

    static func dates(_ json: JSON, _ path: [String]) -> [IndexedValue] {
        values(json, path).compactMap { value in
            if let text = value.stringValue { return Instant.range(text).map(IndexedValue.date) }
            // Periods: index their start.
            if let start = value["start"]?.stringValue { return Instant.range(start).map(IndexedValue.date) }
            return nil
        }
    }

    static func uris(_ json: JSON, _ path: [String]) -> [IndexedValue] {
        values(json, path).compactMap(\.stringValue).map(IndexedValue.uri)
    }

    /// The parts of every HumanName: text, given, family, prefix, suffix and the joined name.
    static func humanNames(_ json: JSON, part: HumanNamePart = .any) -> [IndexedValue] {
        values(json, ["name"]).flatMap { name -> [IndexedValue] in
            let given = name["given"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let family = name["family"]?.stringValue
            switch part {
            case .given: return given.map(IndexedValue.string)
            case .family: return family.map { [IndexedValue.string($0)] } ?? []
            case .any:
                var parts: [String] = []
                if let text = name["text"]?.stringValue { parts.append(text) }
                parts.append(contentsOf: given)
                if let family { parts.append(family) }
                parts.append(contentsOf: name["prefix"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                parts.append(contentsOf: name["suffix"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                let joined = (given + (family.map { [$0] } ?? [])).joined(separator: " ")
                if !joined.isEmpty { parts.append(joined) }
                return parts.map(IndexedValue.string)
            }
        }
    }

    enum HumanNamePart { case any, given, family }
}
