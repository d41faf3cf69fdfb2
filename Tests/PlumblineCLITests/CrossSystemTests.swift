import Foundation
import PlumblineCLI
import PlumblineCore
import PlumblineTestSupport
import Testing

/// Runs a command with both sandboxes' variables in the environment.
func runPlumbline(_ arguments: [String], medplum: MedplumHandle, stytch: StytchHandle, now: Date = Date()) async -> CommandResult {
    await Runtime.$current.withValue(Runtime(variables: medplum.variables.merging(stytch.variables) { $1 }, now: { now })) {
        await runPlumbline(arguments)
    }
}

/// Manifests over both systems: one organization open to passwords (so tests can sign people
/// in), three roles, three people.
enum BothSystems {
    static func files(people: String = people()) -> [String: String] {
        [
            "environment.yaml": """
                kind: Environment
                name: sandbox
                medplum:
                  baseUrl: ${env:MEDPLUM_BASE_URL}
                  projectId: ${env:MEDPLUM_PROJECT_ID}
                  clientId: ${env:MEDPLUM_CLIENT_ID}
                  clientSecret: ${env:MEDPLUM_CLIENT_SECRET}
                  sendInviteEmail: false
                stytch:
                  baseUrl: ${env:STYTCH_BASE_URL}
                  projectId: ${env:STYTCH_PROJECT_ID}
                  secret: ${env:STYTCH_SECRET}
                """,
            "access.yaml": """
                kind: AccessPolicy
                name: clinician
                resources: [{ resourceType: Patient, interactions: [read, search, update] }]
                ---
                kind: AccessPolicy
                name: nurse
                resources: [{ resourceType: Patient, interactions: [read, search] }]
                ---
                kind: Role
                name: clinician
                stytch: { roles: [clinician] }
                medplum: { profileType: Practitioner, accessPolicies: [clinician] }
                ---
                kind: Role
                name: nurse
                stytch: { roles: [nurse] }
                medplum: { profileType: Practitioner, accessPolicies: [nurse] }
                ---
                kind: Role
                name: clinic-admin
                stytch: { roles: [stytch_admin, clinician] }
                medplum: { profileType: Practitioner, accessPolicies: [clinician], admin: true }
                ---
                kind: Organization
                name: Eastside Clinic
                slug: eastside
                """,
            "people.yaml": people,
        ]
    }

    static func people(_ overrides: [String: String] = [:]) -> String {
        [("ada@eastside.example.org", "Ada", "Lovelace", "clinic-admin"), ("bob@eastside.example.org", "Bob", "Okafor", "clinician"),
         ("cy@eastside.example.org", "Cy", "Young", "nurse")]
            .map { email, first, last, role in
                let override = overrides[email] ?? ""
                let roles = override.contains("roles:") ? "" : "roles: [\(role)]\n"
                return "kind: User\nemail: \(email)\nfirstName: \(first)\nlastName: \(last)\norganizations: [eastside]\n\(roles)\(override)"
            }
            .joined(separator: "---\n")
    }
}

@Suite("Plan and apply across Medplum and Stytch", .tags(.large))
struct CrossSystemTests {
    func applied(_ body: (TestManifests, MedplumHandle, StytchHandle) async throws -> Void) async throws {
        let manifests = try TestManifests(BothSystems.files())
        try await SandboxHarness.withBoth { medplum, stytch in
            let apply = await runPlumbline(["apply", "--manifests", manifests.directory, "--yes"], medplum: medplum, stytch: stytch)
            try #require(apply.status == 0, "\(apply.output)\(apply.error)")
            try await body(manifests, medplum, stytch)
        }
    }

