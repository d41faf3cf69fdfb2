/// One search filter: a parameter, its modifier or prefix, and the comma-separated values it ORs.
struct SearchFilter: Sendable {
    let parameter: SearchParameter
    /// `exact`, `contains`, `not`, `missing`, a resource type for references, or empty.
    let modifier: String
    /// A date prefix (`gt`, `le`, ...) or nil for `eq`.
    let prefix: String?
    /// The values, already split on unescaped commas.
    let values: [String]
    /// The value as sent (after the prefix), for the self link.
    let rawValue: String
    /// For a chained parameter (`user:User.email=x`): the filter to apply to the referenced type.
    let chain: ChainedFilter?
    /// `values` parsed once for matching (see `PreparedValue`).
    let prepared: [PreparedValue]

    var code: String { parameter.code }

    init(
        parameter: SearchParameter, modifier: String, prefix: String?, values: [String], rawValue: String,
        chain: ChainedFilter?
    ) {
        self.parameter = parameter
        self.modifier = modifier
        self.prefix = prefix
        self.values = values
        self.rawValue = rawValue
        self.chain = chain
        self.prepared = values.map { PreparedValue($0, kind: parameter.kind, modifier: modifier) }
    }
}

/// The far end of a one-link chain such as `user:User.email:exact=a@b.org` (a class, because a
/// filter and its chain refer to each other's type).
final class ChainedFilter: Sendable {
    let targetType: String
    let filter: SearchFilter
    /// The key as it appeared in the query (`user:User.email:exact`), for the self link.
    let key: String

    init(targetType: String, filter: SearchFilter, key: String) {
        self.targetType = targetType
        self.filter = filter
        self.key = key
    }
}

/// A `_sort` rule.
struct SortRule: Sendable, Equatable {
    let code: String
    let descending: Bool
}

/// An `_include` or `_revinclude` target.
struct IncludeTarget: Sendable {
    let resourceType: String
    let parameter: String
}

/// A parsed FHIR search: what Medplum's `parseSearchRequest` produces from a query string.
struct SearchRequest: Sendable {
    let resourceType: String
    var filters: [SearchFilter] = []
    var sortRules: [SortRule] = []
    var count: Int?
    var offset: Int?
    var total: String?
    var cursor: String?
    var fields: [String]?
    var summary: String?
    var includes: [IncludeTarget] = []
    var revIncludes: [IncludeTarget] = []

    /// The deepest `_offset` Medplum serves (`maxSearchOffset`).
    static let maximumOffset = 10_000
    /// The largest page (`DEFAULT_MAX_SEARCH_COUNT`).
    static let maximumCount = 1000
    /// The page size when `_count` is absent.
    static let defaultCount = 20

    init(resourceType: String) {
        self.resourceType = resourceType
    }

    /// Parses query pairs, refusing unknown parameters as Medplum does.
    init(resourceType: String, query: [(name: String, value: String)]) throws(Outcome) {
        self.resourceType = resourceType
        for (name, value) in query {
            try apply(name: name, value: value)
        }
    }

    /// Parses a search URL fragment such as `ProjectMembership?user=x` (criteria, `If-None-Exist`,
    /// batch entry URLs).
    static func parse(resourceType: String, queryString: Substring) throws(Outcome) -> SearchRequest {
        try SearchRequest(resourceType: resourceType, query: URLEncoding.pairs(queryString))
    }

    private mutating func apply(name: String, value: String) throws(Outcome) {
        switch name {
        case "_sort":
            for field in value.split(separator: ",") {
                let descending = field.hasPrefix("-")
                let code = String(descending ? field.dropFirst() : field)
                guard code == "_lastUpdated" || code == "_id" || SearchParameters.parameter(code, for: resourceType) != nil
                else {
                    throw Outcome.badRequest("Unknown search parameter: \(code)")
                }
                sortRules.append(SortRule(code: code, descending: descending))
            }
        case "_count": count = Self.parseInteger(value)
        case "_offset": offset = Self.parseInteger(value)
        case "_total": total = value
        case "_cursor": cursor = value
        case "_summary":
            if value == "count" {
                total = "accurate"
                count = 0
            } else if ["true", "data", "text"].contains(value) {
                summary = value
            }
        case "_fields", "_elements":
            fields = value.split(separator: ",").map(String.init)
        case "_include", "_include:iterate":
            includes.append(try Self.includeTarget(value))
        case "_revinclude", "_revinclude:iterate":
            revIncludes.append(try Self.includeTarget(value))
        case "_pretty", "_format":
            // Response formatting, not a filter.
            break
        default:
            filters.append(try Self.filter(resourceType: resourceType, key: name, value: value))
        }
    }

