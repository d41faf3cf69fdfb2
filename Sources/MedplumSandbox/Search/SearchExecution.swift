/// The result of one search, before it becomes a Bundle.
struct SearchPage: Sendable {
    /// The request with `_count` and `_offset` defaulted and clamped, as the links show them.
    var request: SearchRequest
    var matches: [StoredResource]
    /// The first match after the page, when there is one (decides the `next` link).
    var next: StoredResource?
    var total: Int?
    var included: [StoredResource]
}

extension StoreState {
    /// Runs a search as `caller` (contract 4.3): resources of invisible projects and those the
    /// caller's policy excludes never match; the default order is write order (which is also
    /// `_lastUpdated` order, so unsorted paging is deterministic).
    func search(_ request: SearchRequest, caller: Caller) throws(Outcome) -> SearchPage {
        try authorize(request.resourceType, .search, caller: caller)
        if request.resourceType == "Binary" { throw Outcome.badRequest("Cannot search on Binary resource type") }
        var request = request
        let count = max(0, min(request.count ?? SearchRequest.defaultCount, SearchRequest.maximumCount))
        let offset = max(0, request.offset ?? 0)
        if offset > SearchRequest.maximumOffset {
            throw Outcome.badRequest(
                "Search offset exceeds maximum (got \(offset), max \(SearchRequest.maximumOffset))")
        }
        if offset > 0, request.cursor != nil { throw Outcome.badRequest("Cannot use both offset and cursor") }
        request.count = count
        request.offset = offset

        let matcher = try Matcher(state: self, request: request, caller: caller)
        let wantsTotal = request.total == "accurate" || request.total == "estimate"
        var page = SearchPage(request: request, matches: [], next: nil, total: nil, included: [])
        guard count > 0 || wantsTotal else { return page }

        var seen = 0
        var sortable: [StoredResource] = []
        forEachCandidate(request, matcher: matcher) { resource in
            guard matcher.admits(resource) else { return true }
            seen += 1
            if matcher.needsSort {
                sortable.append(resource)
                return true
            }
            guard seen > offset else { return true }
            if page.matches.count < count {
                page.matches.append(resource)
            } else if page.next == nil {
                page.next = resource
                return wantsTotal
            }
            return true
        }
        if matcher.needsSort {
            sortable.sort(by: matcher.sortComparator)
            page.matches = Array(sortable.dropFirst(offset).prefix(count))
            page.next = sortable.count > offset + count ? sortable[offset + count] : nil
        }
        if wantsTotal { page.total = seen }
        if count == 0 { page.matches = [] }
        page.included = try includes(for: page.matches, request: request, caller: caller)
        return page
    }

    /// Visits candidates in the order the page needs, until `body` returns false: from the
    /// smallest index hit when a filter can use the hash index, otherwise along the type's
    /// write-order log (from the cursor's instant onwards), so a first page never walks the table.
    private func forEachCandidate(
        _ request: SearchRequest, matcher: Matcher, _ body: (StoredResource) -> Bool
    ) {
        let table = table(request.resourceType)
        let cursor = request.cursor.flatMap(SearchCursor.init)
        if let ids = matcher.indexedCandidates(in: table) {
            var resources = ids.compactMap { table[$0] }.filter { !$0.isDeleted }
            resources.sort { $0.sequence < $1.sequence }
            if matcher.reverse { resources.reverse() }
            for resource in resources where cursor?.admits(resource) ?? true {
                if !body(resource) { return }
            }
            return
        }
        if matcher.reverse {
            for resource in table.liveResources().reversed() where !body(resource) { return }
            return
        }
        for resource in table.liveResources(fromInstant: cursor?.instant) where cursor?.admits(resource) ?? true {
            if !body(resource) { return }
        }
    }

    /// `_include` and `_revinclude` targets of a page, visible to the caller, without duplicates.
    private func includes(for matches: [StoredResource], request: SearchRequest, caller: Caller) throws(Outcome)
        -> [StoredResource]
    {
        guard !request.includes.isEmpty || !request.revIncludes.isEmpty else { return [] }
        var seen = Set(matches.map(\.reference))
        var result: [StoredResource] = []
        func add(_ resource: StoredResource) {
            guard !resource.isDeleted, caller.canSee(projectID: resource.projectID),
                (try? governingEntry(resource.resourceType, .read, values: resource.values, caller: caller)) != nil,
                seen.insert(resource.reference).inserted
            else { return }
            result.append(resource)
        }
        for target in request.includes {
            for match in matches where match.resourceType == target.resourceType {
                for case .reference(let reference) in match.values[target.parameter] ?? [] {
                    if let (type, id) = Self.split(reference), let resource = stored(type, id) { add(resource) }
                }
            }
        }
        for target in request.revIncludes {
            let table = table(target.resourceType)
            for match in matches {
                let key = IndexKeys.key(code: target.parameter, kind: .reference, modifier: "", value: match.reference)
                for id in key.map(table.ids(forKey:)) ?? [] {
                    if let resource = table[id] { add(resource) }
                }
            }
        }
        return result
    }
}

/// `_cursor=2-<epochMillis>[-<excludedIds>]` (version 1 cursors are read too).
struct SearchCursor: Sendable {
    let instant: Int64
    let excluded: Set<String>

    init?(_ text: String) {
        let parts = text.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "1" || parts[0] == "2", let instant = Int64(parts[1]) else { return nil }
        if parts[0] == "1" && parts.count < 3 { return nil }
        self.instant = instant
        self.excluded = parts.count == 3 && parts[0] == "2" ? Set(parts[2].split(separator: ",").map(String.init)) : []
    }

    func admits(_ resource: StoredResource) -> Bool {
        resource.current.lastUpdated >= instant && !excluded.contains(resource.id)
    }

    static func format(instant: Int64, excluded: [String]) -> String {
        excluded.isEmpty ? "2-\(instant)" : "2-\(instant)-\(excluded.joined(separator: ","))"
    }
}
