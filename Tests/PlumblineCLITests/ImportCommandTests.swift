import Foundation
import MedplumSandbox
import PlumblineCLI
import PlumblineCore
import PlumblineTestSupport
import SandboxFixtures
import StytchSandbox
import Testing

@Suite("plumbline import", .tags(.large))
struct ImportCommandTests {
    /// The same seeds with plumbline's markers taken off: an installation made by hand, before plumbline.
    struct Unmarked {
        let fixture: ScaleFixture

        func medplumSeed(projectId: String) -> Data {
            strip(fixture.medplumSeed(projectId: projectId)) { resource in
                resource["identifier"] = nil
                resource["meta"] = nil
            }
        }

        func stytchSeed(now: Date) -> Data {
            strip(fixture.stytchSeed(now: now)) { organization in
                organization["trusted_metadata"] = nil
                organization["members"] = .array((organization["members"]?.array ?? []).map { member in
                    var member = member
                    member["trusted_metadata"] = nil
                    return member
                })
            }
        }

        private func strip(_ seed: Data, _ edit: (inout JSONValue) -> Void) -> Data {
            guard case .object(var document)? = try? JSONValue.parse(seed), let (key, list) = document.first else { return seed }
            document[key] = .array((list.array ?? []).map { item in
                var item = item
                edit(&item)
                return item
            })
            return JSONValue.object(document).encoded()
        }
    }

