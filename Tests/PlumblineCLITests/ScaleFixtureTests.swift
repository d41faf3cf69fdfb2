import Foundation
import PlumblineCLI
import PlumblineTestSupport
import SandboxFixtures
import StytchSandbox
import Testing

/// Runs both sandboxes, Medplum seeded with `medplum(projectId)` and Stytch with `stytch(now)`.
func withSeededSandboxes(
    medplum: (_ projectId: String) -> Data, stytch: (_ now: Date) -> Data, _ body: (MedplumHandle, StytchHandle) async throws -> Void
) async throws {
    let now = Date()
    try await SandboxHarness.withMedplum(seed: medplum) { medplumHandle in
        try await SandboxHarness.withStytch({ $0.seed = stytch(now) }) { stytchHandle in
            try await body(medplumHandle, stytchHandle)
        }
    }
}

/// The benchmarks trust the scale fixture to describe a project with nothing to change, and its
/// `changing(every:)` variant to change exactly the people it names, in both systems.
@Suite("The scale fixture", .tags(.large))
struct ScaleFixtureTests {
    func withSeeded(_ fixture: ScaleFixture, _ body: (MedplumHandle, StytchHandle) async throws -> Void) async throws {
        try await withSeededSandboxes(medplum: fixture.medplumSeed(projectId:), stytch: fixture.stytchSeed(now:), body)
    }

    @Test func seedsMatchTheirManifestsSoAPlanHasNothingToDo() async throws {
        let fixture = ScaleFixture(people: 60, organizations: 6, stytch: true)
        let manifests = try TestManifests(fixture.manifestFiles)
        try await withSeeded(fixture) { medplum, stytch in
            let plan = await runPlumbline(["plan", "--manifests", manifests.directory], medplum: medplum, stytch: stytch)
            #expect(plan.status == 0, "\(plan.output)\(plan.error)")
            #expect(plan.output.contains("No changes"))
        }
    }

    @Test func changingEveryTenthPersonUpdatesTheirMembershipAndMember() async throws {
        let fixture = ScaleFixture(people: 60, organizations: 6, stytch: true).changing(every: 10)
        let manifests = try TestManifests(fixture.manifestFiles)
        try await withSeeded(fixture) { medplum, stytch in
            let plan = await runPlumbline(["plan", "--manifests", manifests.directory, "--output", "json"], medplum: medplum, stytch: stytch)
            #expect(plan.status == 2)
            let changes = try JSONSerialization.jsonObject(with: Data(plan.output.utf8)) as? [String: Any]
            let keys = ((changes?["changes"] as? [[String: Any]]) ?? []).map { "\($0["system"] ?? "") \($0["action"] ?? "") \($0["key"] ?? "")" }
            let expected = stride(from: 0, to: 60, by: 10).flatMap { index in
                ["medplum update person\(index)@org\(index % 6).example.org", "stytch update org-\(index % 6)/person\(index)@org\(index % 6).example.org"]
            }
            #expect(keys.sorted() == expected.sorted())
        }
    }
}
