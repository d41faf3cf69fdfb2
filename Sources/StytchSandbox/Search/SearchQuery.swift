import Foundation

/// A parsed `query` of the search endpoints (contract §3.6): operands joined by AND, or by the
/// deprecated OR.
struct SearchQuery: Sendable {
    enum Operator: String, Sendable {
        case and = "AND", or = "OR"
    }

    /// One `{filter_name, filter_value}` pair.
    struct Operand: Sendable {
        let name: String
        let value: JSONValue
    }

    var op: Operator
    var operands: [Operand]

    /// No query, or one without operands: everything matches.
    static let all = SearchQuery(op: .and, operands: [])

    /// Parses the `query` value; `scope` (`organization` or `member`) prefixes the error types.
    init(json: JSONValue?, scope: String) throws(StytchError) {
        guard let json, json != .null else {
            self = .all
            return
        }
        guard let object = json.objectValue else { throw .invalidField("query", "must be an object") }
        switch object["operator"] {
        case nil, .null: op = .and
        case .string(let raw):
            guard let parsed = Operator(rawValue: raw.uppercased()) else { throw .searchInvalidOperator(scope) }
            op = parsed
        default: throw .searchInvalidOperator(scope)
        }
        var operands: [Operand] = []
        switch object["operands"] {
        case nil, .null: break
        case .array(let items):
            for item in items {
                guard let operand = item.objectValue else { throw .invalidField("query.operands", "must hold objects") }
                guard case .string(let name)? = operand["filter_name"] else { throw .searchMissingFilterName(scope) }
                guard let value = operand["filter_value"], value != .null else {
                    throw .searchMissingFilterValue(scope, name)
                }
                operands.append(Operand(name: name, value: value))
            }
        default: throw .invalidField("query.operands", "must be an array")
        }
        self.operands = operands
    }

    init(op: Operator, operands: [Operand]) {
        self.op = op
        self.operands = operands
    }

    /// A stable text form, used to key cached results and to bind cursors to their query.
    var canonical: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let parts = operands.map { operand in
            "\(operand.name)=\((try? encoder.encode(operand.value)).map { String(decoding: $0, as: UTF8.self) } ?? "")"
        }
        return "\(op.rawValue)(\(parts.joined(separator: ";")))"
    }
}

/// Typed access to filter values, raising the endpoint's own error types.
extension SearchQuery.Operand {
    func strings(_ scope: String) throws(StytchError) -> [String] {
        guard let items = value.arrayValue else { throw .searchExpected(scope, "string[]", name) }
        var strings: [String] = []
        for item in items {
            guard let string = item.stringValue else { throw .searchExpected(scope, "string[]", name) }
            strings.append(string)
        }
        return strings
    }

    func string(_ scope: String) throws(StytchError) -> String {
        guard let string = value.stringValue else { throw .searchExpected(scope, "string", name) }
        return string
    }

    /// A fuzzy filter value: a string of at least three characters, lower-cased for matching.
    func fuzzy(_ scope: String) throws(StytchError) -> String {
        let text = try string(scope)
        guard text.count >= 3 else { throw .searchFuzzyTooShort(scope, name) }
        return text.lowercased()
    }

    func bool(_ scope: String) throws(StytchError) -> Bool {
        switch value {
        case .bool(let flag): return flag
        // Lenient with clients that send booleans as strings, as form-encoded callers do.
        case .string(let text) where ["true", "false"].contains(text.lowercased()): return text.lowercased() == "true"
        default: throw .searchExpected(scope, "boolean", name)
        }
    }
}

/// Paging parameters common to both searches.
struct SearchPaging: Sendable {
    static let defaultLimit = 100
    static let maxLimit = 1000

    var limit: Int
    var cursor: String?

    /// Validates `limit` (absent or 0 → 100; above 1000 or negative → 400).
    init(limit: Int?, cursor: String?, scope: String) throws(StytchError) {
        switch limit {
        case nil, 0?: self.limit = Self.defaultLimit
        case let value? where value < 0 || value > Self.maxLimit: throw .searchInvalidLimit(scope)
        case let value?: self.limit = value
        }
        self.cursor = (cursor?.isEmpty ?? true) ? nil : cursor
    }
}
