import Foundation
import PlumblineCLI
import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Safety rules and failures against the Medplum sandbox", .tags(.large))
struct MedplumSafetyTests {
    /// Applies the baseline project, then runs `body`.
    func withAppliedProject(_ body: (TestManifests, MedplumHandle) async throws -> Void) async throws {
        let manifests = try TestManifests(TestManifests.medplumProject)
        try await SandboxHarness.withMedplum { medplum in
            let apply = await runPlumbline(["apply", "--manifests", manifests.directory, "--yes", "--secrets-dir", manifests.path("secrets")], medplum: medplum)
            try #require(apply.status == 0, "\(apply.error)")
            try await body(manifests, medplum)
        }
    }

    func membership(_ email: String, _ medplum: MedplumHandle) async throws -> JSONValue {
        try #require(try await medplum.search("ProjectMembership").first { $0["user"]?["display"]?.string == email })
    }

    @Test func moreChangesThanAllowedAreRefusedBeforeAnyWrite() async throws {
        let manifests = try TestManifests(TestManifests.medplumProject)
        try await SandboxHarness.withMedplum { medplum in
            let apply = await runPlumbline(["apply", "--manifests", manifests.directory, "--yes", "--max-changes", "3", "--secrets-dir", manifests.path("secrets")], medplum: medplum)
            #expect(apply.status == 4)
            #expect(apply.error.contains("refused: the plan has 7 changes, more than --max-changes 3; review the plan and raise the limit to apply it [max-changes]"))
            #expect(medplum.writes == 0)
        }
    }

    @Test func theProjectOwnersMembershipIsNeverDeactivated() async throws {
        try await withAppliedProject { manifests, medplum in
            // Adopt the seeded owner's membership by hand, then offboard the owner in the manifests.
            var owner = try await membership("owner@example.com", medplum)
            owner["identifier"] = [["system": .string(ManagedMarker.system), "value": "owner@example.com"]]
            try #require(try await medplum.request("PUT", "fhir/R4/ProjectMembership/\(owner["id"]?.string ?? "")", json: owner).status == 200)
            try manifests.write("owner.yaml", "kind: User\nemail: owner@example.com\nfirstName: Olivia\nlastName: Owner\nroles: [lead]\nactive: false\n")
            let writes = medplum.writes
            let apply = await runPlumbline(["apply", "--manifests", manifests.directory, "--yes"], medplum: medplum)
            #expect(apply.status == 4)
            #expect(apply.error.contains("refused: the plan would deactivate the membership of owner@example.com, the owner of the Medplum project; transfer ownership in Medplum first [project-owner]"))
            #expect(medplum.writes == writes)
        }
    }

    @Test func theLastHumanAdminIsNeverRemoved() async throws {
        try await withAppliedProject { manifests, medplum in
            var owner = try await membership("owner@example.com", medplum)
            owner["admin"] = false
            try #require(try await medplum.request("PUT", "fhir/R4/ProjectMembership/\(owner["id"]?.string ?? "")", json: owner).status == 200)
            try manifests.write("people.yaml", TestManifests.people(["alice@northside.example.org": "active: false\n"]))
            let writes = medplum.writes
            let apply = await runPlumbline(["apply", "--manifests", manifests.directory, "--yes"], medplum: medplum)
            #expect(apply.status == 4)
            #expect(apply.error.contains("[last-admin]"))
            #expect(medplum.writes == writes)
        }
    }

    @Test func plumblinesOwnClientIsNeverChanged() async throws {
        try await withAppliedProject { manifests, medplum in
            var own = try #require(try await medplum.search("ClientApplication").first { $0["id"]?.string == medplum.clientId })
            own["meta"] = ["tag": [["system": .string(ManagedMarker.system), "code": "robot"]]]
            try #require(try await medplum.request("PUT", "fhir/R4/ClientApplication/\(medplum.clientId)", json: own).status == 200)
            try manifests.write("robot.yaml", "kind: Client\nname: robot\ndescription: renamed\naccessPolicy: nurse\n")
            let apply = await runPlumbline(["apply", "--manifests", manifests.directory, "--yes"], medplum: medplum)
            #expect(apply.status == 4)
            #expect(apply.error.contains("the client plumbline itself signs in as"))
            #expect(apply.error.contains("[own-membership]"))
        }
    }

    @Test func newClientsNeedASecretsDirectory() async throws {
        let manifests = try TestManifests(TestManifests.medplumProject)
        try await SandboxHarness.withMedplum { medplum in
            let apply = await runPlumbline(["apply", "--manifests", manifests.directory, "--yes"], medplum: medplum)
            #expect(apply.status == 64)
            #expect(apply.error.contains("creating Client 'panels-web' produces a secret, and plumbline writes secrets only to --secrets-dir"))
            #expect(medplum.writes == 0)
        }
    }

