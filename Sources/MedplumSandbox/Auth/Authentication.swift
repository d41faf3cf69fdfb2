import Foundation

/// An authenticated request: Medplum's `AuthState` plus the repository context built from it.
struct AuthState: Sendable {
    var caller: Caller
    /// The stored Login of a Bearer token; nil for HTTP Basic (Medplum builds a throwaway one).
    var login: LoginRecord?
    var membershipID: String
    var membership: JSON
    var project: JSON
    var projectID: String
}

/// Callers built from memberships, by membership (and extended mode), with the fingerprint of
/// what they were built from.
struct CallerCache: Sendable {
    var entries: [String: (fingerprint: String, caller: Caller)] = [:]
}

/// What the `Authorization` header said, decoded outside the store.
enum Credential: Sendable {
    /// A Bearer token whose signature checked out, with its claims.
    case bearer(claims: JSON)
    case basic(clientID: String, secret: String)
}

extension Credential {
    /// Parses `Authorization` as Medplum's `authenticateTokenImpl` does: `<type> <value>` split on
    /// the first space, `Bearer` and `Basic` exactly as written. Anything else is no credential.
    static func parse(_ header: String?, verify: (String) async -> JSON?) async -> Credential? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count >= 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        switch parts[0] {
        case "Bearer":
            return await verify(String(parts[1])).map { Credential.bearer(claims: $0) }
        case "Basic":
            guard let (id, secret) = basicPair(parts[1]) else { return nil }
            return .basic(clientID: id, secret: secret)
        default:
            return nil
        }
    }

    /// `base64(id:secret)` decoded and split at the colons (the part after a second colon is lost,
    /// as with Medplum's `split(':')`).
    static func basicPair(_ value: Substring) -> (String, String)? {
        guard let data = Data(base64Encoded: String(value)) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        let pieces = text.split(separator: ":", omittingEmptySubsequences: false)
        guard pieces.count >= 2 else { return (text, "") }
        return (String(pieces[0]), String(pieces[1]))
    }
}

extension StoreState {
    /// Turns a credential into an `AuthState`, or nil (anonymous) when it does not identify a live
    /// session. Throws only where Medplum's request-context middleware throws: a deleted
    /// membership (410) and an unreadable access policy (400).
    func authenticate(
        _ credential: Credential?, issuer: String, now: Int64, extendedMode: Bool, onBehalfOf: String?,
        cache: inout CallerCache
    ) throws(Outcome) -> AuthState? {
        guard let credential else { return nil }
        let login: LoginRecord?
        let membershipID: String
        switch credential {
        case .bearer(let claims):
            guard claims["iss"]?.stringValue == issuer,
                let exp = claims["exp"]?.numberValue, Double(now) / 1000 < exp,
                (claims["nbf"]?.numberValue ?? 0) <= Double(now) / 1000 + 1,
                let loginID = claims["login_id"]?.stringValue,
                let record = clientLogins[loginID], !record.revoked
            else { return nil }
            login = record
            membershipID = record.membershipID
        case .basic(let clientID, let secret):
            guard let client = resource("ClientApplication", clientID),
                let stored = client["secret"]?.stringValue, !stored.isEmpty, stored == secret,
                let membership = clientMembership(clientID)
            else { return nil }
            login = nil
            membershipID = membership.id
        }
        guard let stored = stored("ProjectMembership", membershipID) else { throw Outcome.notFound }
        guard var membership = stored.current.resource else { throw Outcome.gone }
        guard let projectID = StoreState.split(membership["project"]?.referenceString)?.1,
            let project = resource("Project", projectID)
        else { throw Outcome.notFound }
        var effectiveID = membershipID
        if let onBehalfOf {
            guard membership["admin"]?.boolValue == true || project["superAdmin"]?.boolValue == true else {
                throw Outcome.forbidden
            }
            guard let target = onBehalfOfMembership(onBehalfOf, projectID: projectID) else { throw Outcome.forbidden }
            membership = target.current.resource ?? membership
            effectiveID = target.id
        }
        let caller = try cachedCaller(
            membership: membership, membershipID: effectiveID, project: project, extendedMode: extendedMode, cache: &cache)
        return AuthState(
            caller: caller, login: login, membershipID: membershipID, membership: membership, project: project,
            projectID: projectID)
    }

