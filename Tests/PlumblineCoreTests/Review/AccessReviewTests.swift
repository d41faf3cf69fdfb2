import Foundation
import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Access review", .tags(.small))
struct AccessReviewTests {
    static let manifests = Validator.validate([SourceFile(path: "m.yaml", text: """
        kind: AccessPolicy
        name: clinician
        resources:
          - { resourceType: Patient, interactions: [read, search, update] }
          - { resourceType: DiagnosticReport, interactions: [read, update], criteria: "DiagnosticReport?status=final" }
        ---
        kind: AccessPolicy
        name: audit
        resources: [{ resourceType: AuditEvent, interactions: [read, search] }]
        ---
        kind: Role
        name: clinician
        stytch: { roles: [clinician] }
        medplum: { profileType: Practitioner, accessPolicies: [clinician] }
        ---
        kind: Organization
        name: Eastside
        slug: eastside
        ---
        kind: User
        email: bob@eastside.example.org
        firstName: Bob
        lastName: Okafor
        organizations: [eastside]
        roles: [clinician]
        expires: 2027-03-31
        ---
        kind: User
        email: frank@eastside.example.org
        firstName: Frank
        lastName: "Meyer, Jr."
        roles: [clinician]
        active: false
        """)]).manifests

    static let created = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    static let medplum = MedplumLiveState(
        projectId: "project-1", ownerUserReference: "User/owner", selfMembershipId: "m-self",
        policies: [
            LivePolicy(id: "p1", version: "1", name: "clinician", grants: [
                PolicyGrant(resourceType: "Patient", interactions: [.read, .search, .update]),
                PolicyGrant(resourceType: "DiagnosticReport", interactions: [.read, .update], criteria: "DiagnosticReport?status=final"),
            ], managedKey: "clinician"),
            LivePolicy(id: "p2", version: "1", name: "console-made", grants: [PolicyGrant(resourceType: "*", interactions: nil)], managedKey: nil),
            LivePolicy(id: "p3", version: "1", name: "audit", grants: [PolicyGrant(resourceType: "AuditEvent", interactions: [.read, .search])], managedKey: "audit"),
        ],
        memberships: [
            LiveMembership(id: "m1", version: "1", userReference: "User/u1", email: "bob@eastside.example.org", profileReference: "Practitioner/r1", profileType: "Practitioner", policyIds: ["p1"], usesAccessList: true, admin: false, active: true, managedKey: "bob@eastside.example.org"),
            LiveMembership(id: "m2", version: "1", userReference: "User/owner", email: "owner@example.com", profileReference: "Practitioner/r2", profileType: "Practitioner", policyIds: [], usesAccessList: true, admin: true, active: true, managedKey: nil),
            LiveMembership(id: "m3", version: "1", userReference: "User/u3", email: "eve@eastside.example.org", profileReference: "Practitioner/r3", profileType: "Practitioner", policyIds: ["p2", "gone"], usesAccessList: true, admin: false, active: true, managedKey: nil),
            // Frank is offboarded, but his membership was never deactivated.
            LiveMembership(id: "m5", version: "1", userReference: "User/u5", email: "frank@eastside.example.org", profileReference: "Practitioner/r5", profileType: "Practitioner", policyIds: ["p3"], usesAccessList: true, admin: false, active: true, managedKey: "frank@eastside.example.org"),
        ],
        clients: [LiveClient(id: "c1", version: "1", name: "panels-web", description: nil, allowedOrigins: [], redirectUris: [], managedKey: "panels-web", membership: LiveMembership(id: "m4", version: "1", userReference: "ClientApplication/c1", email: nil, profileReference: "ClientApplication/c1", profileType: "ClientApplication", policyIds: ["p3"], usesAccessList: true, admin: false, active: true, managedKey: "panels-web"))]
    )

    static let stytch = StytchLiveState(organizations: [], members: [
        LiveMember(id: "member-1", version: "v", organizationId: "o1", slug: "eastside", email: "bob@eastside.example.org", name: "Bob Okafor", status: "active", explicitRoles: ["clinician", "stytch_admin"], managed: true, createdAt: created),
        LiveMember(id: "member-2", version: "v", organizationId: "o1", slug: "eastside", email: "walk-in@eastside.example.org", name: "Walk In", status: "active", explicitRoles: [], implicitRoles: ["viewer"], managed: false),
        LiveMember(id: "member-3", version: "v", organizationId: "o1", slug: "eastside", email: "frank@eastside.example.org", name: "Frank Meyer", status: "deleted", explicitRoles: ["clinician"], managed: true),
    ], roleIds: [])

