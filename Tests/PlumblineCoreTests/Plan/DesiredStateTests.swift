import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Desired Medplum state from manifests", .tags(.small))
struct DesiredStateTests {
    let manifests = Validator.validate([SourceFile(path: "m.yaml", text: """
        kind: AccessPolicy
        name: clinician
        resources: [{ resourceType: Patient, interactions: [read, search] }]
        ---
        kind: AccessPolicy
        name: audit
        resources: [{ resourceType: AuditEvent, interactions: [read] }]
        ---
        kind: Role
        name: clinician
        stytch: { roles: [clinician] }
        medplum: { profileType: Practitioner, accessPolicies: [clinician], admin: false }
        ---
        kind: Role
        name: lead
        medplum: { profileType: Practitioner, accessPolicies: [audit, clinician], admin: true }
        ---
        kind: Role
        name: stytch-only
        stytch: { roles: [viewer] }
        ---
        kind: User
        email: Alice@X.org
        firstName: Alice
        lastName: Doe
        roles: [clinician, lead]
        ---
        kind: User
        email: erin@x.org
        firstName: Erin
        lastName: Walsh
        roles: [clinician]
        expires: 2027-03-31
        ---
        kind: User
        email: frank@x.org
        firstName: Frank
        lastName: Meyer
        roles: [clinician]
        active: false
        ---
        kind: User
        email: sam@x.org
        firstName: Sam
        lastName: Lee
        roles: [stytch-only]
        """)]).manifests

    @Test func rolesCombineIntoOneMembershipPerPerson() throws {
        let (state, withoutAccess) = MedplumDesiredStateBuilder.build(from: manifests, today: CalendarDate(year: 2027, month: 3, day: 31))
        let alice = try #require(state.membership(for: "alice@x.org"))
        #expect(alice.policyNames == ["audit", "clinician"])
        #expect(alice.admin)
        #expect(alice.active)
        #expect(alice.roles == ["clinician", "lead"])
        #expect(withoutAccess == ["sam@x.org"])
        #expect(state.policies.map(\.name) == ["clinician", "audit"])
    }

    @Test func expiryIsInclusiveAndOffboardingWins() throws {
        let lastDay = MedplumDesiredStateBuilder.build(from: manifests, today: CalendarDate(year: 2027, month: 3, day: 31)).state
        #expect(lastDay.membership(for: "erin@x.org")?.active == true)
        let dayAfter = MedplumDesiredStateBuilder.build(from: manifests, today: CalendarDate(year: 2027, month: 4, day: 1)).state
        #expect(dayAfter.membership(for: "erin@x.org")?.active == false)
        #expect(dayAfter.membership(for: "erin@x.org")?.inactiveReason == "access expired on 2027-03-31")
        #expect(dayAfter.membership(for: "frank@x.org")?.inactiveReason == "offboarded (active: false)")
    }
}
