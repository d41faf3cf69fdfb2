import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Adopting unmanaged objects", .tags(.small))
struct AdoptionTests {
    let grant = PolicyGrant(resourceType: "Patient", interactions: [.read, .search])
    var desired: MedplumDesiredState {
        MedplumDesiredState(
            policies: [DesiredPolicy(name: "clinician", grants: [grant])],
            memberships: [DesiredMembership(email: "bob@x.org", firstName: "Bob", lastName: "O", profileType: .practitioner, policyNames: ["clinician"], admin: false, active: true)],
            clients: [DesiredClient(name: "web", description: nil, allowedOrigins: ["https://app.x.org"], redirectUris: [], policyName: nil)]
        )
    }
    var live: MedplumLiveState {
        Live.state(
            policies: [Live.policy("clinician", managed: false, grants: [grant])],
            memberships: [Live.membership("bob@x.org", policies: ["pol-clinician"], managed: false)],
            clients: [LiveClient(id: "c1", version: "v1", name: "web", description: nil, allowedOrigins: ["https://app.x.org"], redirectUris: [], managedKey: nil, membership: nil)]
        )
    }

    @Test func withoutAdoptionUnmanagedObjectsInTheWayAreConflicts() {
        let output = MedplumPlanner(desired: desired, live: live).plan()
        #expect(output.changes.isEmpty)
        #expect(output.conflicts.map(\.resource.kind) == [.accessPolicy, .clientApplication, .projectMembership])
    }

    @Test func adoptionTurnsEachConflictIntoAnUpdateThatWritesTheMarker() {
        let output = MedplumPlanner(desired: desired, live: live, options: .init(adopt: .all)).plan()
        #expect(output.conflicts.isEmpty)
        #expect(output.changes.map { "\($0.action.symbol) \($0.resource)" } == [
            "~ medplum AccessPolicy 'clinician'", "~ medplum ClientApplication 'web'", "~ medplum ProjectMembership 'bob@x.org'",
        ])
        for change in output.changes {
            #expect(change.fields == [FieldChange("managed", before: false, after: true)], "an identical object only gains the marker")
            #expect(change.reason?.hasPrefix("adopt:") == true)
            #expect(change.target?.version == "v1")
            #expect(!change.isEscalation)
        }
        // The membership keeps its policy: the adopted policy's id is the live one, not a new one.
        #expect(output.changes[2].fields.allSatisfy { $0.path != "access" })
    }

    @Test func anAdoptedObjectThatDiffersIsAlsoBroughtInLine() {
        var live = live
        live.memberships[0].admin = true
        let scope = AdoptionScope.only([ResourceKey(.medplum, .projectMembership, "bob@x.org"), ResourceKey(.medplum, .accessPolicy, "clinician")])
        let output = MedplumPlanner(desired: desired, live: live, options: .init(adopt: scope)).plan()
        #expect(output.changes.map(\.resource.key) == ["clinician", "bob@x.org"])
        #expect(output.changes[1].fields == [FieldChange("managed", before: false, after: true), FieldChange("admin", before: true, after: false)])
        #expect(output.conflicts.map(\.resource.key) == ["web"], "objects outside the scope stay conflicts")
    }

    @Test func stytchOrganizationsAndMembersAreAdoptedToo() {
        let desired = StytchDesiredState(
            organizations: [DesiredOrganization(slug: "north", name: "North", settings: [:])],
            members: [DesiredMember(slug: "north", email: "bob@x.org", name: "Bob O", roles: ["clinician"], active: true)],
            declaredPeople: ["bob@x.org"]
        )
        let live = StytchLiveState(
            organizations: [LiveOrganization(id: "org-1", version: "t1", slug: "north", name: "North", settings: [:], managed: false)],
            members: [LiveMember(id: "m-1", version: "t1", organizationId: "org-1", slug: "north", email: "bob@x.org", name: "Bob O", status: "active", explicitRoles: [], managed: false)],
            roleIds: ["clinician"]
        )
        #expect(StytchPlanner(desired: desired, live: live).plan().conflicts.count == 2)
        let output = StytchPlanner(desired: desired, live: live, options: .init(adopt: .all)).plan()
        #expect(output.conflicts.isEmpty)
        #expect(output.changes.map { "\($0.action.symbol) \($0.resource)" } == ["~ stytch Organization 'north'", "~ stytch Member 'north/bob@x.org'"])
        #expect(output.changes[0].fields == [FieldChange("managed", before: false, after: true)])
        #expect(output.changes[1].fields == [FieldChange("managed", before: false, after: true), FieldChange("roles", before: [], after: ["clinician"])])
        #expect(output.changes[1].escalations == ["role clinician granted"])
    }

    @Test func adoptionManifestsScopeTheirObjects() {
        let files = [SourceFile(path: "a.yaml", text: """
            kind: AccessPolicy
            name: clinician
            resources: [{ resourceType: Patient, interactions: [read, search] }]
            ---
            kind: Adoption
            name: import
            objects:
              - { system: medplum, kind: AccessPolicy, key: clinician }
            """)]
        let report = Validator.validate(files)
        #expect(report.diagnostics.isEmpty)
        #expect(report.manifests.adoptionScope.includes(ResourceKey(.medplum, .accessPolicy, "clinician")))
        #expect(!report.manifests.adoptionScope.includes(ResourceKey(.medplum, .accessPolicy, "nurse")))
    }
}