    static let review = AccessReviewBuilder.build(
        environment: "sandbox", manifests: manifests, today: CalendarDate(year: 2026, month: 7, day: 1), medplum: medplum, stytch: stytch,
        membershipCreated: ["m1": created.addingTimeInterval(3_600), "m2": created]
    )

    @Test func everyDeclaredPersonAndEveryLiveAccountIsListedWithTheirAccess() throws {
        let review = Self.review
        #expect(review.people.map(\.email) == ["bob@eastside.example.org", "eve@eastside.example.org", "frank@eastside.example.org", "owner@example.com", "walk-in@eastside.example.org"])
        let bob = try #require(review.people.first)
        #expect(bob.status == "active" && bob.declared && bob.expires == "2027-03-31" && bob.roles == ["clinician"])
        #expect(bob.organizations == [OrganizationAccess(slug: "eastside", status: "active", roles: ["stytch_member", "clinician", "stytch_admin"], admin: true, managed: true, memberSince: Self.created)])
        #expect(bob.memberships.first?.activeSince == Self.created.addingTimeInterval(3_600))
        #expect(bob.memberships.first?.policies.first?.grants?.map(\.resourceType) == ["Patient", "DiagnosticReport"])
        let frank = try #require(review.people.first { $0.email == "frank@eastside.example.org" })
        #expect(frank.status == "offboarded" && frank.organizations.isEmpty, "a deleted member gives no access")
        let eve = try #require(review.people.first { $0.email == "eve@eastside.example.org" })
        #expect(eve.status == "undeclared")
        #expect(eve.memberships.first?.policies.map(\.grants?.count) == [1, nil], "a missing policy is shown as missing")
    }

    /// Frank's Stytch member is deleted, but his Medplum membership still lets him in.
    @Test func anOffboardedPersonWhoCanStillSignInIsAFinding() {
        #expect(Self.review.accessNotRemoved == [
            RemainingAccess(email: "frank@eastside.example.org", status: "offboarded", medplum: ["ProjectMembership/m5"], stytch: []),
        ])
        let expiredBob = AccessReviewBuilder.build(environment: "sandbox", manifests: Self.manifests, today: CalendarDate(year: 2027, month: 4, day: 1), medplum: Self.medplum, stytch: Self.stytch)
        #expect(expiredBob.accessNotRemoved.first == RemainingAccess(email: "bob@eastside.example.org", status: "expired", medplum: ["ProjectMembership/m1"], stytch: ["eastside (active)"]))
    }

    @Test func unmanagedAccountsAreListedApart() {
        #expect(Self.review.unmanaged == [
            UnmanagedAccount(system: .medplum, key: "eve@eastside.example.org", email: "eve@eastside.example.org", status: "active", access: "Practitioner, console-made, AccessPolicy/gone"),
            UnmanagedAccount(system: .medplum, key: "owner@example.com", email: "owner@example.com", status: "active", access: "Practitioner, no access policy, admin"),
            UnmanagedAccount(system: .stytch, key: "eastside/walk-in@eastside.example.org", email: "walk-in@eastside.example.org", organization: "eastside", status: "active", access: "stytch_member, viewer"),
        ])
    }

    @Test func writesOnClinicalTypesWithoutACriteriaAreFindingsWithTheirHolders() {
        #expect(Self.review.unrestrictedClinicalWrites == [
            UnrestrictedClinicalWrite(policy: "clinician", policyId: "p1", managed: true, resourceType: "Patient", interactions: [.update], holders: ["bob@eastside.example.org"]),
            UnrestrictedClinicalWrite(policy: "console-made", policyId: "p2", managed: false, resourceType: "*", interactions: [.update, .delete, .create], holders: ["eve@eastside.example.org"]),
            UnrestrictedClinicalWrite(policy: "(no access policy)", policyId: nil, managed: false, resourceType: "*", interactions: [.update, .delete, .create], holders: ["owner@example.com"]),
        ])
        #expect(ClinicalTypes.covers("Observation") && ClinicalTypes.covers("*") && !ClinicalTypes.covers("Practitioner") && !ClinicalTypes.covers("AccessPolicy"))
        #expect(ClinicalTypes.all.allSatisfy(FHIRResourceTypes.r4.contains), "every clinical type is an R4 type")
    }
}
