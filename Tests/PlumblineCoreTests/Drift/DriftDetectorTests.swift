import Foundation
import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Classifying drift", .tags(.small))
struct DriftDetectorTests {
    static let grant = PolicyGrant(resourceType: "Patient", interactions: [.read, .search])
    static let alice = LastChange(author: "Alice Doe", at: Date(timeIntervalSince1970: 1_800_000_000), authorReference: "Practitioner/alice")

    let desired = MedplumDesiredState(
        policies: [DesiredPolicy(name: "clinician", grants: [grant])],
        memberships: [DesiredMembership(email: "bob@x.org", firstName: "Bob", lastName: "O", profileType: .practitioner, policyNames: ["clinician"], admin: false, active: true)],
        clients: []
    )

    func findings(_ live: MedplumLiveState, deleted: [DeletedObject] = [], withoutAccess: [String] = []) -> [DriftFinding] {
        DriftDetector(medplum: .init(desired: desired, withoutAccess: withoutAccess, live: live, deleted: deleted), stytch: nil).findings()
    }

    @Test func anAppliedProjectHasNoDrift() {
        let live = Live.state(policies: [Live.policy("clinician", grants: [Self.grant])], memberships: [Live.membership("bob@x.org", policies: ["pol-clinician"])])
        #expect(findings(live).isEmpty)
    }

    @Test func aManagedObjectThatDiffersIsChangedWithTheFieldsReadDeclaredToLiveAndItsAuthor() throws {
        var bob = Live.membership("bob@x.org", policies: ["pol-clinician"], admin: true)
        bob.lastChange = Self.alice
        let live = Live.state(policies: [Live.policy("clinician", grants: [Self.grant])], memberships: [bob])
        let finding = try #require(findings(live).first)
        #expect(finding.resource == ResourceKey(.medplum, .projectMembership, "bob@x.org"))
        #expect(finding.type == .changed)
        #expect(finding.fields == [FieldChange("admin", before: false, after: true)], "declared false, live true: the reverse of the plan")
        #expect(finding.changedBy == "Alice Doe")
        #expect(finding.changedByReference == "Practitioner/alice")
        #expect(finding.changedAt == Self.alice.at)
        #expect(finding.liveId == "mem-bob@x.org")
    }

    @Test func aDeclaredObjectAbsentFromAManagedProjectIsMissing() {
        let live = Live.state(memberships: [Live.membership("bob@x.org", policies: ["pol-clinician"])])
        let result = findings(live)
        #expect(result.map { "\($0.type) \($0.resource)" } == ["missing medplum AccessPolicy 'clinician'", "changed medplum ProjectMembership 'bob@x.org'"])
        #expect(result[0].fields.first == FieldChange("name", before: "clinician", after: nil))
    }

    @Test func nothingIsMissingFromAProjectPlumblineNeverApplied() {
        #expect(findings(Live.state()).isEmpty, "every declared object is simply still to create: plan's business")
    }

    @Test func aDeletedPolicyKnownFromItsHistoryIsMissingAndExplainsTheMembershipsThatStillReferToIt() throws {
        let deletedAt = Date(timeIntervalSince1970: 1_800_000_500)
        let history = [
            MedplumVersion(.deleted, change: LastChange(author: nil, at: deletedAt)),
            MedplumVersion(.policy(Live.policy("clinician", id: "gone", grants: [Self.grant])), change: Self.alice),
        ]
        let deleted = try #require(DeletedObject.from(history: history, kind: .accessPolicy, id: "gone"))
        #expect(deleted.key == "clinician")
        let live = Live.state(memberships: [Live.membership("bob@x.org", policies: ["gone"])])
        #expect(DriftDetector.danglingPolicyIds(in: live) == ["gone"])
        let result = findings(live, deleted: [deleted])
        #expect(result.map { "\($0.type) \($0.resource)" } == ["missing medplum AccessPolicy 'clinician'"])
        #expect(result[0].changedAt == deletedAt)
        #expect(result[0].liveId == "gone")
        #expect(result[0].detail?.contains("1 membership(s) still refer to it") == true)
    }

    @Test func aHistoryWithoutTheMarkerProvesNothing() {
        let history = [
            MedplumVersion(.deleted, change: LastChange(author: nil, at: nil)),
            MedplumVersion(.policy(Live.policy("clinician", id: "gone", managed: false, grants: [])), change: Self.alice),
        ]
        #expect(DeletedObject.from(history: history, kind: .accessPolicy, id: "gone") == nil)
        #expect(DeletedObject.from(history: Array(history.dropFirst()), kind: .accessPolicy, id: "gone") == nil, "not deleted")
    }

