import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Planning the Stytch frontend SDK's authorized domains", .tags(.small))
struct FrontendSDKPlanTests {
    func plan(live domains: [String], desired wanted: [String]?) -> [Change] {
        let desired = StytchDesiredState(
            organizations: [], members: [], declaredPeople: [],
            frontendSDK: wanted.map { DesiredFrontendSDK(key: "panels/production", domains: $0) }
        )
        let live = StytchLiveState(organizations: [], members: [], roleIds: [], frontendSDK: LiveFrontendSDK(key: "panels/production", domains: domains, version: "sha256:1"))
        return StytchPlanner(desired: desired, live: live).plan().changes
    }

    @Test func domainsAreComparedAsASetOfOrigins() {
        #expect(plan(live: ["https://b.example.org", "https://A.example.org"], desired: ["https://a.example.org", "https://b.example.org"]).isEmpty)
    }

    @Test func aDifferenceIsOneUpdateOfTheWholeList() {
        let changes = plan(live: ["https://old.example.org", "https://app.example.org"], desired: ["https://app.example.org", "https://new.example.org"])
        #expect(changes.count == 1)
        #expect(changes[0].resource == ResourceKey(.stytch, .frontendSDK, "panels/production"))
        #expect(changes[0].action == .update)
        #expect(changes[0].fields == [FieldChange(
            "basic.domains", before: ["https://app.example.org", "https://old.example.org"], after: ["https://app.example.org", "https://new.example.org"]
        )])
        #expect(changes[0].escalations == ["origin https://new.example.org authorized for the Stytch frontend SDK"])
        #expect(changes[0].target == ObjectVersion(id: "panels/production", version: "sha256:1"))
    }

    @Test func nothingIsPlannedWhenTheEnvironmentDoesNotReconcileTheDomains() {
        #expect(plan(live: ["https://a.example.org"], desired: nil).isEmpty)
    }
}
