import Foundation
import PlumblineCLI
import PlumblineCore
import PlumblineTestSupport
import Testing

/// Runs `plumbline ARGUMENTS` in-process against a sandbox, with its variables in the environment.
func runPlumbline(_ arguments: [String], medplum: MedplumHandle, now: Date = Date()) async -> CommandResult {
    await Runtime.$current.withValue(Runtime(variables: medplum.variables, now: { now })) {
        await runPlumbline(arguments)
    }
}

@Suite("Plan and apply against the Medplum sandbox", .tags(.large))
struct MedplumPlanApplyTests {
    @Test func anEmptyProjectPlansEveryCreationThenApplyConverges() async throws {
        let manifests = try TestManifests(TestManifests.medplumProject)
        try await SandboxHarness.withMedplum { medplum in
            let plan = await runPlumbline(["plan", "--manifests", manifests.directory, "--env", "sandbox"], medplum: medplum)
            #expect(plan.status == 2)
            #expect(plan.output.hasPrefix("Plan for environment 'sandbox': 7 to create, 0 to update"))
            for line in ["+ medplum AccessPolicy 'clinician'", "+ medplum AccessPolicy 'nurse'", "+ medplum ClientApplication 'panels-web'", "  alice@northside.example.org"] {
                #expect(plan.output.contains(line), "missing \(line)")
            }
            let apply = await runPlumbline(["apply", "--manifests", manifests.directory, "--yes", "--secrets-dir", manifests.path("secrets")], medplum: medplum)
            #expect(apply.status == 0, "\(apply.error)")
            #expect(apply.output.contains("applied 7 of 7 changes: 0 failed, 0 skipped"))
            let again = await runPlumbline(["plan", "--manifests", manifests.directory], medplum: medplum)
            #expect(again.status == 0, "\(again.output)")
            #expect(again.output.contains("No changes: the servers match the manifests."))

            let memberships = try await medplum.search("ProjectMembership")
            let alice = try #require(memberships.first { $0["user"]?["display"]?.string == "alice@northside.example.org" })
            #expect(alice["admin"] == true)
            #expect(alice["identifier"]?.array?.first?["value"] == "alice@northside.example.org")
            #expect(alice["access"]?.array?.count == 2)
            let client = try #require(try await medplum.search("ClientApplication", "name=panels-web").first)
            #expect(client["allowedOrigin"] == ["http://localhost:3000"])
            let secret = try String(contentsOfFile: manifests.path("secrets/panels-web.secret"), encoding: .utf8)
            #expect(secret.trimmingCharacters(in: .newlines) == client["secret"]?.string)
            let permissions = try FileManager.default.attributesOfItem(atPath: manifests.path("secrets/panels-web.secret"))[.posixPermissions] as? Int
            #expect(permissions == 0o600)
            for output in [plan.output, plan.error, apply.output, apply.error, again.output] {
                for secret in medplum.secrets + [secret.trimmingCharacters(in: .newlines)] { #expect(!output.contains(secret)) }
            }
        }
    }

    @Test func aChangeMadeBehindPlumblinesBackShowsAsTheExactFieldDiff() async throws {
        let manifests = try TestManifests(TestManifests.medplumProject)
        try await SandboxHarness.withMedplum { medplum in
            let apply = await runPlumbline(["apply", "--manifests", manifests.directory, "--yes", "--secrets-dir", manifests.path("secrets")], medplum: medplum)
            try #require(apply.status == 0)
            var bob = try #require(try await medplum.search("ProjectMembership").first { $0["user"]?["display"]?.string == "bob@northside.example.org" })
            bob["admin"] = true
            let put = try await medplum.request("PUT", "fhir/R4/ProjectMembership/\(bob["id"]?.string ?? "")", json: bob)
            try #require(put.status == 200)

            let plan = await runPlumbline(["plan", "--manifests", manifests.directory, "--output", "json"], medplum: medplum)
            #expect(plan.status == 2)
            let decoded = try JSONDecoder().decode(Plan.self, from: Data(plan.output.utf8))
            #expect(decoded.changes.count == 1)
            #expect(decoded.changes.first?.resource == ResourceKey(.medplum, .projectMembership, "bob@northside.example.org"))
            #expect(decoded.changes.first?.action == .update)
            #expect(decoded.changes.first?.fields == [FieldChange("admin", before: true, after: false)])
        }
    }

    @Test func aStaleSavedPlanIsRefusedAndNothingIsWritten() async throws {
        let manifests = try TestManifests(TestManifests.medplumProject)
        try await SandboxHarness.withMedplum { medplum in
            try #require(await runPlumbline(["apply", "--manifests", manifests.directory, "--yes", "--secrets-dir", manifests.path("secrets")], medplum: medplum).status == 0)
            try manifests.write("people.yaml", TestManifests.people(["dan@northside.example.org": "active: false\n"]))
            let planFile = manifests.path("plan.json")
            let plan = await runPlumbline(["plan", "--manifests", manifests.directory, "--out", planFile], medplum: medplum)
            #expect(plan.status == 2)
            let savedPlan = try String(contentsOfFile: planFile, encoding: .utf8)
            for secret in medplum.secrets { #expect(!savedPlan.contains(secret)) }

            var carol = try #require(try await medplum.search("ProjectMembership").first { $0["user"]?["display"]?.string == "carol@northside.example.org" })
            carol["admin"] = true
            try #require(try await medplum.request("PUT", "fhir/R4/ProjectMembership/\(carol["id"]?.string ?? "")", json: carol).status == 200)
            let writesBefore = medplum.writes

            let apply = await runPlumbline(["apply", planFile, "--manifests", manifests.directory], medplum: medplum)
            #expect(apply.status == 4)
            #expect(apply.error.contains("error: the plan is stale: 1 object(s) changed on the server since it was read (ProjectMembership/"))
            #expect(medplum.writes == writesBefore)

            try manifests.write("policies.yaml", TestManifests.medplumProject["policies.yaml"]! + "\n# edited\n")
            let changedManifests = await runPlumbline(["apply", planFile, "--manifests", manifests.directory], medplum: medplum)
            #expect(changedManifests.status == 4)
            #expect(changedManifests.error.contains("the manifests changed since the plan was made"))
            #expect(medplum.writes == writesBefore)
        }
    }

    @Test func aFreshSavedPlanIsAppliedExactly() async throws {
        let manifests = try TestManifests(TestManifests.medplumProject)
        try await SandboxHarness.withMedplum { medplum in
            try #require(await runPlumbline(["apply", "--manifests", manifests.directory, "--yes", "--secrets-dir", manifests.path("secrets")], medplum: medplum).status == 0)
            try manifests.write("people.yaml", TestManifests.people(["dan@northside.example.org": "active: false\n"]))
            let planFile = manifests.path("plan.json")
            #expect(await runPlumbline(["plan", "--manifests", manifests.directory, "--out", planFile], medplum: medplum).status == 2)
            let apply = await runPlumbline(["apply", planFile, "--manifests", manifests.directory], medplum: medplum)
            #expect(apply.status == 0, "\(apply.error)")
            #expect(apply.output.contains("ok      ! medplum ProjectMembership 'dan@northside.example.org'"))
            let dan = try #require(try await medplum.search("ProjectMembership").first { $0["user"]?["display"]?.string == "dan@northside.example.org" })
            #expect(dan["active"] == false)
            #expect(await runPlumbline(["plan", "--manifests", manifests.directory], medplum: medplum).status == 0)
        }
    }
}