    func files(_ directory: String) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try FileManager.default.contentsOfDirectory(atPath: directory).map { name in
            (name, try String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8))
        })
    }

    @Test func importingAPopulatedProjectOf300PeopleGivesManifestsThatPlanAsNoChange() async throws {
        let fixture = ScaleFixture(people: 300, organizations: 4, policies: 3, stytch: true)
        let manifests = try TestManifests(fixture.manifestFiles)
        try await withSeededSandboxes(medplum: fixture.medplumSeed(projectId:), stytch: fixture.stytchSeed(now:)) { medplum, stytch in
            medplum.resetStats()
            stytch.resetStats()
            let out = manifests.path("imported")
            let result = await runPlumbline(["import", "--manifests", manifests.directory, "--out", out], medplum: medplum, stytch: stytch)
            #expect(result.status == 0, "\(result.error)")
            #expect(result.error == "wrote 6 file(s) to \(out): 1 Environment, 3 AccessPolicy, 3 Role, 4 Organization, 300 User, 1 SessionPolicy\n")
            #expect(medplum.writes == 0 && stytch.writes == 0, "import only reads")

            let imported = try files(out)
            #expect(imported.keys.sorted() == ["access-policies.yaml", "environment.yaml", "organizations.yaml", "roles.yaml", "session-policies.yaml", "users.yaml"])
            let users = try #require(imported["users.yaml"])
            #expect(users.components(separatedBy: "kind: User\n").count - 1 == 300)
            #expect(users.contains("""
                # from Medplum ProjectMembership/\(ScaleFixture.id(4, 0)), Stytch 
                """))
            #expect(users.contains("email: person0@org0.example.org\nfirstName: Person\nlastName: P0\norganizations: [org-0]\nroles: [policy-0-clinician]\n"))
            #expect(imported["roles.yaml"]?.contains("""
                # inferred from 100 people holding exactly this access
                kind: Role
                name: policy-1-nurse
                stytch: { roles: [nurse] }
                medplum: { profileType: Practitioner, accessPolicies: [policy-1], admin: false }
                """) == true)
            #expect(imported["environment.yaml"]?.contains("  clientSecret: \"${env:MEDPLUM_CLIENT_SECRET}\"\n") == true)
            #expect(imported["environment.yaml"]?.contains("  secret: \"${env:STYTCH_SECRET}\"\n") == true)
            for (name, text) in imported {
                for secret in medplum.secrets + stytch.secrets { #expect(!text.contains(secret), "\(name) holds a secret") }
            }

            // Stable: a second import writes the same bytes.
            let again = manifests.path("imported-again")
            #expect(await runPlumbline(["import", "--manifests", manifests.directory, "--out", again], medplum: medplum, stytch: stytch).status == 0)
            #expect(try files(again) == imported)

            let validate = await runPlumbline(["validate", "--manifests", out])
            #expect(validate.status == 0, "\(validate.output)\(validate.error)")
            let plan = await runPlumbline(["plan", "--manifests", out], medplum: medplum, stytch: stytch)
            #expect(plan.status == 0, "\(plan.output)\(plan.error)")
            #expect(plan.output == "Plan for environment 'sandbox': 0 to create, 0 to update, 0 to delete, 0 to deactivate, 0 to reactivate, 0 to revoke\n\nNo changes: the servers match the manifests.\n")
            let drift = await runPlumbline(["drift", "--manifests", out], medplum: medplum, stytch: stytch)
            #expect(drift.status == 0, "\(drift.output)")
            #expect(medplum.writes == 0 && stytch.writes == 0)
        }
    }

    @Test func importWithAdoptLetsTheNextApplyMarkWhatWasMadeByHandAndThenPlanIsClean() async throws {
        let fixture = ScaleFixture(people: 12, organizations: 2, policies: 3, stytch: true)
        let unmarked = Unmarked(fixture: fixture)
        let manifests = try TestManifests(fixture.manifestFiles)
        try await withSeededSandboxes(medplum: unmarked.medplumSeed(projectId:), stytch: unmarked.stytchSeed(now:)) { medplum, stytch in
            let membership = try #require(try await medplum.search("ProjectMembership").first { $0["user"]?["display"]?.string == fixture.email(0) })
            try #require(membership["identifier"] == nil, "the seed is unmarked")

            let out = manifests.path("imported")
            let result = await runPlumbline(["import", "--manifests", manifests.directory, "--out", out, "--adopt"], medplum: medplum, stytch: stytch)
            #expect(result.status == 0, "\(result.error)")
            // 3 policies, 12 memberships, 2 organizations and 12 members.
            #expect(result.error.contains("29 object(s) are not managed by plumbline yet and are listed in \(out)/adoption.yaml"))
            let adoption = try String(contentsOfFile: "\(out)/adoption.yaml", encoding: .utf8)
            #expect(adoption.contains("kind: Adoption"))
            #expect(adoption.contains("{ system: medplum, kind: ProjectMembership, key: \(fixture.email(0)) }"))

            let plan = await runPlumbline(["plan", "--manifests", out, "--output", "json"], medplum: medplum, stytch: stytch)
            #expect(plan.status == 2, "\(plan.error)")
            let changes = try JSONDecoder().decode(Plan.self, from: Data(plan.output.utf8)).changes
            #expect(changes.count == 29)
            #expect(changes.allSatisfy { $0.action == .update && $0.fields.first?.path == "managed" }, "adoption writes the marker and nothing else")

            let apply = await runPlumbline(["apply", "--manifests", out, "--yes"], medplum: medplum, stytch: stytch)
            #expect(apply.status == 0, "\(apply.output.split(separator: "\n").filter { !$0.contains("ok ") }.joined(separator: "\n"))\(apply.error)")
            let adopted = try #require(try await medplum.search("ProjectMembership").first { $0["user"]?["display"]?.string == fixture.email(0) })
            #expect(adopted["identifier"]?.array?.first?["value"]?.string == fixture.email(0))
            #expect(adopted["identifier"]?.array?.first?["system"]?.string == ManagedMarker.system)
            let policy = try #require(try await medplum.search("AccessPolicy", "name=policy-0").first)
            #expect(policy["meta"]?["tag"]?.array?.contains { $0["system"]?.string == ManagedMarker.system && $0["code"]?.string == "policy-0" } == true)
            #expect(try await stytch.member("org-0", fixture.email(0))?["trusted_metadata"]?["plumbline"]?["managed"] == true)

            let again = await runPlumbline(["plan", "--manifests", out], medplum: medplum, stytch: stytch)
            #expect(again.status == 0, "\(again.output)")
            #expect(again.output.contains("No changes: the servers match the manifests."))
            #expect(await runPlumbline(["drift", "--manifests", out], medplum: medplum, stytch: stytch).status == 0)
        }
    }
}
