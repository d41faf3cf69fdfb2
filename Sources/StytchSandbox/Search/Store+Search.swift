import Foundation

/// Both search endpoints: filter, cache the matches for the paging that follows, cut a page.
extension StytchStore {
    /// `POST /v1/b2b/organizations/search`.
    func searchOrganizations(query: SearchQuery, paging: SearchPaging) throws(StytchError) -> OrganizationSearchPayload {
        let key = "organization|\(query.canonical)"
        let afterSeq = try paging.cursor.map { (cursor) throws(StytchError) in
            try SearchCursor.decode(cursor, queryKey: key, scope: "organization").afterSeq
        }
        let entry = try cachedMatches(key) { () throws(StytchError) -> [(String, Int)] in
            let predicates = try query.operands.map { (operand) throws(StytchError) in try organizationPredicate(operand) }
            return organizations.values
                .filter { org in Self.combine(query.op, predicates, org) }
                .sorted { $0.seq < $1.seq }
                .map { ($0.id, $0.seq) }
        }
        let page = entry.page(after: afterSeq, limit: paging.limit, queryKey: key)
        return OrganizationSearchPayload(
            organizations: page.ids.compactMap { organizations[$0].map(OrganizationWire.init) },
            resultsMetadata: ResultsMetadataWire(total: entry.ids.count, nextCursor: page.next))
    }

    /// `POST /v1/b2b/organizations/members/search`: members of the given organizations, deleted
    /// ones only when a `statuses` operand asks for them.
    func searchMembers(
        organizationIds references: [String], query: SearchQuery, paging: SearchPaging
    ) throws(StytchError) -> MemberSearchPayload {
        guard !references.isEmpty else { throw .memberSearchOrganizationIDsEmpty }
        let orgIds = try Set(references.map { (reference) throws(StytchError) in try organization(reference).id }).sorted()
        let key = "member|\(orgIds.joined(separator: ","))|\(query.canonical)"
        let afterSeq = try paging.cursor.map { (cursor) throws(StytchError) in
            try SearchCursor.decode(cursor, queryKey: key, scope: "member").afterSeq
        }
        let entry = try cachedMatches(key) { () throws(StytchError) -> [(String, Int)] in
            let predicates = try query.operands.map { (operand) throws(StytchError) in try memberPredicate(operand) }
            var wantsDeleted = false
            for operand in query.operands where operand.name == "statuses" {
                wantsDeleted = try Self.statuses(operand).contains(MemberStatus.deleted) || wantsDeleted
            }
            var matches: [(String, Int)] = []
            for orgId in orgIds {
                for id in memberIdsByOrganization[orgId] ?? [] {
                    guard let member = members[id], wantsDeleted || !member.isDeleted,
                        Self.combine(query.op, predicates, member)
                    else { continue }
                    matches.append((id, member.seq))
                }
            }
            // Each organization's list is already in creation order; only several need merging.
            if orgIds.count > 1 { matches.sort { $0.1 < $1.1 } }
            return matches
        }
        let page = entry.page(after: afterSeq, limit: paging.limit, queryKey: key)
        var wires: [MemberWire] = []
        wires.reserveCapacity(page.ids.count)
        var orgs: [String: OrganizationWire] = [:]
        for id in page.ids {
            guard let member = members[id], let org = organizations[member.organizationId] else { continue }
            wires.append(wire(member, in: org))
            if orgs[org.id] == nil { orgs[org.id] = OrganizationWire(record: org) }
        }
        return MemberSearchPayload(
            members: wires, resultsMetadata: ResultsMetadataWire(total: entry.ids.count, nextCursor: page.next),
            organizations: orgs)
    }

    /// The cached matches for `key` at the current generation, computing them on a miss.
    private func cachedMatches(
        _ key: String, compute: () throws(StytchError) -> [(String, Int)]
    ) throws(StytchError) -> SearchCache.Entry {
        if let entry = searchCache.lookup(key, generation: generation) { return entry }
        searchScans += 1
        let matches = try compute()
        let entry = SearchCache.Entry(generation: generation, ids: matches.map(\.0), seqs: matches.map(\.1))
        searchCache.store(entry, for: key)
        return entry
    }

    /// AND: every predicate holds; OR (legacy): at least one does. No operands: everything.
    static func combine<T>(_ op: SearchQuery.Operator, _ predicates: [(T) -> Bool], _ value: T) -> Bool {
        guard !predicates.isEmpty else { return true }
        switch op {
        case .and: return predicates.allSatisfy { $0(value) }
        case .or: return predicates.contains { $0(value) }
        }
    }
}
