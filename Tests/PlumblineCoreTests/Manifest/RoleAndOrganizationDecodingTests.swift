import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Role and Organization documents", .tags(.small))
struct RoleAndOrganizationDecodingTests {
    @Test func aRoleMustGrantSomething() {
        expectDiagnostics("1️⃣kind: Role\nname: nothing\ndescription: does nothing\n", [
            DiagnosticSpec("1️⃣", "Role 'nothing' grants nothing; add 'stytch', 'medplum' or both"),
        ])
    }

    @Test func medplumGrantsNeedAKnownProfileType() {
        expectDiagnostics("""
            kind: Role
            name: a
            medplum: { profileType: 1️⃣practitioner, accessPolicies: [p] }
            ---
            kind: Role
            name: b
            medplum: 2️⃣{ accessPolicies: [p] }
            ---
            kind: AccessPolicy
            name: p
            resources: [{ resourceType: Patient, interactions: [read] }]
            """, [
                DiagnosticSpec("1️⃣", "'medplum.profileType' in Role 'a' has unknown value 'practitioner'; did you mean 'Practitioner'?"),
                DiagnosticSpec("2️⃣", "missing required key 'profileType' in 'medplum' of Role 'b'; add it"),
            ])
    }

    @Test func implicitAndUnrestrictedGrantsAreWarned() {
        expectDiagnostics("""
            kind: Role
            name: reader
            stytch: { roles: [1️⃣stytch_member, reader] }
            medplum: 2️⃣{ profileType: Practitioner }
            """, [
                DiagnosticSpec("1️⃣", .warning, "every Stytch member holds 'stytch_member' already; remove it from Role 'reader'"),
                DiagnosticSpec("2️⃣", .warning, "Role 'reader' gives a Medplum membership without access policies, which Medplum treats as access to every resource; list its 'accessPolicies'"),
            ])
    }

    @Test func projectAdminRoleHeldByManyActivePeopleIsWarned() {
        let users = (1...5).map { index in
            "---\nkind: User\nemail: admin\(index)@example.org\nfirstName: A\nlastName: B\nroles: [admin]\n\(index == 5 ? "active: false\n" : "")"
        }.joined()
        expectDiagnostics("""
            kind: Role
            name: admin
            medplum: { profileType: Practitioner, accessPolicies: [p], admin: 1️⃣true }
            ---
            kind: AccessPolicy
            name: p
            resources: [{ resourceType: Patient, interactions: [read] }]
            \(users)
            """, [
                DiagnosticSpec("1️⃣", .warning, "Role 'admin' makes its holders Medplum project admins and 4 active users hold it; keep project admins to 3 or fewer people"),
            ])
    }

    @Test func slugsFollowStytchsRule() {
        expectDiagnostics("""
            kind: Organization
            name: North
            slug: 1️⃣n
            ---
            kind: Organization
            name: South
            slug: 2️⃣"south side"
            """, [
                DiagnosticSpec("1️⃣", "slug 'n' in Organization 'North' is invalid: \(OrganizationSlug.rule)"),
                DiagnosticSpec("2️⃣", "slug 'south side' in Organization 'South' is invalid: \(OrganizationSlug.rule)"),
            ])
    }

    @Test func allowedDomainsMustBeTheOrganizationsOwn() {
        expectDiagnostics("""
            kind: Organization
            name: North
            slug: north
            emailAllowedDomains: [north.example.org, 1️⃣gmail.com, 2️⃣"north example"]
            """, [
                DiagnosticSpec("1️⃣", "'gmail.com' in Organization 'North' is a public mail domain, which Stytch refuses as an allowed domain; use the organization's own domain"),
                DiagnosticSpec("2️⃣", "'north example' in Organization 'North' is not a domain name; write only the domain, e.g. northside.example.org"),
            ])
    }

    @Test func restrictedSettingsNeedTheirLists() {
        expectDiagnostics("""
            kind: Organization
            name: North
            slug: north
            authMethods: 1️⃣RESTRICTED
            mfaMethods: 2️⃣RESTRICTED
            allowedMfaMethods: []
            emailInvites: 3️⃣RESTRICTED
            mfaPolicy: 4️⃣required_for_all
            """, [
                DiagnosticSpec("1️⃣", "'authMethods' in Organization 'North' is RESTRICTED but 'allowedAuthMethods' lists nothing; list the allowed methods"),
                DiagnosticSpec("2️⃣", "'mfaMethods' in Organization 'North' is RESTRICTED but 'allowedMfaMethods' lists nothing; list the allowed methods"),
                DiagnosticSpec("3️⃣", .warning, "Organization 'North' restricts e-mail sign-up to 'emailAllowedDomains', which lists nothing, so nobody can join that way; add the organization's domains"),
                DiagnosticSpec("4️⃣", "'mfaPolicy' in Organization 'North' has unknown value 'required_for_all'; did you mean 'REQUIRED_FOR_ALL'?"),
            ])
    }

    @Test func namesAndExternalIdsHaveStytchsLimits() {
        let long = String(repeating: "n", count: 129)
        expectDiagnostics("""
            kind: Organization
            name: 1️⃣\(long)
            slug: north
            externalId: 2️⃣north/1
            """, [
                DiagnosticSpec("1️⃣", "'name' in Organization '\(long)' is 129 characters long; Stytch allows at most 128"),
                DiagnosticSpec("2️⃣", "'externalId' in Organization '\(long)' may only contain alphanumerics and '.', '_', '-', '|', at most 128 characters; change 'north/1'"),
            ])
    }

    @Test func slugsAreUnique() {
        expectDiagnostics("""
            kind: Organization
            name: North
            slug: north
            ---
            kind: Organization
            name: North again
            slug: 1️⃣north
            """, [
                DiagnosticSpec("1️⃣", "duplicate Organization slug 'north'; the first is defined at test.yaml:3:7; give each organization its own slug"),
            ])
    }
}
