import Foundation
import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Importing manifests from live state", .tags(.small))
struct ManifestImporterTests {
    static let environmentFile = SourceFile(path: "Manifests/environment.yaml", text: """
        kind: Environment
        name: staging
        medplum:
          baseUrl: https://medplum.example.org/
          projectId: ${env:MEDPLUM_PROJECT_ID}
          clientId: client-1
          clientSecret: hunter2-literal-secret
        stytch:
          projectId: ${env:STYTCH_PROJECT_ID}
          secret: ${file:secrets/stytch}
        cors:
          allowedOrigins: [https://panels.example.org]
        sessionPolicy: default
        ---
        kind: SessionPolicy
        name: default
        maxAge: 12h
        idleTimeout: 30m
        """)

    static let source = Validator.validate([environmentFile]).manifests
    static let grant = PolicyGrant(resourceType: "Observation", interactions: [.read, .search], criteria: "Observation?status=final", readonlyFields: ["status"])

    func live(managed: Bool) -> (MedplumLiveState, StytchLiveState) {
        var alice = Live.membership("alice@x.org", policies: ["pol-clinician"], admin: true, managed: managed)
        alice.profileDisplay = "Alice Doe"
        var frank = Live.membership("frank@x.org", policies: ["pol-nurse"], active: false, managed: managed)
        frank.profileDisplay = "Frank Meyer"
        let medplum = Live.state(
            policies: [Live.policy("clinician", managed: managed, grants: [Self.grant]), Live.policy("nurse", managed: managed, grants: [PolicyGrant(resourceType: "Patient", interactions: [.read])])],
            memberships: [
                alice, Live.membership("bob@x.org", policies: ["pol-clinician"], managed: managed), frank,
                Live.membership("owner@x.org", admin: true, managed: false, user: "User/owner"),
            ],
            clients: [
                LiveClient(id: "c1", version: "1", name: "panels-web", description: "the web app", allowedOrigins: ["https://panels.example.org"], redirectUris: ["https://panels.example.org/callback"], managedKey: managed ? "panels-web" : nil, membership: Live.membership("c1", id: "cm1", profile: "ClientApplication", policies: ["pol-nurse"], managed: false)),
                LiveClient(id: "self-client", version: "1", name: "plumbline", description: nil, allowedOrigins: [], redirectUris: [], managedKey: nil, membership: Live.membership("self", id: "self", profile: "ClientApplication", managed: false)),
            ],
            owner: "User/owner"
        )
        let stytch = StytchLiveState(
            organizations: [LiveOrganization(id: "org-1", version: "t", slug: "north", name: "Northside: Clinic", settings: ["mfa_policy": "REQUIRED_FOR_ALL", "email_allowed_domains": ["x.org"], "allowed_auth_methods": []], managed: managed)],
            members: [
                LiveMember(id: "m-a", version: "t", organizationId: "org-1", slug: "north", email: "alice@x.org", name: "Alice Doe", status: "active", explicitRoles: ["stytch_admin", "clinician"], managed: managed),
                LiveMember(id: "m-b", version: "t", organizationId: "org-1", slug: "north", email: "bob@x.org", name: "Bob Okafor", status: "active", explicitRoles: ["clinician"], managed: managed),
                LiveMember(id: "m-e", version: "t", organizationId: "org-1", slug: "north", email: "eve@x.org", name: "Eve van der Berg", status: "invited", explicitRoles: [], managed: managed),
                LiveMember(id: "m-f", version: "t", organizationId: "org-1", slug: "north", email: "frank@x.org", name: "Frank Meyer", status: "deleted", explicitRoles: ["nurse"], managed: managed),
            ],
            roleIds: ["stytch_admin", "clinician", "nurse"]
        )
        return (medplum, stytch)
    }

    func imported(managed: Bool, adopt: Bool = false) -> ManifestImporter.Result {
        let (medplum, stytch) = live(managed: managed)
        return ManifestImporter(
            environment: Self.source.environments[0], sessionPolicies: Self.source.sessionPolicies, medplum: medplum, stytch: stytch,
            options: .init(adopt: adopt, rebaseFile: { path, manifest in "/abs/\(manifest.split(separator: "/").dropLast().joined(separator: "/"))/\(path)" })
        ).run()
    }

    /// Plans the imported manifests against the live state they came from.
    func plan(_ result: ManifestImporter.Result, managed: Bool) throws -> (MedplumPlanner.Output, MedplumPlanner.Output, [Diagnostic]) {
        let report = Validator.validate(result.files.map { SourceFile(path: $0.key, text: $0.value) })
        let (medplum, stytch) = live(managed: managed)
        let today = CalendarDate(year: 2026, month: 5, day: 1)
        let (desired, withoutAccess) = MedplumDesiredStateBuilder.build(from: report.manifests, today: today)
        let scope = report.manifests.adoptionScope
        return (
            MedplumPlanner(desired: desired, withoutAccess: withoutAccess, live: medplum, options: .init(adopt: scope)).plan(),
            StytchPlanner(desired: StytchDesiredStateBuilder.build(from: report.manifests, today: today), live: stytch, options: .init(adopt: scope)).plan(),
            report.diagnostics
        )
    }

    @Test func importedManifestsAreValidAndPlanNoChange() throws {
        let result = imported(managed: true)
        #expect(result.files.keys.sorted() == ["access-policies.yaml", "clients.yaml", "environment.yaml", "organizations.yaml", "roles.yaml", "session-policies.yaml", "users.yaml"])
        let (medplum, stytch, diagnostics) = try plan(result, managed: true)
        #expect(diagnostics.filter { $0.severity == .error }.map(\.description) == [])
        #expect(medplum.changes.map(\.resource) == [])
        #expect(medplum.conflicts.isEmpty)
        #expect(stytch.changes.map(\.resource) == [])
        #expect(stytch.conflicts.isEmpty)
        #expect(result.unmanaged.isEmpty)
    }

