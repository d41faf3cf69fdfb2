import Foundation
import PlumblineCore
import PlumblineHTTP

/// The project's people's Medplum sessions: their non-revoked `Login` resources, which only a
/// super admin may read or write (contract 4.6, 5.6). Read and revoked with the super-admin
/// client, never with plumbline's project-admin one.
///
/// A Login carries no expiry (its tokens' lifetimes are per client), so it is judged by its
/// start (`authTime`), its last activity (`meta.lastUpdated`: a token refresh rotates the
/// refresh secret and writes a new version), its holder and the concurrent limit. Client-
/// credentials Logins are cache-only and cannot be searched (contract 2.2): machine clients
/// are not audited.
public struct MedplumLogins: Sendable {
    let superAdmin: MedplumClient

    /// `superAdmin` must be signed in with the environment's super-admin credentials.
    public init(superAdmin: MedplumClient) {
        self.superAdmin = superAdmin
    }

    /// What a read found: each session, and each Login as the server sent it (for revocation).
    public struct Snapshot: Sendable {
        public let sessions: [ObservedSession]
        let logins: [String: JSONValue]
    }

    /// References per search: `Login?user=A,B,…` ORs them (contract 4.3), so a project's people
    /// cost a request per 50, not one each, and Logins of other projects are never fetched.
    static let usersPerSearch = 50

    /// The non-revoked Logins of `memberships` — found by their users, kept when they belong to
    /// one of these memberships (a user may have Logins in other projects too).
    public func read(for memberships: [LiveMembership]) async throws -> Snapshot {
        let byMembership = Dictionary(memberships.map { ("ProjectMembership/\($0.id)", $0) }, uniquingKeysWith: { first, _ in first })
        let users = Array(Set(memberships.map(\.userReference))).sorted()
        var sessions: [ObservedSession] = []
        var logins: [String: JSONValue] = [:]
        for start in stride(from: 0, to: users.count, by: Self.usersPerSearch) {
            let chunk = users[start..<min(start + Self.usersPerSearch, users.count)]
            for login in try await superAdmin.searchAll("Login", [("user", chunk.joined(separator: ","))]) {
                guard login["revoked"]?.bool != true, let id = login["id"]?.string,
                      let membership = login["membership"]?["reference"]?.string.flatMap({ byMembership[$0] }),
                      let session = Self.session(from: login, id: id, membership: membership)
                else { continue }
                sessions.append(session)
                logins[id] = login
            }
        }
        return Snapshot(sessions: sessions, logins: logins)
    }

    /// Marks the Login revoked — the server then refuses its access and refresh tokens (contract
    /// 1.5, 5.6) — with `If-Match` on the version read, and reads it back: only a Login the
    /// server returns with `revoked: true` is reported ended. Medplum offers no other way to end
    /// another member's session: `/auth/revoke` and `/oauth2/logout` end only the caller's own.
    public func revoke(_ loginId: String, in snapshot: Snapshot) async throws {
        guard var login = snapshot.logins[loginId] else {
            throw MedplumError(request: "PUT /fhir/R4/Login/:id", status: 0, message: "Login \(loginId) was not read in this audit")
        }
        login["revoked"] = true
        _ = try await superAdmin.update(login, ifMatch: LiveMapping.version(login))
        let after = try await superAdmin.read("Login", loginId)
        guard after["revoked"]?.bool == true else {
            throw MedplumError(request: "GET /fhir/R4/Login/:id", status: 200, message: "Login \(loginId) is not revoked after the update")
        }
    }

    /// The session a Login records; nil when it has no time to start from.
    static func session(from login: JSONValue, id: String, membership: LiveMembership) -> ObservedSession? {
        let lastUpdated = login["meta"]?["lastUpdated"]?.string.flatMap(LiveMapping.parseDate)
        guard let started = login["authTime"]?.string.flatMap(LiveMapping.parseDate) ?? lastUpdated else { return nil }
        return ObservedSession(
            holder: SessionHolder(.medplum, membership.personKey), sessionId: id, startedAt: started,
            lastActiveAt: max(started, lastUpdated ?? started), expiresAt: nil
        )
    }
}
