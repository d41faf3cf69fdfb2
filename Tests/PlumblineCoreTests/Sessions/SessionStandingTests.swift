import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Who counts as offboarded", .tags(.small))
struct SessionStandingTests {
    let standing = SessionStanding(manifests: Validator.validate([SourceFile(path: "p.yaml", text: """
        kind: AccessPolicy
        name: nurse
        resources: [{ resourceType: Patient, interactions: [read] }]
        ---
        kind: Role
        name: nurse
        stytch: { roles: [nurse] }
        medplum: { profileType: Practitioner, accessPolicies: [nurse] }
        ---
        kind: Role
        name: front-desk
        stytch: { roles: [front-desk] }
        ---
        kind: Organization
        name: East
        slug: east
        ---
        kind: Organization
        name: West
        slug: west
        ---
        kind: User
        email: Active@x.org
        firstName: A
        lastName: A
        organizations: [east]
        roles: [nurse]
        ---
        kind: User
        email: gone@x.org
        firstName: G
        lastName: G
        organizations: [east]
        roles: [nurse]
        active: false
        ---
        kind: User
        email: locum@x.org
        firstName: L
        lastName: L
        organizations: [east]
        roles: [nurse]
        expires: 2026-06-30
        ---
        kind: User
        email: desk@x.org
        firstName: D
        lastName: D
        organizations: [east]
        roles: [front-desk]
        """)]).manifests, today: CalendarDate(year: 2026, month: 7, day: 1))

    @Test func declaredInactiveOrExpiredPeopleAreOffboardedEverywhereManagedOrNot() {
        for managed in [true, false] {
            #expect(standing.isOffboarded(stytchMember: "gone@x.org", slug: "east", managed: managed))
            #expect(standing.isOffboarded(stytchMember: "LOCUM@x.org", slug: "west", managed: managed))
            #expect(standing.isOffboarded(medplumMember: "gone@x.org", managed: managed))
            #expect(standing.isOffboarded(medplumMember: "locum@x.org", managed: managed))
        }
    }

    @Test func activePeopleAreNotOffboardedWhereTheyAreDeclared() {
        #expect(!standing.isOffboarded(stytchMember: "active@x.org", slug: "east", managed: true))
        #expect(!standing.isOffboarded(medplumMember: "active@x.org", managed: true))
    }

    @Test func aManagedAccountTheManifestsNoLongerDeclareIsOffboarded() {
        #expect(standing.isOffboarded(stytchMember: "left@x.org", slug: "east", managed: true), "person no longer declared")
        #expect(standing.isOffboarded(stytchMember: "active@x.org", slug: "west", managed: true), "no longer in that organization")
        #expect(standing.isOffboarded(medplumMember: "desk@x.org", managed: true), "their roles grant no Medplum access")
        #expect(standing.isOffboarded(medplumMember: "left@x.org", managed: true))
    }

    @Test func unmanagedAccountsTheManifestsDoNotMentionAreLeftToTheTimeRules() {
        #expect(!standing.isOffboarded(stytchMember: "console-made@x.org", slug: "east", managed: false))
        #expect(!standing.isOffboarded(stytchMember: "active@x.org", slug: "west", managed: false))
        #expect(!standing.isOffboarded(medplumMember: "owner@example.com", managed: false))
    }
}
