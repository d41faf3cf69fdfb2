import Foundation

/// Everything one search needs to decide whether a resource matches and where it sorts,
/// prepared once per request.
struct Matcher {
    let filters: [SearchFilter]
    /// For chained filters (by position): the references their far end matched.
    let chainTargets: [Int: Set<String>]
    /// The caller's search-permitting policy entries; nil when unrestricted.
    let policyEntries: [PolicyEntry]?
    let caller: Caller
    let sortRules: [SortRule]

    /// True when the order is not write order (or its reverse), so every match must be collected.
    var needsSort: Bool {
        !(sortRules.isEmpty || sortRules == [SortRule(code: "_lastUpdated", descending: false)] || reverse)
    }

    var reverse: Bool { sortRules == [SortRule(code: "_lastUpdated", descending: true)] }

    init(state: StoreState, request: SearchRequest, caller: Caller) throws(Outcome) {
        filters = request.filters
        sortRules = request.sortRules
        self.caller = caller
        policyEntries = caller.isAdministrative ? nil : caller.policy.entries(for: request.resourceType, .search)
        var targets: [Int: Set<String>] = [:]
        for (position, filter) in request.filters.enumerated() {
            guard let chain = filter.chain else { continue }
            try state.authorize(chain.targetType, .search, caller: caller)
            targets[position] = state.references(of: chain.targetType, matching: [chain.filter], caller: caller)
        }
        chainTargets = targets
    }

    /// Whether a live resource is visible to the caller and matches every filter.
    func admits(_ resource: StoredResource) -> Bool {
        guard caller.canSee(projectID: resource.projectID) else { return false }
        if let policyEntries, !policyEntries.contains(where: { $0.admits(resource.values) }) { return false }
        return SearchMatcher.matches(filters, values: resource.values, chainTargets: chainTargets)
    }

    /// The ids of the smallest hash-index hit among the filters, or nil when no filter can use the
    /// index or the best hit is too large to beat walking the table in order.
    func indexedCandidates(in table: ResourceTable) -> Set<String>? {
        var best: Set<String>?
        for (position, filter) in filters.enumerated() {
            guard let hit = indexHit(filter, position: position, table: table) else { continue }
            if best == nil || hit.count < (best?.count ?? 0) { best = hit }
        }
        guard let best, best.count * 2 <= max(table.count, 64) else { return nil }
        return best
    }

    private func indexHit(_ filter: SearchFilter, position: Int, table: ResourceTable) -> Set<String>? {
        let values: [String]
        let modifier: String
        if let targets = chainTargets[position] {
            values = Array(targets)
            modifier = ""
        } else {
            values = filter.values
            modifier = filter.modifier
        }
        let keys = values.map { IndexKeys.key(code: filter.code, kind: filter.parameter.kind, modifier: modifier, value: $0) }
        guard !keys.contains(nil) else { return nil }
        let sets = keys.compactMap { $0 }.map(table.ids(forKey:))
        // One value: the index's own set, shared rather than copied.
        guard sets.count > 1 else { return sets.first ?? [] }
        return sets.reduce(into: Set<String>()) { $0.formUnion($1) }
    }

    /// `_sort` order; ties keep write order. Missing values sort last ascending, first descending.
    func sortComparator(_ lhs: StoredResource, _ rhs: StoredResource) -> Bool {
        for rule in sortRules {
            let left = sortKey(lhs, rule.code)
            let right = sortKey(rhs, rule.code)
            if left == right { continue }
            switch (left, right) {
            case (nil, _): return rule.descending
            case (_, nil): return !rule.descending
            case (let left?, let right?): return rule.descending ? left > right : left < right
            }
        }
        return lhs.sequence < rhs.sequence
    }

    private func sortKey(_ resource: StoredResource, _ code: String) -> String? {
        switch code {
        case "_lastUpdated": return String(format: "%020lld", resource.current.lastUpdated)
        case "_id": return resource.id
        default: return resource.values[code]?.map(\.sortKey).min()
        }
    }
}

extension StoreState {
    /// `Type/id` of every visible resource of a type matching `filters` (the far end of a chain).
    func references(of resourceType: String, matching filters: [SearchFilter], caller: Caller) -> Set<String> {
        var request = SearchRequest(resourceType: resourceType)
        request.filters = filters
        guard let matcher = try? Matcher(state: self, request: request, caller: caller) else { return [] }
        var result = Set<String>()
        let table = table(resourceType)
        if let ids = matcher.indexedCandidates(in: table) {
            for id in ids {
                if let resource = table[id], !resource.isDeleted, matcher.admits(resource) {
                    result.insert(resource.reference)
                }
            }
            return result
        }
        for resource in table.liveResources() where matcher.admits(resource) {
            result.insert(resource.reference)
        }
        return result
    }
}