    @Test func rolesAreInferredFromWhatPeopleHold() throws {
        let roles = try #require(imported(managed: true).files["roles.yaml"])
        #expect(roles.contains("""
            # inferred from 1 person holding exactly this access
            kind: Role
            name: clinician-admin-stytch_admin
            stytch: { roles: [clinician, stytch_admin] }
            medplum: { profileType: Practitioner, accessPolicies: [clinician], admin: true }
            """))
        #expect(roles.contains("name: clinician\nstytch: { roles: [clinician] }\nmedplum: { profileType: Practitioner, accessPolicies: [clinician], admin: false }"))
        #expect(roles.contains("name: member\nstytch: { roles: [] }"), "Eve is only a member")
        #expect(roles.contains("name: nurse\nmedplum: { profileType: Practitioner, accessPolicies: [nurse], admin: false }"), "Frank's deleted member is history")
    }

    @Test func usersCarryWhereTheyCameFromAndOffboardedPeopleStayOffboarded() throws {
        let users = try #require(imported(managed: true).files["users.yaml"])
        #expect(users.contains("""
            # from Medplum ProjectMembership/mem-bob@x.org, Stytch m-b in north
            kind: User
            email: bob@x.org
            firstName: Bob
            lastName: Okafor
            organizations: [north]
            roles: [clinician]
            """))
        #expect(users.contains("email: eve@x.org\nfirstName: Eve\nlastName: van der Berg"))
        #expect(users.contains("email: frank@x.org\nfirstName: Frank\nlastName: Meyer\nroles: [nurse]\nactive: false"))
        #expect(!users.contains("owner@x.org"), "the project owner is never declared")
        let ordered = users.components(separatedBy: "\nemail: ").dropFirst().map { String($0.prefix { $0 != "\n" }) }
        #expect(ordered == ["alice@x.org", "bob@x.org", "eve@x.org", "frank@x.org"])
    }

    @Test func credentialsStayReferencesAndLiteralSecretsBecomeThem() throws {
        let result = imported(managed: true)
        let environment = try #require(result.files["environment.yaml"])
        #expect(!environment.contains("hunter2-literal-secret"))
        #expect(environment.contains("clientSecret: \"${env:MEDPLUM_CLIENT_SECRET}\""))
        #expect(environment.contains("projectId: \"${env:MEDPLUM_PROJECT_ID}\""))
        #expect(environment.contains("secret: \"${file:/abs/Manifests/secrets/stytch}\""), "file references still resolve from the output")
        #expect(environment.contains("allowedOrigins: [\"https://panels.example.org\"]"))
        #expect(result.notes.contains { $0.contains("a literal secret was replaced by ${env:MEDPLUM_CLIENT_SECRET}") })
        #expect(try #require(result.files["clients.yaml"]).contains("accessPolicy: nurse"))
        #expect(!(try #require(result.files["clients.yaml"])).contains("plumbline\n"), "plumbline's own client is left out")
        #expect(try #require(result.files["organizations.yaml"]).contains("name: \"Northside: Clinic\"\nslug: north\nemailAllowedDomains: [x.org]\nmfaPolicy: REQUIRED_FOR_ALL"))
        #expect(try #require(result.files["session-policies.yaml"]).contains("maxAge: 12h\nidleTimeout: 30m"))
    }

    @Test func unmanagedObjectsAreConflictsUnlessAdopted() throws {
        let plain = imported(managed: false)
        #expect(plain.files["adoption.yaml"] == nil)
        #expect(plain.unmanaged.count == 10)
        let (medplum, stytch, _) = try plan(plain, managed: false)
        #expect(medplum.changes.isEmpty && stytch.changes.isEmpty)
        #expect(medplum.conflicts.count + stytch.conflicts.count > 0)

        let adopted = imported(managed: false, adopt: true)
        let adoption = try #require(adopted.files["adoption.yaml"])
        #expect(adoption.contains("kind: Adoption\nname: import"))
        #expect(adoption.contains("  - { system: medplum, kind: AccessPolicy, key: clinician }"))
        #expect(adoption.contains("  - { system: stytch, kind: Member, key: north/eve@x.org }"))
        let (medplumAdopted, stytchAdopted, diagnostics) = try plan(adopted, managed: false)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty)
        #expect(medplumAdopted.conflicts.isEmpty && stytchAdopted.conflicts.isEmpty)
        let changes = medplumAdopted.changes + stytchAdopted.changes
        #expect(changes.map(\.resource.description) == [
            "medplum AccessPolicy 'clinician'", "medplum AccessPolicy 'nurse'", "medplum ClientApplication 'panels-web'",
            "medplum ProjectMembership 'alice@x.org'", "medplum ProjectMembership 'bob@x.org'", "stytch Organization 'north'",
            "stytch Member 'north/alice@x.org'", "stytch Member 'north/bob@x.org'", "stytch Member 'north/eve@x.org'",
        ], "every live object with access, adopted (Frank's inactive membership grants nothing)")
        #expect(changes.allSatisfy { $0.fields == [FieldChange("managed", before: false, after: true)] }, "nothing but the marker changes")
    }

    @Test func importIsStable() {
        #expect(imported(managed: true).files == imported(managed: true).files)
    }
}
