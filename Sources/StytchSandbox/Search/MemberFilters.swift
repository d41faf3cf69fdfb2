import Foundation

/// The member search filters of contract §4.8.
extension StytchStore {
    typealias MemberPredicate = (MemberRecord) -> Bool

    /// Compiles one operand, or throws the search error Stytch gives for it.
    func memberPredicate(_ operand: SearchQuery.Operand) throws(StytchError) -> MemberPredicate {
        let scope = "member"
        switch operand.name {
        case "member_ids":
            let ids = Set(try operand.strings(scope))
            return { ids.contains($0.id) }
        case "member_emails":
            let emails = Set(try operand.strings(scope).map { $0.lowercased() })
            return { emails.contains($0.emailKey) }
        case "member_email_fuzzy":
            let text = try operand.fuzzy(scope)
            return { $0.emailKey.contains(text) }
        case "member_is_breakglass":
            let wanted = try operand.bool(scope)
            return { $0.isBreakglass == wanted }
        case "statuses":
            let statuses = try Self.statuses(operand)
            return { statuses.contains($0.status) }
        case "member_roles":
            let roles = Set(try operand.strings(scope))
            return { member in self.member(member, holdsAnyOf: roles) }
        case "member_password_exists":
            let wanted = try operand.bool(scope)
            return { ($0.password != nil) == wanted }
        case "member_mfa_phone_numbers", "member_phone_numbers":
            let numbers = Set(try operand.strings(scope))
            return { !$0.mfaPhoneNumber.isEmpty && numbers.contains($0.mfaPhoneNumber) }
        case "member_mfa_phone_number_fuzzy", "member_phone_number_fuzzy":
            let text = try operand.fuzzy(scope)
            return { $0.mfaPhoneNumber.lowercased().contains(text) }
        default:
            throw .searchFilterNotRecognized(scope, operand.name)
        }
    }

    /// The statuses of a `statuses` operand, each one a valid member status.
    static func statuses(_ operand: SearchQuery.Operand) throws(StytchError) -> Set<String> {
        let statuses = try operand.strings("member")
        if let invalid = statuses.first(where: { !MemberStatus.all.contains($0) }) { throw .searchInvalidStatus(invalid) }
        return Set(statuses)
    }

    /// Whether the member holds one of `roleIds` from any source, without building its role list.
    func member(_ member: MemberRecord, holdsAnyOf roleIds: Set<String>) -> Bool {
        if roleIds.contains(DefaultRoles.member) { return true }
        if member.explicitRoles.contains(where: roleIds.contains) { return true }
        guard let org = organizations[member.organizationId], !org.rbacEmailImplicitRoleAssignments.isEmpty else {
            return false
        }
        let domain = member.emailKey.split(separator: "@").last.map(String.init) ?? ""
        return org.rbacEmailImplicitRoleAssignments.contains {
            $0.domain.lowercased() == domain && roleIds.contains($0.roleId)
        }
    }
}
