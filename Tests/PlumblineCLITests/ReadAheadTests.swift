import Foundation
@testable import PlumblineCLI
import PlumblineCore
import PlumblineTestSupport
import Testing

/// Reading the servers while the people load (`ReadAhead`): it starts only from small files that
/// are valid on their own, and whatever it read, the plan is the one the full manifests give.
@Suite("Reading ahead while the manifests load", .tags(.large))
struct ReadAheadTests {
    /// `people.yaml` made larger than `ReadAhead.smallFileLimit` by a comment, as thousands of
    /// people would make it.
    static func large(_ people: String) -> String {
        String(repeating: "# " + String(repeating: "-", count: 78) + "\n", count: ReadAhead.smallFileLimit / 80 + 10) + people
    }

    static func start(_ manifests: TestManifests, _ medplum: MedplumHandle, _ stytch: StytchHandle) -> ReadAhead? {
        Runtime.$current.withValue(Runtime(variables: medplum.variables.merging(stytch.variables) { $1 })) {
            ReadAhead.start(directory: manifests.directory, environment: nil)
        }
    }

    @Test func startsFromTheSmallFilesOnlyWhenThereIsALargeOneAndTheyAreValidOnTheirOwn() async throws {
        try await SandboxHarness.withBoth { medplum, stytch in
            var files = BothSystems.files()
            let allSmall = try TestManifests(files)
            #expect(Self.start(allSmall, medplum, stytch) == nil, "nothing large to overlap with")

            files["people.yaml"] = Self.large(BothSystems.people())
            let ahead = try #require(Self.start(try TestManifests(files), medplum, stytch))
            ahead.cancel()
            #expect(ahead.environment.name == "sandbox")
            #expect(ahead.slugs == ["eastside"])

            var broken = files
            broken["access.yaml"] = files["access.yaml"]! + "---\nkind: Role\nname: broken\nmedplum: { profileType: Practitioner, accessPolicies: [missing] }\n"
            #expect(Self.start(try TestManifests(broken), medplum, stytch) == nil, "small files with an error are not trusted")

            var environmentInLargeFile = files
            environmentInLargeFile["people.yaml"] = Self.large(files["environment.yaml"]! + "\n---\n" + BothSystems.people())
            environmentInLargeFile["environment.yaml"] = nil
            #expect(Self.start(try TestManifests(environmentInLargeFile), medplum, stytch) == nil)
        }
    }

    @Test func thePlanIsTheOneTheFullManifestsGive() async throws {
        try await SandboxHarness.withBoth { medplum, stytch in
            var files = BothSystems.files()
            let plain = try TestManifests(files)
            files["people.yaml"] = Self.large(BothSystems.people())
            let large = try TestManifests(files)
            func plan(_ manifests: TestManifests) async throws -> (Plan, [String: Int]) {
                medplum.resetStats()
                stytch.resetStats()
                let run = await runPlumbline(["plan", "--manifests", manifests.directory, "--output", "json"], medplum: medplum, stytch: stytch)
                #expect(run.status == 2, "\(run.error)")
                let requests = medplum.requestsByRoute.merging(stytch.requestsByRoute) { $0 + $1 }
                return (try JSONDecoder().decode(Plan.self, from: Data(run.output.utf8)), requests)
            }
            let (expected, plainRequests) = try await plan(plain)
            let (readAhead, requests) = try await plan(large)
            #expect(expected.changes.count == 9, "2 policies, 3 memberships, 1 organization, 3 members")
            #expect(readAhead.changes == expected.changes)
            // Read once, though the read started before the manifests were known to be valid.
            #expect(requests == plainRequests)
        }
    }

    @Test func anOrganizationDeclaredOnlyInTheLargeFileIsReadBeforePlanning() async throws {
        try await SandboxHarness.withBoth { medplum, stytch in
            var files = BothSystems.files()
            let westside = "kind: Organization\nname: Westside Clinic\nslug: westside\n---\n"
            files["people.yaml"] = westside + BothSystems.people().replacingOccurrences(of: "organizations: [eastside]", with: "organizations: [eastside, westside]")
            let plain = try TestManifests(files)
            let applied = await runPlumbline(["apply", "--manifests", plain.directory, "--yes"], medplum: medplum, stytch: stytch)
            try #require(applied.status == 0, "\(applied.output)\(applied.error)")

            files["people.yaml"] = Self.large(files["people.yaml"]!)
            let large = try TestManifests(files)
            let ahead = try #require(Self.start(large, medplum, stytch))
            ahead.cancel()
            #expect(ahead.slugs == ["eastside"], "the small files do not declare westside")
            let plan = await runPlumbline(["plan", "--manifests", large.directory], medplum: medplum, stytch: stytch)
            #expect(plan.status == 0, "westside's members were read, so nothing is planned:\n\(plan.output)")
        }
    }

    /// Each Organization in the large file beside its people: the small files name none, so
    /// Stytch is read once, after the manifests load, instead of ahead and again.
    @Test func organizationsDeclaredBesideTheirPeopleAreReadOnce() async throws {
        try await SandboxHarness.withBoth { medplum, stytch in
            var files = BothSystems.files()
            let access = try #require(files["access.yaml"]?.components(separatedBy: "---\nkind: Organization\n"))
            try #require(access.count == 2)
            files["access.yaml"] = access[0]
            files["people.yaml"] = "kind: Organization\n" + access[1] + "\n---\n" + BothSystems.people()
            let plain = try TestManifests(files)
            files["people.yaml"] = Self.large(files["people.yaml"]!)
            let large = try TestManifests(files)

            let ahead = try #require(Self.start(large, medplum, stytch))
            ahead.cancel()
            #expect(ahead.slugs.isEmpty)
            #expect(ahead.stytch == nil, "Stytch is not read ahead")

            func planRequests(_ manifests: TestManifests) async -> [String: Int] {
                medplum.resetStats()
                stytch.resetStats()
                let run = await runPlumbline(["plan", "--manifests", manifests.directory], medplum: medplum, stytch: stytch)
                #expect(run.status == 2, "eastside and its three members are to be made:\n\(run.output)\(run.error)")
                #expect(run.output.contains("eastside"), "\(run.output)")
                return medplum.requestsByRoute.merging(stytch.requestsByRoute) { $0 + $1 }
            }
            let plainRequests = await planRequests(plain)
            #expect(plainRequests["POST /v1/b2b/organizations/search"] == 1)
            #expect(await planRequests(large) == plainRequests)
        }
    }

    @Test func invalidManifestsStopBeforeAnyWriteAndSaySo() async throws {
        try await SandboxHarness.withBoth { medplum, stytch in
            var files = BothSystems.files()
            files["people.yaml"] = Self.large(BothSystems.people(["bob@eastside.example.org": "roles: [surgeon]\n"]))
            let manifests = try TestManifests(files)
            let apply = await runPlumbline(["apply", "--manifests", manifests.directory, "--yes"], medplum: medplum, stytch: stytch)
            #expect(apply.status == 65)
            #expect(apply.error.contains("the manifests are invalid (1 error, 0 warnings); nothing was written to any server"), "\(apply.error)")
            #expect(apply.output.contains("people.yaml:"), "the diagnostic names the large file")
            #expect(medplum.writes == 0)
            #expect(stytch.writes == 0)
        }
    }
}