    @Test func liveObjectsNoManifestDeclaresAreUnmanagedButTheOwnerAndPlumblinesOwnClientAreLeftOut() {
        var eve = Live.membership("eve@x.org", policies: ["pol-clinician"], managed: false)
        eve.lastChange = Self.alice
        let own = LiveClient(
            id: "self-client", version: "1", name: "plumbline", description: nil, allowedOrigins: [], redirectUris: [], managedKey: nil,
            membership: Live.membership("client", id: "self", profile: "ClientApplication", managed: false)
        )
        let live = Live.state(
            policies: [Live.policy("clinician", grants: [Self.grant]), Live.policy("console-policy", managed: false, grants: [])],
            memberships: [
                Live.membership("bob@x.org", policies: ["pol-clinician"]), eve,
                Live.membership("owner@x.org", managed: false, user: "User/owner"),
                Live.membership("former@x.org", active: false, managed: false),
                Live.membership("gone@x.org"),
            ],
            clients: [own], owner: "User/owner"
        )
        let result = findings(live)
        #expect(result.map { "\($0.type) \($0.resource)" } == [
            "unmanaged medplum AccessPolicy 'console-policy'",
            "unmanaged medplum ProjectMembership 'eve@x.org'",
            "unmanaged medplum ProjectMembership 'gone@x.org'",
        ])
        #expect(result[1].changedBy == "Alice Doe")
        #expect(result[1].fields.map(\.path) == ["profile", "access", "admin"])
        #expect(result[1].fields.allSatisfy { $0.before == nil })
        #expect(result[2].detail?.contains("carries plumbline's marker, but no manifest declares it") == true)
    }

    @Test func aDeclaredObjectMadeOutsidePlumblineIsUnmanagedWithItsDifferences() {
        let live = Live.state(
            policies: [Live.policy("clinician", managed: false, grants: [PolicyGrant(resourceType: "Patient", interactions: nil)])],
            memberships: [Live.membership("bob@x.org", policies: ["pol-clinician"])]
        )
        let result = findings(live)
        #expect(result.map { "\($0.type) \($0.resource)" } == ["unmanaged medplum AccessPolicy 'clinician'"])
        #expect(result[0].fields.map(\.path) == ["resource[Patient].interaction"], "the marker itself is not a field")
        #expect(result[0].detail?.contains("adopt it") == true)
    }

    @Test func stytchFindings() {
        let desired = StytchDesiredState(
            organizations: [DesiredOrganization(slug: "north", name: "North", settings: ["mfa_policy": "REQUIRED_FOR_ALL"])],
            members: [
                DesiredMember(slug: "north", email: "bob@x.org", name: "Bob O", roles: ["clinician"], active: true),
                DesiredMember(slug: "north", email: "cy@x.org", name: "Cy Y", roles: [], active: true),
            ],
            declaredPeople: ["bob@x.org", "cy@x.org"]
        )
        let updated = Date(timeIntervalSince1970: 1_800_000_900)
        let live = StytchLiveState(
            organizations: [
                LiveOrganization(id: "org-1", version: "t", slug: "north", name: "North", settings: ["mfa_policy": "OPTIONAL"], managed: true, updatedAt: updated),
                LiveOrganization(id: "org-2", version: "t", slug: "elsewhere", name: "Another tenant", settings: [:], managed: false),
            ],
            members: [
                LiveMember(id: "m-bob", version: "t", organizationId: "org-1", slug: "north", email: "bob@x.org", name: "Bob O", status: "deleted", explicitRoles: ["clinician"], managed: true, updatedAt: updated),
                LiveMember(id: "m-cy", version: "t", organizationId: "org-1", slug: "north", email: "cy@x.org", name: "Cy Y", status: "active", explicitRoles: [], managed: true),
                LiveMember(id: "m-eve", version: "t", organizationId: "org-1", slug: "north", email: "eve@x.org", name: "Eve", status: "active", explicitRoles: ["stytch_admin"], managed: false),
                LiveMember(id: "m-zed", version: "t", organizationId: "org-2", slug: "elsewhere", email: "zed@x.org", name: "Zed", status: "active", explicitRoles: [], managed: false),
            ],
            roleIds: []
        )
        let result = DriftDetector(medplum: nil, stytch: .init(desired: desired, live: live)).findings()
        #expect(result.map { "\($0.type) \($0.resource)" } == [
            "changed stytch Organization 'north'",
            "missing stytch Member 'north/bob@x.org'",
            "unmanaged stytch Member 'north/eve@x.org'",
        ])
        #expect(result[0].fields == [FieldChange("mfa_policy", before: "REQUIRED_FOR_ALL", after: "OPTIONAL")])
        #expect(result[0].changedAt == updated)
        #expect(result[0].changedBy == nil, "Stytch does not say who")
        #expect(result[1].changedAt == updated)
        #expect(result[1].detail?.contains("still carries plumbline's marker") == true)
        #expect(result[2].fields.contains(FieldChange("roles", before: nil, after: ["stytch_admin"])))
    }

    @Test func membersOfAMissingOrganizationAreCoveredByItsFinding() {
        let desired = StytchDesiredState(
            organizations: [DesiredOrganization(slug: "north", name: "North", settings: [:]), DesiredOrganization(slug: "south", name: "South", settings: [:])],
            members: [DesiredMember(slug: "south", email: "bob@x.org", name: "Bob O", roles: [], active: true)],
            declaredPeople: ["bob@x.org"]
        )
        let live = StytchLiveState(organizations: [LiveOrganization(id: "org-1", version: "t", slug: "north", name: "North", settings: [:], managed: true)], members: [], roleIds: [])
        let result = DriftDetector(medplum: nil, stytch: .init(desired: desired, live: live)).findings()
        #expect(result.map { "\($0.type) \($0.resource)" } == ["missing stytch Organization 'south'"])
    }
}
