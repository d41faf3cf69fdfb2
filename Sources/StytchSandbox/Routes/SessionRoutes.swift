import Foundation
import Hummingbird

/// `/v1/b2b/sessions…` (contract §6).
enum SessionRoutes {
    static func add(to table: inout APIRouteTable) {
        table.add(.get, "v1/b2b/sessions") { call in
            guard let org = call.queryValue("organization_id"), !org.isEmpty else {
                throw StytchError.missingField("organization_id")
            }
            guard let member = call.queryValue("member_id"), !member.isEmpty else {
                throw StytchError.missingField("member_id")
            }
            return try success(try await call.store.listSessions(org, member))
        }
        table.add(.post, "v1/b2b/sessions/authenticate") { call in
            let body = try call.decode(SessionAuthenticateBody.self)
            return try success(try await call.store.authenticateSession(body))
        }
        table.add(.post, "v1/b2b/sessions/revoke") { call in
            let body = try call.decode(SessionRevokeBody.self)
            if call.memberSession.isPresent, let target = try? await call.store.revokeTarget(body) {
                try await call.authorize(
                    RBACRequirement(
                        organization: target.organizationId, resource: "stytch.member", actions: ["revoke-sessions"],
                        targetMember: target.memberId, selfActions: ["revoke-sessions"]))
            }
            try await call.store.revokeSessions(body)
            return try success(EmptyPayload())
        }
        table.add(.get, "v1/b2b/sessions/jwks/:project_id") { call in
            guard call.parameter("project_id") == call.store.credentials.projectId else { throw StytchError.projectNotFound }
            return try success(JWKSPayload(keys: [call.store.signer.jwk]))
        }
    }
}
