import Foundation

/// Member create, update, delete, reactivate (contract §4).
extension StytchStore {
    /// `POST /v1/b2b/organizations/{organization_id}/members`.
    func createMember(_ orgReference: String, _ fields: MemberFields) throws(StytchError) -> MemberRecord {
        let org = try organization(orgReference)
        guard let email = fields.emailAddress, !email.isEmpty else { throw .missingField("email_address") }
        try MemberRules.checkEmail(email)
        guard memberIdByEmail[org.id]?[email.lowercased()] == nil else { throw .duplicateMemberEmail }
        let now = self.now
        var member = MemberRecord(
            id: "member-test-\(UUID().uuidString.lowercased())", organizationId: org.id, seq: takeSeq(), email: email,
            emailId: "email-test-\(UUID().uuidString.lowercased())", emailVerified: false,
            status: fields.createMemberAsPending == true ? MemberStatus.pending : MemberStatus.active,
            createdAt: now, updatedAt: now)
        member.trustedMetadata = MetadataRules.create(fields.trustedMetadata ?? [:])
        member.untrustedMetadata = MetadataRules.create(fields.untrustedMetadata ?? [:])
        var settable = fields
        settable.trustedMetadata = nil
        settable.untrustedMetadata = nil
        settable.emailAddress = nil
        try apply(settable, to: &member, in: org)
        put(member)
        return member
    }

    /// `PUT /v1/b2b/organizations/{organization_id}/members/{member_id}`: only the keys present
    /// change; `roles` replaces the explicit roles only.
    func updateMember(_ orgReference: String, _ memberReference: String, _ fields: MemberFields) throws(StytchError)
        -> MemberRecord
    {
        let org = try organization(orgReference)
        var member = try member(memberReference, in: org.id)
        if let patch = fields.trustedMetadata { member.trustedMetadata = MetadataRules.merge(member.trustedMetadata, patch) }
        if let patch = fields.untrustedMetadata {
            member.untrustedMetadata = MetadataRules.merge(member.untrustedMetadata, patch)
        }
        if let email = fields.emailAddress, email.lowercased() != member.emailKey {
            try changeEmail(of: &member, to: email, unlink: fields.unlinkEmail == true, in: org.id)
        }
        try apply(fields, to: &member, in: org)
        member.updatedAt = now
        put(member)
        return member
    }

    /// `DELETE …/members/{member_id}`: a soft delete. The member is hidden from lookups and
    /// default searches, its addresses are free again, and its sessions are revoked.
    func deleteMember(_ orgReference: String, _ memberReference: String) throws(StytchError) -> String {
        let org = try organization(orgReference)
        var member = try member(memberReference, in: org.id)
        member.status = MemberStatus.deleted
        member.updatedAt = now
        put(member)
        revokeSessions(ofMember: member.id)
        return member.id
    }

    /// `PUT …/members/{member_id}/reactivate`: only a deleted member with a verified address, by
    /// its real id.
    func reactivateMember(_ orgReference: String, _ memberId: String) throws(StytchError) -> MemberRecord {
        let org = try organization(orgReference)
        var member = try member(memberId, in: org.id, allowExternalId: false, includeDeleted: true)
        guard member.isDeleted else { throw .noDeletedMemberForReactivation }
        guard member.emailVerified else { throw .emailUnverifiedForReactivation }
        guard memberIdByEmail[org.id]?[member.emailKey] == nil else { throw .reactivationEmailTaken }
        if let external = member.externalId, memberIdByExternalId[org.id]?[external] != nil {
            throw .duplicateMemberExternalID
        }
        // Retired addresses another member has taken since are dropped rather than blocking.
        member.retiredEmails.removeAll { memberIdByEmail[org.id]?[$0.emailAddress.lowercased()] != nil }
        member.status = MemberStatus.active
        member.updatedAt = now
        put(member)
        return member
    }

    /// `GET /v1/b2b/organizations/{organization_id}/member` by id, external id or e-mail.
    func getMember(_ orgReference: String, memberId: String?, email: String?) throws(StytchError) -> MemberRecord {
        let org = try organization(orgReference)
        if let memberId, !memberId.isEmpty { return try member(memberId, in: org.id) }
        if let email, !email.isEmpty {
            guard let member = member(email: email, in: org.id) else { throw .memberNotFound() }
            return member
        }
        throw .memberGetNeedsSelector
    }

