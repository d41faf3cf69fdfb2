import PlumblineCore
import PlumblineHTTP

/// Reads a Stytch project in bulk through the search endpoints (contract 3.6, 4.8) with cursor
/// paging at the largest page the contract allows (1000): never a request per member.
public struct StytchReader: Sendable {
    let client: StytchClient

    public init(client: StytchClient) {
        self.client = client
    }

    /// Every organization, the members (deleted ones included, so people can be reactivated) of
    /// those that are declared (`slugs`) or managed, and the RBAC policy's role ids.
    public func read(declaredSlugs slugs: Set<String>) async throws -> StytchLiveState {
        try await read { slugs.contains($0.slug) || $0.managed }
    }

    /// Every organization and the members of every one of them: what `import` writes manifests from.
    public func readAll() async throws -> StytchLiveState {
        try await read { _ in true }
    }

    /// `read(declaredSlugs:)` (or, with nil slugs, `readAll()`) and, when `sdk` is given, the
    /// frontend SDK's configuration (contract 8.2).
    public func read(declaredSlugs slugs: Set<String>?, frontendSDK sdk: FrontendSDKReader?) async throws -> StytchLiveState {
        // The configuration does not depend on the rest of the read, so it is read alongside.
        async let frontendSDK = sdk?.read()
        var live: StytchLiveState
        if let slugs { live = try await read(declaredSlugs: slugs) } else { live = try await readAll() }
        live.frontendSDK = try await frontendSDK
        return live
    }

    private func read(membersOf isRelevant: (LiveOrganization) -> Bool) async throws -> StytchLiveState {
        // The RBAC policy is read beside the organizations, and awaited first so that, when both
        // fail, the error reported is the one a sequential read would have met first.
        async let roleIdsRead = rbacRoleIds()
        async let organizationsRead = searchAll("v1/b2b/organizations/search", "/v1/b2b/organizations/search", items: "organizations", body: [:]) {
            StytchMapping.organization(try $0.value())
        }
        let roleIds = try await roleIdsRead
        let organizations = try await organizationsRead
        let relevant = organizations.filter(isRelevant)
        let slugsById = Dictionary(relevant.map { ($0.id, $0.slug) }, uniquingKeysWith: { first, _ in first })
        var members: [LiveMember] = []
        if !relevant.isEmpty {
            let body: JSONValue = [
                "organization_ids": .array(relevant.map { .string($0.id) }),
                "query": ["operator": "AND", "operands": [["filter_name": "statuses", "filter_value": ["active", "pending", "invited", "deleted"]]]],
            ]
            members = try await searchAll("v1/b2b/organizations/members/search", "/v1/b2b/organizations/members/search", items: "members", body: body) {
                try StytchMapping.member(from: &$0) { slugsById[$0] }
            }
        }
        return StytchLiveState(organizations: organizations, members: members, roleIds: roleIds)
    }

    /// `GET /v1/b2b/rbac/policy`, read once: the role ids the project defines.
    public func rbacRoleIds() async throws -> Set<String> {
        Self.roleIds(in: try await client.call(.get, "v1/b2b/rbac/policy", route: "/v1/b2b/rbac/policy"))
    }

    /// The role ids of an RBAC policy response.
    static func roleIds(in response: JSONValue) -> Set<String> {
        Set((response["policy"]?["roles"]?.array ?? []).compactMap { $0["role_id"]?.string })
    }

    /// Every item of a search, each read from its page by `read` (nil: not kept), so a large
    /// project is never held as parsed JSON.
    private func searchAll<Kept>(
        _ path: String, _ route: String, items: StaticString, body: JSONValue, reading read: (inout JSONScanner) throws -> Kept?
    ) async throws -> [Kept] {
        let client = client
        var results: [Kept] = []
        // A page is named by its cursor; the first has none.
        try await PagedRead.walk(from: Cursor(nil)) { cursor in
            var page = body
            page["limit"] = 1000
            if let value = cursor.value { page["cursor"] = .string(value) }
            // A search reads only, so repeating it after a failure is safe.
            return try await client.send(.post, path, body: page, route: route, retry: .idempotent, isRead: true)
        } glance: { answer in
            JSONValue.peek(["results_metadata", "next_cursor"], in: answer.body)?.string.map(Cursor.init)
        } read: { answer in
            let page = try client.decode(answer, of: "POST \(route)") { try StytchSearchPage(scanning: $0, items: items, reading: read) }
            results += page.items
            return page.nextCursor.map(Cursor.init)
        }
        return results
    }

    private struct Cursor: Hashable, Sendable, CustomStringConvertible {
        let value: String?
        init(_ value: String?) { self.value = value }
        var description: String { value.map { "Stytch search cursor \($0)" } ?? "the first page of a Stytch search" }
    }
}
