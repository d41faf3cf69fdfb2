import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Stytch roles compared as sets", .tags(.small))
struct StytchRolesTests {
    @Test(arguments: [
        ([], []), (["stytch_member"], []), (["clinician"], ["clinician"]),
        (["nurse", "stytch_member", "clinician", "nurse"], ["clinician", "nurse"]), (["b", "a", "b", "a"], ["a", "b"]),
    ] as [([String], [String])])
    func explicitRolesAreSortedWithoutRepeatsOrTheRoleEveryMemberHolds(roles: [String], explicit: [String]) {
        #expect(StytchRoles.explicit(roles) == explicit)
        #expect(DesiredMember(slug: "s", email: "e", name: "n", roles: roles, active: true).roles == explicit)
        #expect(LiveMember(id: "m", version: "v", organizationId: "o", slug: "s", email: "e", name: "n", status: "active", explicitRoles: roles, managed: true).explicitRoles == explicit)
    }
}