    @Test func failuresMidApplyAreReportedAndASecondApplyConverges() async throws {
        let manifests = try TestManifests(TestManifests.medplumProject)
        try await SandboxHarness.withMedplum { medplum in
            // Two invitations fail with 503: a write that may have been processed is not retried.
            try await medplum.fault(["method": "POST", "pathPrefix": "/admin/projects/", "count": 2, "status": 503])
            let first = await runPlumbline(["apply", "--manifests", manifests.directory, "--yes", "--concurrency", "1", "--secrets-dir", manifests.path("secrets"), "--output", "json"], medplum: medplum)
            #expect(first.status == 3)
            let report = try #require(try JSONValue.parse(Data(first.output.utf8)).object)
            #expect(report["summary"] == ["applied": 5, "failed": 2, "skipped": 0])
            let failed = (report["results"]?.array ?? []).filter { $0["outcome"] == "failed" }
            #expect(failed.allSatisfy { $0["category"] == "unavailable" })

            let second = await runPlumbline(["apply", "--manifests", manifests.directory, "--yes", "--secrets-dir", manifests.path("secrets")], medplum: medplum)
            #expect(second.status == 0, "\(second.error)")
            #expect(second.output.contains("applied 2 of 2 changes"))
            #expect(await runPlumbline(["plan", "--manifests", manifests.directory], medplum: medplum).status == 0)
            let memberships = try await medplum.search("ProjectMembership").filter { $0["identifier"] != nil }
            #expect(memberships.count == 4, "no person was invited twice")
        }
    }

    @Test func invalidManifestsStopEverythingBeforeAnyRequest() async throws {
        let manifests = try TestManifests(TestManifests.medplumProject.merging(["broken.yaml": "kind: Role\nname: x\n"]) { $1 })
        try await SandboxHarness.withMedplum { medplum in
            let plan = await runPlumbline(["plan", "--manifests", manifests.directory], medplum: medplum)
            #expect(plan.status == 65)
            #expect(plan.output.contains("broken.yaml:1:1: error: Role 'x' grants nothing; add 'stytch', 'medplum' or both"))
            #expect(medplum.requestsByRoute.isEmpty)
        }
    }

    @Test func refusedCredentialsExit77() async throws {
        let manifests = try TestManifests(TestManifests.medplumProject)
        try await SandboxHarness.withMedplum { medplum in
            var variables = medplum.variables
            variables["MEDPLUM_CLIENT_SECRET"] = "wrong-secret-value"
            let result = await Runtime.$current.withValue(Runtime(variables: variables)) {
                await runPlumbline(["plan", "--manifests", manifests.directory])
            }
            #expect(result.status == 77)
            #expect(result.error.contains("client credentials refused: Invalid secret"))
            #expect(!result.error.contains("wrong-secret-value"))
        }
    }

    @Test func anUnreachableServerExits69() async throws {
        let manifests = try TestManifests(TestManifests.medplumProject)
        let variables = [
            "MEDPLUM_BASE_URL": "http://127.0.0.1:9/", "MEDPLUM_PROJECT_ID": "p", "MEDPLUM_CLIENT_ID": "c", "MEDPLUM_CLIENT_SECRET": "s-secret-value",
        ]
        let result = await Runtime.$current.withValue(Runtime(variables: variables)) {
            await runPlumbline(["plan", "--manifests", manifests.directory])
        }
        #expect(result.status == 69)
        #expect(result.error.contains("POST /oauth2/token to 127.0.0.1:9 failed"))
    }
}

@Suite("Where credentials may go", .tags(.large))
struct AllowedHostsTests {
    @Test func credentialsAreNeverSentToAHostOutsideTheAllowList() async throws {
        let manifests = try TestManifests(TestManifests.medplumProject)
        try await SandboxHarness.withMedplum { medplum in
            let refused = await Runtime.$current.withValue(Runtime(variables: medplum.variables.merging(["PLUMBLINE_ALLOWED_HOSTS": "api.medplum.example.org"]) { $1 })) {
                await runPlumbline(["plan", "--manifests", manifests.directory])
            }
            #expect(refused.status == 64)
            #expect(refused.error.contains("points at 127.0.0.1, which PLUMBLINE_ALLOWED_HOSTS does not list; no credential was sent"))
            #expect(medplum.requestsByRoute.isEmpty)
            let allowed = await Runtime.$current.withValue(Runtime(variables: medplum.variables.merging(["PLUMBLINE_ALLOWED_HOSTS": "api.medplum.example.org, 127.0.0.1"]) { $1 })) {
                await runPlumbline(["plan", "--manifests", manifests.directory])
            }
            #expect(allowed.status == 2)
        }
    }
}
