/// Evaluates search filters against the precomputed values of a resource, with Medplum's
/// semantics: strings are case-insensitive prefix matches unless `:exact` (exact, case-sensitive)
/// or `:contains`; tokens take `system|value`, `|value` or `value`; references take `Type/id` or
/// a bare id; comma-separated values are ORed and separate filters ANDed.
enum SearchMatcher {
    /// Whether a resource's values satisfy every filter. `chainTargets` carries, for each chained
    /// filter (by index), the references its far end matched.
    static func matches(
        _ filters: [SearchFilter], values: [String: [IndexedValue]], chainTargets: [Int: Set<String>] = [:]
    ) -> Bool {
        for (position, filter) in filters.enumerated() {
            let stored = values[filter.code] ?? []
            if let targets = chainTargets[position] {
                guard stored.contains(where: { value in
                    if case .reference(let reference) = value { return targets.contains(reference) }
                    return false
                }) else { return false }
                continue
            }
            guard matches(filter, stored) else { return false }
        }
        return true
    }

    static func matches(_ filter: SearchFilter, _ stored: [IndexedValue]) -> Bool {
        if filter.modifier == "missing" {
            let wantsMissing = filter.rawValue == "true"
            return stored.isEmpty == wantsMissing
        }
        let modifier = filter.modifier
        let any = filter.prepared.contains { wanted in
            stored.contains { wanted.matches($0, modifier: modifier, prefix: filter.prefix) }
        }
        return modifier == "not" ? !any : any
    }
}

/// A filter value parsed once per request, so that matching a resource compares bytes instead of
/// re-parsing the value (searches evaluate filters against up to every resource of a type).
enum PreparedValue: Sendable {
    case string(exact: String, lower: String)
    /// `system|code`, `|code` (`systemless`), `system|` (code nil) or `code` (system nil).
    case token(system: String?, systemless: Bool, code: String?)
    /// `Type/id` (matched exactly or as the tail of an absolute URL) or a bare id.
    case reference(full: String?, idSuffix: String)
    case date(Range<Int64>?)
    case uri(String)

    init(_ value: String, kind: SearchParameter.Kind, modifier: String) {
        switch kind {
        case .string:
            self = .string(exact: value, lower: value.lowercased())
        case .token:
            if let bar = value.firstIndex(of: "|") {
                let system = String(value[..<bar])
                let code = String(value[value.index(after: bar)...])
                self = .token(system: system.isEmpty ? nil : system, systemless: system.isEmpty, code: code.isEmpty ? nil : code)
            } else {
                self = .token(system: nil, systemless: false, code: value)
            }
        case .reference:
            var target = value
            if !modifier.isEmpty, ResourceTypes.isKnown(modifier), !target.contains("/") { target = "\(modifier)/\(target)" }
            self = target.contains("/") ? .reference(full: target, idSuffix: "/" + target) : .reference(full: nil, idSuffix: "/" + target)
        case .date:
            self = .date(Instant.range(value))
        case .uri:
            self = .uri(value)
        }
    }

    func matches(_ stored: IndexedValue, modifier: String, prefix: String?) -> Bool {
        switch (self, stored) {
        case (.string(let exact, let lower), .string(let storedExact, let folded)):
            switch modifier {
            case "exact": return storedExact == exact
            case "contains": return folded.contains(lower)
            default: return folded.utf8.starts(with: lower.utf8)
            }
        case (.token(let system, let systemless, let code), .token(let storedSystem, let storedCode)):
            if systemless { return storedSystem == nil && storedCode == code }
            if let system, storedSystem != system { return false }
            return code.map { $0 == storedCode } ?? true
        case (.reference(let full, let suffix), .reference(let reference)):
            if let full, reference == full { return true }
            return reference.utf8.count > suffix.utf8.count && reference.utf8.reversed().starts(with: suffix.utf8.reversed())
        case (.date(let searched?), .date(let range)):
            return Self.matchesDate(searched, prefix: prefix, stored: range)
        case (.uri(let uri), .uri(let storedURI)):
            return uri == storedURI
        default:
            return false
        }
    }

    /// Medplum compares the stored instant with the start of the searched value, so `gt2024-01-01`
    /// means "after midnight", while `eq` (no prefix) means "within the searched precision".
    private static func matchesDate(_ searched: Range<Int64>, prefix: String?, stored: Range<Int64>) -> Bool {
        let value = stored.lowerBound
        switch prefix {
        case nil, "ap": return searched.contains(value)
        case "ne": return !searched.contains(value)
        case "gt": return value > searched.lowerBound
        case "ge": return value >= searched.lowerBound
        case "lt": return value < searched.lowerBound
        case "le": return value <= searched.lowerBound
        case "sa": return value >= searched.upperBound
        case "eb": return value < searched.lowerBound
        default: return false
        }
    }
}