    /// `GET /v1/b2b/organizations/members/dangerously_get/{member_id}`: by real id, any org.
    func dangerouslyGetMember(_ memberId: String, includeDeleted: Bool) throws(StytchError) -> MemberRecord {
        guard let member = members[memberId], includeDeleted || !member.isDeleted else { throw .memberNotFound() }
        return member
    }

    /// Reads a live member, changes it with `change`, stores it (the small endpoints of §4.9).
    func modifyMember(
        _ orgReference: String, _ memberReference: String,
        _ change: @Sendable (inout MemberRecord) throws(StytchError) -> Void
    ) throws(StytchError) -> MemberRecord {
        let org = try organization(orgReference)
        var member = try member(memberReference, in: org.id)
        try change(&member)
        member.updatedAt = now
        put(member)
        return member
    }

    /// `DELETE …/members/passwords/{member_password_id}`.
    func deleteMemberPassword(_ orgReference: String, passwordId: String) throws(StytchError) -> MemberRecord {
        let org = try organization(orgReference)
        guard let id = (memberIdsByOrganization[org.id] ?? []).first(where: { members[$0]?.password?.id == passwordId }),
            var member = members[id], !member.isDeleted
        else { throw .memberPasswordIDNotFound }
        member.password = nil
        member.updatedAt = now
        put(member)
        return member
    }

    /// The id of the member holding a password, for the RBAC check of deleting it.
    func deleteMemberPasswordOwner(_ orgReference: String, passwordId: String) throws(StytchError) -> String {
        let org = try organization(orgReference)
        guard let id = (memberIdsByOrganization[org.id] ?? []).first(where: { members[$0]?.password?.id == passwordId }) else {
            throw .memberPasswordIDNotFound
        }
        return id
    }

    /// Sets every field present except the e-mail and metadata merging, with validation.
    private func apply(_ fields: MemberFields, to member: inout MemberRecord, in org: OrganizationRecord) throws(StytchError) {
        if let name = fields.name { member.name = name }
        if let flag = fields.isBreakglass { member.isBreakglass = flag }
        if let flag = fields.mfaEnrolled { member.mfaEnrolled = flag }
        if let phone = fields.mfaPhoneNumber, phone != member.mfaPhoneNumber {
            try MemberRules.checkPhone(phone)
            guard member.mfaPhoneNumber.isEmpty else { throw .mfaPhoneNumberAlreadySet }
            member.mfaPhoneNumber = phone
            member.mfaPhoneNumberVerified = false
        }
        if let method = fields.defaultMFAMethod {
            guard ["sms_otp", "totp"].contains(method) else { throw .invalidDefaultMFAMethod }
            member.defaultMFAMethod = method
        }
        if let external = fields.externalId, external != member.externalId {
            guard OrganizationRules.isValidExternalId(external) else { throw .invalidMemberExternalID }
            guard memberIdByExternalId[org.id]?[external] == nil else { throw .duplicateMemberExternalID }
            member.externalId = external
        }
        if let roles = fields.roles { member.explicitRoles = try checkedRoles(roles, in: org) }
        try MetadataRules.check(member.trustedMetadata, field: "trusted_metadata")
        try MetadataRules.check(member.untrustedMetadata, field: "untrusted_metadata")
    }

    /// Explicit roles as given, deduplicated; each must exist, and `stytch_member` (held by
    /// everyone) cannot be assigned.
    func checkedRoles(_ roles: [String], in org: OrganizationRecord) throws(StytchError) -> [String] {
        let assignable = assignableRoleIds(in: org)
        var seen: Set<String> = []
        var result: [String] = []
        for role in roles {
            guard role != DefaultRoles.member else { throw .cannotAssignDefaultRole }
            guard assignable.contains(role) else { throw .invalidRole(role) }
            if seen.insert(role).inserted { result.append(role) }
        }
        return result
    }

    /// Moves a member to a new address: the old one is retired (or dropped with `unlink`), the
    /// password is cleared and the new address needs verification (contract §4.5).
    private func changeEmail(of member: inout MemberRecord, to email: String, unlink: Bool, in orgId: String)
        throws(StytchError)
    {
        try MemberRules.checkEmail(email)
        if let holder = memberIdByEmail[orgId]?[email.lowercased()], holder != member.id { throw .duplicateMemberEmail }
        member.retiredEmails.removeAll { $0.emailAddress.lowercased() == email.lowercased() }
        if !unlink { member.retiredEmails.append(RetiredEmail(emailId: member.emailId, emailAddress: member.email)) }
        member.email = email
        member.emailId = "email-test-\(UUID().uuidString.lowercased())"
        member.emailVerified = false
        member.password = nil
    }
}