    /// JavaScript's `parseInt(value, 10)` for the values clients send; nil when not a number.
    static func parseInteger(_ value: String) -> Int? {
        let trimmed = value.trimmingPrefix(while: { $0 == " " })
        var digits = ""
        for (offset, character) in trimmed.enumerated() {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if offset == 0, character == "-" || character == "+" {
                digits.append(character)
            } else {
                break
            }
        }
        return Int(digits)
    }

    private static func includeTarget(_ value: String) throws(Outcome) -> IncludeTarget {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, parts.count <= 3, !parts.contains("*") else {
            throw Outcome.badRequest("Invalid include value '\(value)': must be of the form ResourceType:search-parameter")
        }
        guard SearchParameters.parameter(parts[1], for: parts[0])?.kind == .reference else {
            throw Outcome.badRequest("Invalid include parameter: \(parts[0]):\(parts[1])")
        }
        return IncludeTarget(resourceType: parts[0], parameter: parts[1])
    }

    /// One `key=value` pair as a filter (chained keys included).
    static func filter(resourceType: String, key: String, value: String) throws(Outcome) -> SearchFilter {
        if let dot = key.firstIndex(of: ".") {
            return try chainedFilter(resourceType: resourceType, key: key, dot: dot, value: value)
        }
        let (code, modifier) = splitModifier(key)
        guard let parameter = SearchParameters.parameter(code, for: resourceType) else {
            throw Outcome.badRequest("Unknown search parameter: \(code)")
        }
        return makeFilter(parameter: parameter, modifier: modifier, value: value)
    }

    private static func makeFilter(parameter: SearchParameter, modifier: String, value: String) -> SearchFilter {
        var prefix: String?
        var remainder = value
        if parameter.kind == .date, value.count >= 2 {
            let candidate = String(value.prefix(2))
            if ["eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"].contains(candidate) {
                prefix = candidate == "eq" ? nil : candidate
                remainder = String(value.dropFirst(2))
            }
        }
        return SearchFilter(
            parameter: parameter, modifier: modifier, prefix: prefix, values: splitOnCommas(remainder),
            rawValue: remainder, chain: nil)
    }

    private static func chainedFilter(
        resourceType: String, key: String, dot: String.Index, value: String
    ) throws(Outcome) -> SearchFilter {
        let link = String(key[..<dot])
        let rest = String(key[key.index(after: dot)...])
        let (code, modifier) = splitModifier(link)
        guard let parameter = SearchParameters.parameter(code, for: resourceType), parameter.kind == .reference,
            !modifier.isEmpty, ResourceTypes.isKnown(modifier), !rest.contains(".")
        else {
            throw Outcome.badRequest("Unknown search parameter: \(key)")
        }
        let target = try filter(resourceType: modifier, key: rest, value: value)
        return SearchFilter(
            parameter: parameter, modifier: "", prefix: nil, values: [], rawValue: value,
            chain: ChainedFilter(targetType: modifier, filter: target, key: key))
    }

    static func splitModifier(_ key: String) -> (String, String) {
        guard let colon = key.firstIndex(of: ":") else { return (key, "") }
        return (String(key[..<colon]), String(key[key.index(after: colon)...]))
    }

    /// Splits on commas not escaped as `\,` (Medplum's `splitSearchOnComma`).
    static func splitOnCommas(_ value: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaping = false
        for character in value {
            if escaping {
                if character != "," { current.append("\\") }
                current.append(character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == "," {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if escaping { current.append("\\") }
        parts.append(current)
        return parts
    }
}
