import Foundation
import Hummingbird

/// `/v1/b2b/organizations/{organization_id}/members…` and the cross-organization member
/// endpoints (contract §4).
enum MemberRoutes {
    static func add(to table: inout APIRouteTable) {
        let members = "v1/b2b/organizations/:organization_id/members"
        table.add(.post, members) { call in
            let fields = try call.decode(MemberFields.self)
            try await call.authorize(
                RBACRequirement(
                    organization: call.parameter("organization_id"), resource: "stytch.member", actions: ["create"],
                    forbiddenField: fields.trustedMetadata != nil ? "trusted_metadata" : nil))
            let member = try await call.store.createMember(call.parameter("organization_id"), fields)
            return try success(try await call.store.memberPayload(member))
        }
        table.add(.get, "v1/b2b/organizations/:organization_id/member") { call in
            let member = try await call.store.getMember(
                call.parameter("organization_id"), memberId: call.queryValue("member_id"),
                email: call.queryValue("email_address"))
            return try success(try await call.store.memberPayload(member))
        }
        table.add(.put, "\(members)/:member_id") { call in
            let fields = try call.decode(MemberFields.self)
            let (actions, selfActions, forbidden) = fields.rbacActions
            try await call.authorize(
                RBACRequirement(
                    organization: call.parameter("organization_id"), resource: "stytch.member", actions: actions,
                    targetMember: call.parameter("member_id"), selfActions: selfActions, forbiddenField: forbidden,
                    notOnSelfField: fields.emailAddress != nil ? "email_address" : nil))
            let member = try await call.store.updateMember(
                call.parameter("organization_id"), call.parameter("member_id"), fields)
            return try success(try await call.store.memberPayload(member))
        }
        table.add(.delete, "\(members)/:member_id") { call in
            try await call.authorize(memberAction(call, "delete", selfAction: "delete"))
            let id = try await call.store.deleteMember(call.parameter("organization_id"), call.parameter("member_id"))
            return try success(MemberIDPayload(memberId: id))
        }
        table.add(.put, "\(members)/:member_id/reactivate") { call in
            try await call.authorize(memberAction(call, "create", selfAction: nil))
            let member = try await call.store.reactivateMember(
                call.parameter("organization_id"), call.parameter("member_id"))
            return try success(try await call.store.memberPayload(member))
        }
        table.add(.get, "v1/b2b/organizations/members/dangerously_get/:member_id") { call in
            let member = try await call.store.dangerouslyGetMember(
                call.parameter("member_id"), includeDeleted: try call.queryBool("include_deleted") ?? false)
            return try success(try await call.store.memberPayload(member))
        }
        table.add(.post, "v1/b2b/organizations/members/search") { call in
            let body = try call.decode(SearchBody.self)
            let query = try SearchQuery(json: body.query, scope: "member")
            let paging = try SearchPaging(limit: body.limit, cursor: body.cursor, scope: "member")
            guard let orgIds = body.organizationIds else { throw StytchError.missingField("organization_ids") }
            // As a member, every organization searched must be the member's own.
            for orgId in orgIds {
                try await call.authorize(RBACRequirement(organization: orgId, resource: "stytch.member", actions: ["search"]))
            }
            return success(try await call.store.searchMembers(organizationIds: orgIds, query: query, paging: paging))
        }
        addFactorRoutes(to: &table, members: members)
    }

