import PlumblineCore
import PlumblineTestSupport
import Testing

/// Builders for live state, so each test states only what matters to it.
enum Live {
    static func policy(_ name: String, id: String? = nil, managed: Bool = true, grants: [PolicyGrant]) -> LivePolicy {
        LivePolicy(id: id ?? "pol-\(name)", version: "v1", name: name, grants: grants, managedKey: managed ? name : nil)
    }

    static func membership(
        _ email: String, id: String? = nil, profile: String = "Practitioner", policies: [String] = [], admin: Bool = false,
        active: Bool = true, managed: Bool = true, user: String? = nil
    ) -> LiveMembership {
        LiveMembership(
            id: id ?? "mem-\(email)", version: "v1", userReference: user ?? "User/\(email)", email: email,
            profileReference: "\(profile)/p-\(email)", profileType: profile, policyIds: policies, usesAccessList: true,
            admin: admin, active: active, managedKey: managed ? email : nil
        )
    }

    static func state(
        policies: [LivePolicy] = [], memberships: [LiveMembership] = [], clients: [LiveClient] = [],
        owner: String? = nil, selfMembership: String? = "self"
    ) -> MedplumLiveState {
        MedplumLiveState(projectId: "project", ownerUserReference: owner, selfMembershipId: selfMembership, policies: policies, memberships: memberships, clients: clients)
    }
}

@Suite("Planning Medplum changes", .tags(.small))
struct MedplumPlannerTests {
    let patientRead = PolicyGrant(resourceType: "Patient", interactions: [.read, .search])
    let clinician = DesiredPolicy(name: "clinician", grants: [PolicyGrant(resourceType: "Patient", interactions: [.search, .read])])

    func person(_ email: String, policies: [String] = ["clinician"], admin: Bool = false, active: Bool = true, reason: String? = nil) -> DesiredMembership {
        DesiredMembership(email: email, firstName: "A", lastName: "B", profileType: .practitioner, policyNames: policies, admin: admin, active: active, inactiveReason: reason, roles: ["clinician"])
    }

    func plan(_ desired: MedplumDesiredState, _ live: MedplumLiveState, withoutAccess: [String] = [], prune: Bool = false) -> MedplumPlanner.Output {
        MedplumPlanner(desired: desired, withoutAccess: withoutAccess, live: live, options: .init(prune: prune)).plan()
    }

