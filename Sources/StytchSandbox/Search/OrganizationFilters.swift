import Foundation

/// The organization search filters of contract §3.6.
extension StytchStore {
    typealias OrganizationPredicate = (OrganizationRecord) -> Bool

    /// Compiles one operand, or throws the search error Stytch gives for it.
    func organizationPredicate(_ operand: SearchQuery.Operand) throws(StytchError) -> OrganizationPredicate {
        let scope = "organization"
        switch operand.name {
        case "organization_ids":
            let ids = Set(try operand.strings(scope))
            return { ids.contains($0.id) }
        case "organization_slugs":
            let slugs = Set(try operand.strings(scope).map { $0.lowercased() })
            return { slugs.contains($0.slug.lowercased()) }
        case "organization_name_fuzzy":
            let text = try operand.fuzzy(scope)
            return { $0.name.lowercased().contains(text) }
        case "organization_slug_fuzzy":
            let text = try operand.fuzzy(scope)
            return { $0.slug.lowercased().contains(text) }
        case "member_emails":
            let emails = try operand.strings(scope).map { $0.lowercased() }
            return { org in emails.contains { self.member(email: $0, in: org.id) != nil } }
        case "member_email_fuzzy":
            let text = try operand.fuzzy(scope)
            return { org in
                (self.memberIdsByOrganization[org.id] ?? []).contains { id in
                    guard let member = self.members[id], !member.isDeleted else { return false }
                    return member.emailKey.contains(text)
                }
            }
        case "allowed_domains":
            let domains = Set(try operand.strings(scope).map { $0.lowercased() })
            return { org in org.emailAllowedDomains.contains { domains.contains($0.lowercased()) } }
        case "allowed_domain_fuzzy":
            let text = try operand.fuzzy(scope)
            return { org in org.emailAllowedDomains.contains { $0.lowercased().contains(text) } }
        case "claimed_email_domains":
            let domains = Set(try operand.strings(scope).map { $0.lowercased() })
            return { org in org.claimedEmailDomains.contains { domains.contains($0.lowercased()) } }
        case "has_active_sso_connection":
            // The sandbox has no SSO connections: no organization has an active one.
            let wanted = try operand.bool(scope)
            return { _ in !wanted }
        case "sso_connection_id":
            _ = try operand.string(scope)
            return { _ in false }
        default:
            throw .searchFilterNotRecognized(scope, operand.name)
        }
    }
}