    @Test func theExampleManifestsPlanApplyAndConvergeAgainstBothSandboxes() async throws {
        try await SandboxHarness.withBoth { medplum, stytch in
            let manifests = RepositoryPaths.manifests.path
            let plan = await runPlumbline(["plan", "--manifests", manifests, "--env", "sandbox"], medplum: medplum, stytch: stytch)
            #expect(plan.status == 2, "\(plan.error)")
            #expect(plan.output.contains("+ Stytch organization northside") || plan.output.contains("+ stytch Organization 'northside'"))
            #expect(plan.output.contains("  alice.doe@northside.example.org\n    + Medplum membership (Practitioner, clinician, admin)"))
            #expect(plan.output.contains("    + Stytch member in northside (clinician, stytch_admin)"))
            let secrets = FileManager.default.temporaryDirectory.appendingPathComponent("plumbline-secrets-\(UUID().uuidString)").path
            let apply = await runPlumbline(["apply", "--manifests", manifests, "--env", "sandbox", "--yes", "--secrets-dir", secrets], medplum: medplum, stytch: stytch)
            #expect(apply.status == 0, "\(apply.output)\(apply.error)")
            let again = await runPlumbline(["plan", "--manifests", manifests, "--env", "sandbox"], medplum: medplum, stytch: stytch)
            #expect(again.status == 0, "\(again.output)")
            let kate = try #require(try await stytch.member("northside", "kate.moreau@riverside.example.org"))
            #expect(kate["trusted_metadata"]?["plumbline"]?["managed"] == true)
            let kateRoles = (kate["roles"]?.array ?? []).compactMap { $0["role_id"]?.string }
            #expect(kateRoles.contains("clinician"))
            #expect(try await stytch.member("northside", "frank.meyer@northside.example.org") == nil, "the offboarded person is never created")
            for output in [plan.output, plan.error, apply.output, apply.error, again.output] {
                for secret in medplum.secrets + stytch.secrets { #expect(!output.contains(secret)) }
            }
        }
    }

    @Test func aRoleChangeMovesBothSystems() async throws {
        try await applied { manifests, medplum, stytch in
            try manifests.write("people.yaml", BothSystems.people(["bob@eastside.example.org": "roles: [nurse]\n"]))
            let plan = await runPlumbline(["plan", "--manifests", manifests.directory, "--output", "json"], medplum: medplum, stytch: stytch)
            let decoded = try JSONDecoder().decode(Plan.self, from: Data(plan.output.utf8))
            #expect(decoded.changes.map { "\($0.action.rawValue) \($0.resource)" } == [
                "update medplum ProjectMembership 'bob@eastside.example.org'",
                "update stytch Member 'eastside/bob@eastside.example.org'",
            ])
            #expect(decoded.changes[0].fields == [FieldChange("access", before: ["clinician"], after: ["nurse"])])
            #expect(decoded.changes[1].fields == [FieldChange("roles", before: ["clinician"], after: ["nurse"])])
            #expect(decoded.changes[1].escalations == ["role nurse granted"])
            #expect(await runPlumbline(["apply", "--manifests", manifests.directory, "--yes"], medplum: medplum, stytch: stytch).status == 0)
            let bob = try #require(try await stytch.member("eastside", "bob@eastside.example.org"))
            #expect((bob["roles"]?.array ?? []).compactMap { $0["role_id"]?.string } == ["stytch_member", "nurse"])
            #expect(await runPlumbline(["plan", "--manifests", manifests.directory], medplum: medplum, stytch: stytch).status == 0)
        }
    }

    @Test func aMemberEditedBehindPlumblinesBackShowsAsTheExactFieldDiff() async throws {
        try await applied { manifests, medplum, stytch in
            let cy = try #require(try await stytch.member("eastside", "cy@eastside.example.org"))
            let edit = try await stytch.request("PUT", "v1/b2b/organizations/eastside/members/\(cy["member_id"]?.string ?? "")", json: [
                "name": "Cyrus Young", "roles": ["nurse", "clinician"],
            ])
            try #require(edit.status == 200)
            let plan = await runPlumbline(["plan", "--manifests", manifests.directory, "--output", "json"], medplum: medplum, stytch: stytch)
            #expect(plan.status == 2)
            let decoded = try JSONDecoder().decode(Plan.self, from: Data(plan.output.utf8))
            #expect(decoded.changes.count == 1)
            #expect(decoded.changes.first?.resource == ResourceKey(.stytch, .member, "eastside/cy@eastside.example.org"))
            #expect(decoded.changes.first?.fields == [
                FieldChange("name", before: "Cyrus Young", after: "Cy Young"),
                FieldChange("roles", before: ["clinician", "nurse"], after: ["nurse"]),
            ])
        }
    }

    @Test func offboardingEndsEverySessionInBothSystemsAndIsVerifiedThenReactivationRestores() async throws {
        try await applied { manifests, medplum, stytch in
            _ = try await stytch.signIn("eastside", "bob@eastside.example.org")
            _ = try await stytch.signIn("eastside", "bob@eastside.example.org")
            let bob = try #require(try await stytch.member("eastside", "bob@eastside.example.org"))
            let bobId = try #require(bob["member_id"]?.string)
            #expect(try await stytch.sessions("eastside", memberId: bobId).count == 2)

            try manifests.write("people.yaml", BothSystems.people(["bob@eastside.example.org": "active: false\n"]))
            let offboard = await runPlumbline(["apply", "--manifests", manifests.directory, "--yes"], medplum: medplum, stytch: stytch)
            #expect(offboard.status == 0, "\(offboard.output)\(offboard.error)")
            #expect(offboard.output.contains("ok      ! medplum ProjectMembership 'bob@eastside.example.org'"))
            #expect(offboard.output.contains("ok      ! stytch Member 'eastside/bob@eastside.example.org'"))
            #expect(offboard.output.contains("offboarded bob@eastside.example.org: every step verified"))
            #expect(try await stytch.member("eastside", "bob@eastside.example.org")?["status"] == "deleted")
            let membership = try #require(try await medplum.search("ProjectMembership").first { $0["user"]?["display"]?.string == "bob@eastside.example.org" })
            #expect(membership["active"] == false)

            try manifests.write("people.yaml", BothSystems.people())
            let restore = await runPlumbline(["apply", "--manifests", manifests.directory, "--yes"], medplum: medplum, stytch: stytch)
            #expect(restore.status == 0, "\(restore.output)\(restore.error)")
            #expect(try await stytch.member("eastside", "bob@eastside.example.org")?["status"] == "active")
            #expect(await runPlumbline(["plan", "--manifests", manifests.directory], medplum: medplum, stytch: stytch).status == 0)
        }
    }

    @Test func stytchRateLimitsAreRetriedAfterTheWaitTheServerGives() async throws {
        let manifests = try TestManifests(BothSystems.files())
        try await SandboxHarness.withBoth { medplum, stytch in
            try await stytch.fault(["method": "POST", "pathPrefix": "/v1/b2b/organizations/search", "count": 1, "status": 429, "headers": ["Retry-After": "1"]])
            let plan = await runPlumbline(["plan", "--manifests", manifests.directory], medplum: medplum, stytch: stytch)
            #expect(plan.status == 2, "\(plan.error)")
            #expect(stytch.requestsByRoute["POST /v1/b2b/organizations/search"] == 2)
        }
    }

    /// Medplum refuses the credentials while Stytch's read is still under way: the one error is
    /// Medplum's, not also a line blaming Stytch for the read that was cancelled because of it.
    @Test func oneRefusedSystemIsTheOnlyErrorReported() async throws {
        let manifests = try TestManifests(BothSystems.files())
        try await SandboxHarness.withBoth { medplum, stytch in
            try await stytch.fault(["method": "GET", "pathPrefix": "/v1/b2b/rbac/policy", "count": 1, "delayMs": 3_000])
            var variables = medplum.variables.merging(stytch.variables) { $1 }
            variables["MEDPLUM_CLIENT_SECRET"] = "wrong-secret-value"
            let plan = await Runtime.$current.withValue(Runtime(variables: variables)) {
                await runPlumbline(["plan", "--manifests", manifests.directory])
            }
            #expect(plan.status == 77)
            #expect(plan.error.split(separator: "\n").map(String.init) == [
                "error: Medplum answered HTTP 401 to POST /oauth2/token: client credentials refused: Invalid secret; check medplum.clientId and medplum.clientSecret; check the environment's Medplum credentials and that the client is a project admin",
            ])
            #expect(stytch.requestsByRoute["GET /v1/b2b/rbac/policy"] == 1, "Stytch's read was under way when Medplum refused")
        }
    }

    @Test func aStytchRoleThePolicyLacksStopsEverythingAtItsManifestLine() async throws {
        var files = BothSystems.files()
        files["access.yaml"] = files["access.yaml"]!.replacingOccurrences(of: "stytch: { roles: [nurse] }", with: "stytch: { roles: [nurze] }")
        let manifests = try TestManifests(files)
        try await SandboxHarness.withBoth { medplum, stytch in
            let plan = await runPlumbline(["plan", "--manifests", manifests.directory], medplum: medplum, stytch: stytch)
            #expect(plan.status == 65)
            #expect(plan.output.contains("access.yaml:16:19: error: Role 'nurse' grants Stytch role 'nurze', which the project's RBAC policy does not define; did you mean 'nurse'?"))
            #expect(medplum.writes == 0 && stytch.writes == 0)
        }
    }

    @Test func theLastStytchAdminOfAnOrganizationIsNeverRemoved() async throws {
        try await applied { manifests, medplum, stytch in
            try manifests.write("people.yaml", BothSystems.people(["ada@eastside.example.org": "roles: [clinician]\n"]))
            let writes = stytch.writes
            let apply = await runPlumbline(["apply", "--manifests", manifests.directory, "--yes"], medplum: medplum, stytch: stytch)
            #expect(apply.status == 4)
            #expect(apply.error.contains("refused: the plan would leave Stytch organization 'eastside' without an active member holding stytch_admin"))
            #expect(stytch.writes == writes)
        }
    }
}