    /// The first membership whose `user` is the ClientApplication (how the token endpoint and HTTP
    /// Basic find a client's project).
    func clientMembership(_ clientID: String) -> StoredResource? {
        let table = table("ProjectMembership")
        let key = IndexKeys.key(code: "user", kind: .reference, modifier: "", value: "ClientApplication/\(clientID)")
        return (key.map(table.ids(forKey:)) ?? [])
            .compactMap { table[$0] }
            .filter { !$0.isDeleted }
            .min { $0.sequence < $1.sequence }
    }

    /// `X-Medplum-On-Behalf-Of`: `ProjectMembership/<id>` or the profile of a membership.
    private func onBehalfOfMembership(_ header: String, projectID: String) -> StoredResource? {
        guard let (type, id) = StoreState.split(header) else { return nil }
        if type == "ProjectMembership" {
            guard let stored = stored(type, id), !stored.isDeleted, stored.projectID == projectID else { return nil }
            return stored
        }
        let table = table("ProjectMembership")
        let key = IndexKeys.key(code: "profile", kind: .reference, modifier: "", value: header)
        return (key.map(table.ids(forKey:)) ?? []).compactMap { table[$0] }
            .first { !$0.isDeleted && $0.projectID == projectID }
    }

    /// `caller(...)`, reused while nothing it was built from changed: the membership, the project,
    /// the profile and every policy the membership names, identified by their version ids.
    private func cachedCaller(
        membership: JSON, membershipID: String, project: JSON, extendedMode: Bool, cache: inout CallerCache
    ) throws(Outcome) -> Caller {
        var references = [membership["profile"]?.referenceString, membership["accessPolicy"]?.referenceString]
        references += (membership["access"]?.arrayValue ?? []).map { $0["policy"]?.referenceString }
        let versions = references.map { reference in
            reference.flatMap { Self.split($0) }.flatMap { stored($0.0, $0.1)?.current.versionID } ?? "-"
        }
        let fingerprint = ([membership["meta"]?["versionId"]?.stringValue ?? "", project["meta"]?["versionId"]?.stringValue ?? ""] + versions)
            .joined(separator: "|")
        let slot = "\(membershipID)|\(extendedMode)"
        if let entry = cache.entries[slot], entry.fingerprint == fingerprint { return entry.caller }
        let caller = try caller(membership: membership, membershipID: membershipID, project: project, extendedMode: extendedMode)
        if cache.entries.count > 10_000 { cache.entries.removeAll() }
        cache.entries[slot] = (fingerprint, caller)
        return caller
    }

    /// The repository context of a membership.
    func caller(membership: JSON, membershipID: String, project: JSON, extendedMode: Bool) throws(Outcome) -> Caller {
        let projectID = project["id"]?.stringValue ?? ""
        let kind: Caller.Kind =
            project["superAdmin"]?.boolValue == true
            ? .superAdmin : membership["admin"]?.boolValue == true ? .projectAdmin : .member
        let linked = (project["link"]?.arrayValue ?? []).compactMap {
            StoreState.split($0["project"]?.referenceString)?.1
        }
        let profileReference = membership["profile"]?.referenceString ?? ""
        var caller = Caller(
            kind: kind, projectID: projectID, readableProjects: Set([projectID] + linked),
            author: .reference(profileReference, display: displayName(resolve(profileReference))),
            policy: try accessPolicy(membership: membership, project: project))
        caller.extendedMode = extendedMode
        caller.transactionsEnabled =
            project["features"]?.arrayValue?.contains(.string("transaction-bundles")) ?? false
        caller.membershipID = membershipID
        return caller
    }

    /// Medplum's `getDisplayString` for the profile kinds a membership can point at.
    func displayName(_ resource: JSON?) -> String? {
        guard let resource else { return nil }
        if let name = resource["name"]?.stringValue { return name }
        if let name = resource["name"]?.arrayValue?.first {
            if let text = name["text"]?.stringValue { return text }
            let given = name["given"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let parts = given + [name["family"]?.stringValue].compactMap { $0 }
            if !parts.isEmpty { return parts.joined(separator: " ") }
        }
        return nil
    }
}
