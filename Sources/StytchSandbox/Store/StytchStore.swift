import Foundation
import SandboxSupport

/// All of the emulated project's state: organizations, members, sessions, the RBAC policy and the
/// frontend-SDK configuration. An actor, so every request sees a consistent state; the clock is
/// injected so tests can age sessions through `/_sandbox/clock`.
///
/// Indexes are kept beside the records so that every lookup the API offers (by id, slug, external
/// id, e-mail, session token) is a dictionary read, and search pages never rescan what they need
/// not.
public actor StytchStore {
    let clock: SandboxClock
    /// The project and workspace credentials this store answers to.
    public nonisolated let credentials: StytchSandboxCredentials
    /// Signs session JWTs and publishes the JWKS.
    nonisolated let signer: SessionSigner

    var policy: RBACPolicy
    var sdkConfig: B2BSDKConfig = .initial

    var organizations: [String: OrganizationRecord] = [:]
    var organizationIdBySlug: [String: String] = [:]
    var organizationIdByExternalId: [String: String] = [:]

    var members: [String: MemberRecord] = [:]
    /// Member ids per organization, in creation order (deleted members included).
    var memberIdsByOrganization: [String: [String]] = [:]
    /// organization id → lower-cased e-mail → id of the member that holds or has retired it. Soft-
    /// deleted members free their addresses, so they are not in here.
    var memberIdByEmail: [String: [String: String]] = [:]
    /// organization id → external id → member id.
    var memberIdByExternalId: [String: [String: String]] = [:]

    var sessions: [String: SessionRecord] = [:]
    var sessionIdByToken: [String: String] = [:]
    var sessionIdsByMember: [String: [String]] = [:]
    var intermediateSessions: [String: IntermediateSessionRecord] = [:]

    /// Next creation sequence number (organizations and members share it).
    var nextSeq = 1
    /// Bumped by every write; cached search results are valid only for the generation they saw.
    var generation = 0
    var searchCache = SearchCache()
    /// How many searches had to scan for their matches (the rest were served from the cache);
    /// lets tests check that paging does not rescan.
    var searchScans = 0
    var journal: Journal?

    init(
        clock: SandboxClock, credentials: StytchSandboxCredentials, signer: SessionSigner, policy: RBACPolicy,
        journal: Journal?
    ) {
        self.clock = clock
        self.credentials = credentials
        self.signer = signer
        self.policy = policy
        self.journal = journal
    }

    /// Now, as the sandbox clock says.
    var now: Date { clock.now() }

    /// Takes the next creation sequence number.
    func takeSeq() -> Int {
        defer { nextSeq += 1 }
        return nextSeq
    }

    /// Records that state changed: invalidates cached searches and journals the change so a
    /// restart with `--state` loses nothing.
    func didChange(_ change: StateChange) {
        generation += 1
        journal?.append(change)
    }

    // MARK: lookups

    /// Resolves an `organization_id` path or body value, which may also be the slug or the external
    /// id (contract §1.4).
    func organization(_ reference: String) throws(StytchError) -> OrganizationRecord {
        if let org = organizations[reference] { return org }
        if let id = organizationIdBySlug[reference], let org = organizations[id] { return org }
        if let id = organizationIdByExternalId[reference], let org = organizations[id] { return org }
        throw .organizationNotFound()
    }

    /// Resolves a `member_id` within an organization: the id, or the member's external id unless
    /// `allowExternalId` is false (reactivate, dangerously_get and revoke take real ids only).
    func member(
        _ reference: String, in organizationId: String, allowExternalId: Bool = true, includeDeleted: Bool = false
    ) throws(StytchError) -> MemberRecord {
        var found = members[reference].flatMap { $0.organizationId == organizationId ? $0 : nil }
        if found == nil, allowExternalId, let id = memberIdByExternalId[organizationId]?[reference] {
            found = members[id]
        }
        guard let member = found, includeDeleted || !member.isDeleted else { throw .memberNotFound() }
        return member
    }

    /// The live (non-deleted) member of an organization holding this e-mail as its current address.
    func member(email: String, in organizationId: String) -> MemberRecord? {
        guard let id = memberIdByEmail[organizationId]?[email.lowercased()], let member = members[id],
            !member.isDeleted, member.emailKey == email.lowercased()
        else { return nil }
        return member
    }

    /// Every role a member holds, each once with all its sources (contract §5.3): `stytch_member`
    /// for everyone, explicit roles, then the organization's e-mail-domain assignments.
    func roles(of member: MemberRecord, in org: OrganizationRecord) -> [MemberRoleWire] {
        var roles = [MemberRoleWire(roleId: DefaultRoles.member, sources: [RoleSourceWire(type: "direct_assignment", details: nil)])]
        for role in member.explicitRoles where role != DefaultRoles.member {
            roles.append(MemberRoleWire(roleId: role, sources: [RoleSourceWire(type: "direct_assignment", details: nil)]))
        }
        guard !org.rbacEmailImplicitRoleAssignments.isEmpty else { return roles }
        let domain = member.emailKey.split(separator: "@").last.map(String.init) ?? ""
        for assignment in org.rbacEmailImplicitRoleAssignments where assignment.domain.lowercased() == domain {
            let source = RoleSourceWire(type: "email_assignment", details: ["email_domain": .string(assignment.domain)])
            if let index = roles.firstIndex(where: { $0.roleId == assignment.roleId }) {
                if !roles[index].sources.contains(source) { roles[index].sources.append(source) }
            } else {
                roles.append(MemberRoleWire(roleId: assignment.roleId, sources: [source]))
            }
        }
        return roles
    }

    /// The wire form of a member, with its computed roles.
    func wire(_ member: MemberRecord, in org: OrganizationRecord) -> MemberWire {
        MemberWire(record: member, roles: roles(of: member, in: org))
    }

    /// The member envelope payload (`member_id`, `member`, `organization`).
    func memberPayload(_ member: MemberRecord) throws(StytchError) -> MemberPayload {
        let org = try organization(member.organizationId)
        return MemberPayload(member: wire(member, in: org), organization: OrganizationWire(record: org))
    }

    /// Role ids that may be assigned in an organization: the project's plus the org's own.
    func assignableRoleIds(in org: OrganizationRecord) -> Set<String> {
        Set(policy.roles.map(\.roleId)).union(org.customRoles.map(\.roleId))
    }
}
