import Foundation
import PlumblineCore
import PlumblineHTTP

extension StytchApplier {
    func applyMember(_ change: Change) async throws {
        let parts = change.resource.key.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return }
        let (slug, email) = (parts[0], parts[1])
        switch change.action {
        case .create: try await create(slug: slug, email: email)
        case .update: try await update(slug: slug, email: email, id: change.target?.id)
        case .reactivate: try await reactivate(slug: slug, email: email, id: change.target?.id)
        case .deactivate: try await offboard(slug: slug, id: change.target?.id)
        default: throw VerificationFailed(description: "cannot \(change.action.rawValue) a member")
        }
    }

    private func membersPath(_ slug: String) -> String {
        "v1/b2b/organizations/\(StytchClient.segment(slug))/members"
    }

    private func create(slug: String, email: String) async throws {
        guard let member = desired.member(slug: slug, email: email) else { return }
        let body: JSONValue = [
            "email_address": .string(email), "name": .string(member.name),
            "roles": .array(member.roles.map(JSONValue.string)), "trusted_metadata": StytchMapping.marker,
        ]
        do {
            _ = try await client.call(.post, membersPath(slug), body: body, route: "/v1/b2b/organizations/:id/members")
        } catch let error as StytchError where error.errorType == "duplicate_member_email" {
            // Created by an earlier run that failed before reporting it? Adopt it only if it is ours.
            let existing = try await client.call(
                .get, "v1/b2b/organizations/\(StytchClient.segment(slug))/member", query: [("email_address", email)],
                route: "/v1/b2b/organizations/:id/member"
            )
            guard let json = existing["member"], StytchMapping.isManaged(json), let id = json["member_id"]?.string else { throw error }
            try await update(slug: slug, email: email, id: id)
        }
    }

    /// A partial update: name, explicit roles (they replace the explicit set only) and the marker.
    private func update(slug: String, email: String, id: String?) async throws {
        guard let member = desired.member(slug: slug, email: email), let id else { return }
        let body: JSONValue = [
            "name": .string(member.name), "roles": .array(member.roles.map(JSONValue.string)),
            "trusted_metadata": StytchMapping.marker,
        ]
        _ = try await client.call(.put, "\(membersPath(slug))/\(StytchClient.segment(id))", body: body, route: "/v1/b2b/organizations/:id/members/:id")
    }

    /// Reactivation restores the deleted member; Stytch refuses it when the e-mail was never
    /// verified (members made through the API are not) or now belongs to someone else, and then
    /// a new member is the way back (deletion freed the address).
    private func reactivate(slug: String, email: String, id: String?) async throws {
        guard let id else { return try await create(slug: slug, email: email) }
        do {
            _ = try await client.call(
                .put, "\(membersPath(slug))/\(StytchClient.segment(id))/reactivate", body: [:],
                route: "/v1/b2b/organizations/:id/members/:id/reactivate", retry: .idempotent
            )
        } catch let error as StytchError where ["email_unverified_for_reactivation", "reactivation_email_belongs_to_another_member"].contains(error.errorType) {
            return try await create(slug: slug, email: email)
        }
        try await update(slug: slug, email: email, id: id)
    }

    /// Offboarding: revoke every session, check none is left, delete the member (reversible by
    /// reactivation), check it is deleted. Only when both checks hold is the change applied.
    private func offboard(slug: String, id: String?) async throws {
        guard let id else { return }
        _ = try await client.call(.post, "v1/b2b/sessions/revoke", body: ["member_id": .string(id)], route: "/v1/b2b/sessions/revoke", retry: .idempotent)
        let sessions = try await client.call(
            .get, "v1/b2b/sessions", query: [("organization_id", slug), ("member_id", id)], route: "/v1/b2b/sessions"
        )
        let left = sessions["member_sessions"]?.array?.count ?? 0
        guard left == 0 else { throw VerificationFailed(description: "\(left) session(s) of member \(id) were still active after revocation") }
        do {
            _ = try await client.call(.delete, "\(membersPath(slug))/\(StytchClient.segment(id))", route: "/v1/b2b/organizations/:id/members/:id")
        } catch let error as StytchError where error.errorType == "member_not_found" {
            // Already deleted by an earlier run: the read-back below decides.
        }
        let after = try await client.call(
            .get, "v1/b2b/organizations/members/dangerously_get/\(StytchClient.segment(id))", query: [("include_deleted", "true")],
            route: "/v1/b2b/organizations/members/dangerously_get/:id"
        )
        guard after["member"]?["status"]?.string == "deleted" else {
            throw VerificationFailed(description: "member \(id) is not deleted after the delete request (status \(after["member"]?["status"]?.string ?? "unknown"))")
        }
    }
}
