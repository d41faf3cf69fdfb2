import PlumblineCore
import PlumblineTestSupport
import Testing

/// Memberships and members keep their fields behind one shared reference; they must still behave
/// as values: a copy changed leaves the original alone, and equality and hashing go by fields.
@Suite("Live objects with shared fields", .tags(.small))
struct SharedFieldsTests {
    static func membership(_ email: String) -> LiveMembership {
        LiveMembership(
            id: "m1", version: "1", userReference: "User/u1", email: email, profileReference: "Practitioner/p1",
            profileType: "Practitioner", policyIds: ["p"], usesAccessList: true, admin: false, active: true, managedKey: email
        )
    }

    static func member(_ name: String) -> LiveMember {
        LiveMember(id: "member-1", version: "v", organizationId: "org-1", slug: "eastside", email: "Bob@Eastside.example.org", name: name, status: "active", explicitRoles: ["stytch_member", "nurse"], managed: true)
    }

    @Test func aChangedCopyOfAMembershipLeavesTheOriginalAlone() {
        let original = Self.membership("bob@eastside.example.org")
        var copy = original
        copy.policyIds.append("q")
        copy.admin = true
        #expect(original.policyIds == ["p"] && !original.admin)
        #expect(copy.policyIds == ["p", "q"] && copy.admin)
        #expect(copy != original)
    }

    @Test func membershipsAreEqualAndHashAlikeByTheirFields() {
        let one = Self.membership("bob@eastside.example.org"), other = Self.membership("bob@eastside.example.org")
        #expect(one == other)
        #expect(one.hashValue == other.hashValue)
        #expect(Set([one, other]).count == 1)
        #expect(one != Self.membership("cy@eastside.example.org"))
    }

    @Test func aChangedCopyOfAMemberLeavesTheOriginalAlone() {
        let original = Self.member("Bob")
        var copy = original
        copy.name = "Robert"
        copy.explicitRoles.append("admin")
        #expect(original.name == "Bob" && original.explicitRoles == ["nurse"])
        #expect(copy.name == "Robert" && copy.explicitRoles == ["nurse", "admin"])
        #expect(original == Self.member("Bob") && original.hashValue == Self.member("Bob").hashValue)
        #expect(original != copy)
        #expect(original.email == "bob@eastside.example.org", "the e-mail is lower-cased as before")
    }
}