    @Test func anEmptyProjectGetsEveryCreationPoliciesFirst() {
        let desired = MedplumDesiredState(
            policies: [clinician], memberships: [person("alice@x.org", admin: true)],
            clients: [DesiredClient(name: "web", description: nil, allowedOrigins: ["https://app.x.org"], redirectUris: [], policyName: "clinician")]
        )
        let output = plan(desired, Live.state())
        #expect(output.changes.map { "\($0.action.symbol) \($0.resource)" } == [
            "+ medplum AccessPolicy 'clinician'",
            "+ medplum ClientApplication 'web'",
            "+ medplum ProjectMembership 'alice@x.org'",
        ])
        let membership = output.changes[2]
        #expect(membership.fields == [
            FieldChange("profile", before: nil, after: "Practitioner"),
            FieldChange("access", before: nil, after: ["clinician"]),
            FieldChange("admin", before: nil, after: true),
        ])
        #expect(membership.escalations == ["new member with access", "policy 'clinician' added", "project admin granted"])
        #expect(membership.person == "alice@x.org")
        #expect(output.changes[1].escalations == ["new client credentials", "origin https://app.x.org allowed"])
        #expect(output.conflicts.isEmpty)
    }

    @Test func matchingStateNeedsNoChangeWhateverTheOrderOrForm() {
        let live = Live.state(
            policies: [Live.policy("clinician", grants: [PolicyGrant(resourceType: "Patient", interactions: [.read, .search])])],
            memberships: [Live.membership("alice@x.org", policies: ["pol-clinician"])]
        )
        let output = plan(MedplumDesiredState(policies: [clinician], memberships: [person("alice@x.org")], clients: []), live)
        #expect(output.changes.isEmpty)
        #expect(output.notes.isEmpty)
    }

    @Test func aBroadenedPolicyIsAnUpdateWithFieldsAndEscalations() {
        let live = Live.state(policies: [Live.policy("clinician", grants: [
            PolicyGrant(resourceType: "Patient", interactions: [.read], hiddenFields: ["address"]),
            PolicyGrant(resourceType: "Appointment", interactions: [.read]),
        ])])
        let desired = DesiredPolicy(name: "clinician", grants: [
            PolicyGrant(resourceType: "Patient", interactions: [.read, .update]),
            PolicyGrant(resourceType: "Observation", interactions: [.read]),
        ])
        let change = plan(MedplumDesiredState(policies: [desired], memberships: [], clients: []), live).changes.first
        #expect(change?.action == .update)
        #expect(change?.target == ObjectVersion(id: "pol-clinician", version: "v1"))
        #expect(change?.fields == [
            FieldChange("resource[Patient].interaction", before: ["read"], after: ["read", "update"]),
            FieldChange("resource[Patient].hiddenFields", before: ["address"], after: nil),
            FieldChange("resource[Observation]", before: nil, after: ["interaction": ["read"], "resourceType": "Observation"]),
            FieldChange("resource[Appointment]", before: ["interaction": ["read"], "resourceType": "Appointment"], after: nil),
        ])
        #expect(change?.escalations == ["grants update on Patient", "reveals address of Patient", "grants read on Observation"])
    }

    @Test func membershipChangesNameThePoliciesAndWidenings() {
        let live = Live.state(
            policies: [Live.policy("clinician", grants: [patientRead]), Live.policy("nurse", grants: [patientRead])],
            memberships: [Live.membership("bob@x.org", policies: ["pol-nurse"])]
        )
        let desired = MedplumDesiredState(policies: [
            clinician, DesiredPolicy(name: "nurse", grants: [patientRead]),
        ], memberships: [person("bob@x.org", policies: ["clinician"], admin: true)], clients: [])
        let change = plan(desired, live).changes.first { $0.resource.kind == .projectMembership }
        #expect(change?.action == .update)
        #expect(change?.fields == [
            FieldChange("access", before: ["nurse"], after: ["clinician"]),
            FieldChange("admin", before: false, after: true),
        ])
        #expect(change?.escalations == ["policy 'clinician' added", "project admin granted"])
    }

    @Test func offboardingDeactivatesAndRestoringReactivates() {
        let live = Live.state(
            policies: [Live.policy("clinician", grants: [patientRead])],
            memberships: [Live.membership("frank@x.org", policies: ["pol-clinician"]), Live.membership("erin@x.org", policies: ["pol-clinician"], active: false)]
        )
        let desired = MedplumDesiredState(policies: [clinician], memberships: [
            person("frank@x.org", active: false, reason: "offboarded (active: false)"), person("erin@x.org"),
        ], clients: [])
        let changes = plan(desired, live).changes
        #expect(changes.map { "\($0.action.symbol) \($0.resource.key)" } == ["^ erin@x.org", "! frank@x.org"])
        #expect(changes[0].fields == [FieldChange("active", before: false, after: true)])
        #expect(changes[0].escalations == ["access restored"])
        #expect(changes[1].reason == "offboarded (active: false)")
        #expect(changes[1].target?.id == "mem-frank@x.org")
    }

    @Test func unmanagedObjectsInTheWayAreConflictsNotTakeovers() {
        let live = Live.state(
            policies: [Live.policy("clinician", id: "console-policy", managed: false, grants: [patientRead])],
            memberships: [Live.membership("carol@x.org", id: "console-membership", managed: false)]
        )
        let output = plan(MedplumDesiredState(policies: [clinician], memberships: [person("carol@x.org")], clients: []), live)
        #expect(output.changes.isEmpty)
        #expect(output.conflicts.map(\.message) == [
            "AccessPolicy 'clinician' already exists (AccessPolicy/console-policy) but plumbline does not manage it; adopt it with plumbline import --adopt, or rename the manifest's policy",
            "carol@x.org already has a membership (ProjectMembership/console-membership) that plumbline does not manage; adopt it with plumbline import --adopt",
        ])
    }

    @Test func undeclaredManagedObjectsArePrunedOnlyWhenAskedAndPeopleAreDeactivated() {
        let live = Live.state(
            policies: [Live.policy("old", grants: [patientRead])],
            memberships: [Live.membership("gone@x.org", policies: ["pol-old"]), Live.membership("console@x.org", managed: false)]
        )
        let empty = MedplumDesiredState(policies: [], memberships: [], clients: [])
        let kept = plan(empty, live)
        #expect(kept.changes.isEmpty)
        #expect(kept.notes == [
            "AccessPolicy 'old' is managed by plumbline but no longer declared; plan --prune would delete it",
            "gone@x.org has a managed Medplum membership but is no longer declared; plan --prune would deactivate it",
        ])
        let pruned = plan(empty, live, prune: true)
        #expect(pruned.changes.map { "\($0.action.symbol) \($0.resource)" } == [
            "! medplum ProjectMembership 'gone@x.org'",
            "- medplum AccessPolicy 'old'",
        ])
    }

    @Test func peopleWhoLostTheirMedplumRoleAreDeactivated() {
        let live = Live.state(memberships: [Live.membership("dan@x.org")])
        let changes = plan(MedplumDesiredState(policies: [], memberships: [], clients: []), live, withoutAccess: ["dan@x.org"]).changes
        #expect(changes.map(\.action) == [.deactivate])
        #expect(changes.first?.reason == "no role gives Medplum access")
    }

    @Test func aPolicyStillUsedByUnmanagedMembershipsIsNotPruned() {
        let live = Live.state(
            policies: [Live.policy("old", grants: [patientRead])],
            memberships: [Live.membership("console@x.org", policies: ["pol-old"], managed: false)]
        )
        let output = plan(MedplumDesiredState(policies: [], memberships: [], clients: []), live, prune: true)
        #expect(output.changes.isEmpty)
        #expect(output.conflicts.map(\.message) == ["AccessPolicy 'old' is no longer declared but 1 membership(s) plumbline does not manage still use it; reassign them before pruning"])
    }

    @Test func aProfileTypeChangeCannotBeAppliedInPlace() {
        let live = Live.state(memberships: [Live.membership("kate@x.org", profile: "Patient")])
        let output = plan(MedplumDesiredState(policies: [], memberships: [person("kate@x.org", policies: [])], clients: []), live)
        #expect(output.changes.isEmpty)
        #expect(output.conflicts.first?.message.hasPrefix("kate@x.org is a Patient in Medplum but their roles make them a Practitioner") == true)
    }

    @Test func clientUpdatesCompareOriginsAsSets() {
        let membership = Live.membership("client", profile: "ClientApplication", policies: ["pol-clinician"], managed: false)
        let live = Live.state(
            policies: [Live.policy("clinician", grants: [patientRead])],
            clients: [LiveClient(id: "c1", version: "v3", name: "web", description: nil, allowedOrigins: ["https://b.org", "https://a.org"], redirectUris: [], managedKey: "web", membership: membership)]
        )
        let same = DesiredClient(name: "web", description: nil, allowedOrigins: ["https://a.org", "https://b.org"], redirectUris: [], policyName: "clinician")
        #expect(plan(MedplumDesiredState(policies: [clinician], memberships: [], clients: [same]), live).changes.isEmpty)
        let wider = DesiredClient(name: "web", description: "Web app", allowedOrigins: ["https://a.org", "https://b.org", "https://c.org"], redirectUris: [], policyName: "clinician")
        let change = plan(MedplumDesiredState(policies: [clinician], memberships: [], clients: [wider]), live).changes.first
        #expect(change?.fields == [
            FieldChange("description", before: nil, after: "Web app"),
            FieldChange("allowedOrigin", before: ["https://a.org", "https://b.org"], after: ["https://a.org", "https://b.org", "https://c.org"]),
        ])
        #expect(change?.escalations == ["origin https://c.org allowed"])
    }
}