    /// The small per-member endpoints of contract §4.9, all answering the member envelope.
    private static func addFactorRoutes(to table: inout APIRouteTable, members: String) {
        table.add(.delete, "\(members)/passwords/:member_password_id") { call in
            let owner = try? await call.store.deleteMemberPasswordOwner(
                call.parameter("organization_id"), passwordId: call.parameter("member_password_id"))
            try await call.authorize(
                RBACRequirement(
                    organization: call.parameter("organization_id"), resource: "stytch.member",
                    actions: ["update.info.delete.password"], targetMember: owner, selfActions: ["update.info.delete.password"]))
            let member = try await call.store.deleteMemberPassword(
                call.parameter("organization_id"), passwordId: call.parameter("member_password_id"))
            return try success(try await call.store.memberPayload(member))
        }
        modify(.delete, "\(members)/mfa_phone_numbers/:member_id", in: &table, action: "update.info.delete.mfa-phone") {
            member, _ throws(StytchError) in
            guard !member.mfaPhoneNumber.isEmpty else { throw .memberPhoneNumberNotFound }
            member.mfaPhoneNumber = ""
            member.mfaPhoneNumberVerified = false
        }
        modify(.delete, "\(members)/:member_id/totp", in: &table, action: "update.info.delete.mfa-totp") {
            member, _ throws(StytchError) in
            guard !member.totpRegistrationId.isEmpty else { throw .totpNotFound }
            member.totpRegistrationId = ""
        }
        modify(.delete, "\(members)/:member_id/external_id", in: &table, action: nil) { member, _ throws(StytchError) in
            member.externalId = nil
        }
        modify(.post, "\(members)/:member_id/start_email_update", in: &table, action: "update.info.email") {
            member, call throws(StytchError) in
            // Sends a verification e-mail on the real service; nothing changes until it is used.
            let body = try call.decode(StartEmailUpdateBody.self)
            guard let email = body.emailAddress, !email.isEmpty else { throw .missingField("email_address") }
            try MemberRules.checkEmail(email)
        }
        table.add(.post, "\(members)/:member_id/unlink_retired_email") { call in
            let body = try call.decode(UnlinkRetiredEmailBody.self)
            guard body.emailId != nil || body.emailAddress != nil else { throw StytchError.retiredEmailSelectorMissing }
            try await call.authorize(memberAction(call, "update.info.email", selfAction: nil))
            let member = try await call.store.modifyMember(call.parameter("organization_id"), call.parameter("member_id")) {
                (member: inout MemberRecord) throws(StytchError) in
                let before = member.retiredEmails.count
                member.retiredEmails.removeAll { retired in
                    (body.emailId == nil || retired.emailId == body.emailId)
                        && (body.emailAddress == nil || retired.emailAddress.lowercased() == body.emailAddress?.lowercased())
                }
                guard member.retiredEmails.count < before else { throw .retiredEmailNotFound }
            }
            return try success(UnlinkRetiredEmailPayload(member: try await call.store.memberPayload(member)))
        }
        table.add(.get, "\(members)/:member_id/oidc_providers") { call in
            _ = try await call.store.getMember(call.parameter("organization_id"), memberId: call.parameter("member_id"), email: nil)
            return try success(EmptyListPayload(key: "registrations"))
        }
        table.add(.get, "\(members)/:member_id/connected_apps") { call in
            _ = try await call.store.getMember(call.parameter("organization_id"), memberId: call.parameter("member_id"), email: nil)
            return try success(EmptyListPayload(key: "connected_apps"))
        }
        table.add(.get, "v1/b2b/organizations/:organization_id/connected_apps") { call in
            _ = try await call.store.organization(call.parameter("organization_id"))
            return try success(EmptyListPayload(key: "connected_apps"))
        }
    }

    /// What acting on the member of the path needs as a member: `action` on `stytch.member`, or
    /// `selfAction` on `stytch.self` for one's own member.
    private static func memberAction(_ call: StytchCall, _ action: String, selfAction: String?) -> RBACRequirement {
        RBACRequirement(
            organization: call.parameter("organization_id"), resource: "stytch.member", actions: [action],
            targetMember: call.parameter("member_id"), selfActions: selfAction.map { [$0] })
    }

    /// A route that changes one member in place and answers the member envelope; `action` is the
    /// `stytch.member` action it needs as a member (also sufficient on `stytch.self` for oneself),
    /// nil when no member session may do it.
    private static func modify(
        _ method: HTTPRequest.Method, _ path: String, in table: inout APIRouteTable, action: String?,
        _ change: @escaping @Sendable (inout MemberRecord, StytchCall) throws(StytchError) -> Void
    ) {
        table.add(method, path) { call in
            var requirement = memberAction(call, action ?? "", selfAction: action)
            if action == nil { requirement.forbiddenField = "external_id" }
            try await call.authorize(requirement)
            let member = try await call.store.modifyMember(call.parameter("organization_id"), call.parameter("member_id")) {
                (member: inout MemberRecord) throws(StytchError) in try change(&member, call)
            }
            return try success(try await call.store.memberPayload(member))
        }
    }
}
