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
        if filter.modifier == "not" {
            return !filter.values.contains { value in stored.contains { matches(filter, value, $0) } }
        }
        return filter.values.contains { value in stored.contains { matches(filter, value, $0) } }
    }

    private static func matches(_ filter: SearchFilter, _ wanted: String, _ stored: IndexedValue) -> Bool {
        switch (filter.parameter.kind, stored) {
        case (.string, .string(let exact, let folded)):
            switch filter.modifier {
            case "exact": return exact == wanted
            case "contains": return folded.contains(wanted.lowercased())
            default: return folded.hasPrefix(wanted.lowercased())
            }
        case (.token, .token(let system, let code)):
            return matchesToken(wanted, system: system, code: code)
        case (.reference, .reference(let reference)):
            return matchesReference(wanted, modifier: filter.modifier, stored: reference)
        case (.date, .date(let range)):
            return matchesDate(wanted, prefix: filter.prefix, stored: range)
        case (.uri, .uri(let uri)):
            return uri == wanted
        default:
            return false
        }
    }

    private static func matchesToken(_ wanted: String, system: String?, code: String) -> Bool {
        guard let bar = wanted.firstIndex(of: "|") else { return code == wanted }
        let wantedSystem = wanted[..<bar]
        let wantedCode = wanted[wanted.index(after: bar)...]
        if wantedSystem.isEmpty { return system == nil && code == wantedCode }
        guard system.map({ $0 == wantedSystem }) ?? false else { return false }
        return wantedCode.isEmpty || code == wantedCode
    }

    private static func matchesReference(_ wanted: String, modifier: String, stored: String) -> Bool {
        var target = wanted
        if !modifier.isEmpty, ResourceTypes.isKnown(modifier), !target.contains("/") {
            target = "\(modifier)/\(target)"
        }
        if target.contains("/") {
            return stored == target || stored.hasSuffix("/" + target)
        }
        return stored.hasSuffix("/" + target)
    }

    /// Medplum compares the stored instant with the start of the searched value, so `gt2024-01-01`
    /// means "after midnight", while `eq` (no prefix) means "within the searched precision".
    private static func matchesDate(_ wanted: String, prefix: String?, stored: Range<Int64>) -> Bool {
        guard let searched = Instant.range(wanted) else { return false }
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
