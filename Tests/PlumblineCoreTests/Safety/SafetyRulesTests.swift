import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Safety rules", .tags(.small))
struct SafetyRulesTests {
    func plan(_ changes: [Change], conflicts: [PlanConflict] = []) -> Plan {
        Plan(environment: "test", manifestsDigest: "sha256:x", changes: changes, observed: [], conflicts: conflicts)
    }

    func deactivate(_ email: String, id: String) -> Change {
        Change(ResourceKey(.medplum, .projectMembership, email), .deactivate, fields: [FieldChange("active", before: true, after: false)], person: email, target: ObjectVersion(id: id, version: "v1"))
    }

    @Test func removingTheLastHumanAdminIsRefused() {
        let live = Live.state(memberships: [Live.membership("admin@x.org", id: "m1", admin: true), Live.membership("staff@x.org", id: "m2")])
        let refusals = SafetyRules.check(plan([deactivate("admin@x.org", id: "m1")]), medplum: live, limits: .init())
        #expect(refusals.map(\.rule) == [.lastAdmin])
        let withNewAdmin = plan([
            deactivate("admin@x.org", id: "m1"),
            Change(ResourceKey(.medplum, .projectMembership, "new@x.org"), .create, fields: [FieldChange("admin", before: nil, after: true)]),
        ])
        #expect(SafetyRules.check(withNewAdmin, medplum: live, limits: .init()).isEmpty)
    }

    @Test func demotingTheLastAdminIsRefusedToo() {
        let live = Live.state(memberships: [Live.membership("admin@x.org", id: "m1", admin: true)])
        let demotion = Change(ResourceKey(.medplum, .projectMembership, "admin@x.org"), .update, fields: [FieldChange("admin", before: true, after: false)], target: ObjectVersion(id: "m1", version: "v1"))
        #expect(SafetyRules.check(plan([demotion]), medplum: live, limits: .init()).map(\.rule) == [.lastAdmin])
    }

    @Test func theProjectOwnerAndPlumblinesOwnMembershipAreNeverTouched() {
        let live = Live.state(
            memberships: [Live.membership("owner@x.org", id: "m-owner", user: "User/owner"), Live.membership("admin@x.org", id: "m-admin", admin: true)],
            owner: "User/owner", selfMembership: "m-self"
        )
        let own = Change(ResourceKey(.medplum, .projectMembership, "robot"), .update, target: ObjectVersion(id: "m-self", version: "v1"))
        let refusals = SafetyRules.check(plan([deactivate("owner@x.org", id: "m-owner"), own]), medplum: live, limits: .init())
        #expect(refusals.map(\.rule) == [.ownMembership, .projectOwner])
        #expect(refusals.last?.message == "the plan would deactivate the membership of owner@x.org, the owner of the Medplum project; transfer ownership in Medplum first")
    }

    @Test func tooManyChangesAndConflictsAreRefused() {
        let changes = (1...3).map { Change(ResourceKey(.medplum, .accessPolicy, "p\($0)"), .create) }
        let conflict = PlanConflict(ResourceKey(.medplum, .accessPolicy, "x"), "in the way")
        let refusals = SafetyRules.check(plan(changes, conflicts: [conflict]), medplum: nil, limits: .init(maxChanges: 2))
        #expect(refusals.map(\.description) == [
            "medplum AccessPolicy 'x': in the way [conflicts]",
            "the plan has 3 changes, more than --max-changes 2; review the plan and raise the limit to apply it [max-changes]",
        ])
        #expect(SafetyRules.check(plan(changes), medplum: nil, limits: .init(maxChanges: 3)).isEmpty)
    }
}
