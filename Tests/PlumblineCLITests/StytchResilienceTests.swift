import Foundation
import PlumblineCLI
import PlumblineCore
import PlumblineTestSupport
import Testing

/// The faults of `ResilienceTests`, met by Stytch's writes: throttling, failing and slow answers,
/// plumbline killed mid-apply. After each, every person is a member once, a second run converges
/// and the first run's report said what happened. (Stytch refuses a second member with the same
/// e-mail, so "once" is the server's rule; what plumbline must get right is never treating that
/// refusal, or a lost answer, as its own failure to converge.)
@Suite("Resilience of Stytch writes under faults", .tags(.large))
struct StytchResilienceTests {
    static let emails = ["ada@eastside.example.org", "bob@eastside.example.org", "cy@eastside.example.org"]
    static let memberCreates = "POST /v1/b2b/organizations/:id/members"

    func apply(_ manifests: TestManifests, _ medplum: MedplumHandle, _ stytch: StytchHandle, timeout: String? = nil) async -> CommandResult {
        var variables = medplum.variables.merging(stytch.variables) { $1 }
        if let timeout { variables["PLUMBLINE_HTTP_TIMEOUT"] = timeout }
        return await Runtime.$current.withValue(Runtime(variables: variables)) {
            await runPlumbline(["apply", "--manifests", manifests.directory, "--yes", "--concurrency", "1", "--secrets-dir", manifests.path("secrets")])
        }
    }

    /// Eastside's members (every status), each as plumbline marks its own.
    func expectOneMemberPerPerson(_ stytch: StytchHandle) async throws {
        let members = try await stytch.members("eastside")
        #expect(members.compactMap { $0["email_address"]?.string }.sorted() == Self.emails)
        #expect(members.allSatisfy { $0["trusted_metadata"]?["plumbline"]?["managed"] == true && $0["status"] == "active" })
    }

    /// The run after a fault converges, and the one after it has nothing left to do.
    func expectConvergence(_ manifests: TestManifests, _ medplum: MedplumHandle, _ stytch: StytchHandle) async throws {
        let second = await apply(manifests, medplum, stytch)
        #expect(second.status == 0, "\(second.output)\(second.error)")
        let plan = await runPlumbline(["plan", "--manifests", manifests.directory], medplum: medplum, stytch: stytch)
        #expect(plan.status == 0, "\(plan.output)")
        try await expectOneMemberPerPerson(stytch)
    }

    @Test func aStormOf429sOnWritesWithoutRetryAfterIsBackedOffAndWaitedOut() async throws {
        let manifests = try TestManifests(BothSystems.files())
        try await SandboxHarness.withBoth { medplum, stytch in
            // A refused request was not processed, so even a create is safe to send again.
            try await stytch.fault(["method": "POST", "pathPrefix": "/v1/b2b/organizations/eastside/members", "count": 3, "status": 429])
            let result = await apply(manifests, medplum, stytch)
            #expect(result.status == 0, "\(result.output)\(result.error)")
            #expect(stytch.requestsByRoute[Self.memberCreates] == 3 + 3)
            try await expectOneMemberPerPerson(stytch)
        }
    }

    /// A 503 to a create may come after the member was made: the create is not sent again in
    /// that run, the report names the one person it failed for (exit 3), and the next run makes
    /// the member.
    @Test func aServerErrorOnAMemberCreateIsReportedNotRepeatedAndTheNextRunConverges() async throws {
        let manifests = try TestManifests(BothSystems.files())
        try await SandboxHarness.withBoth { medplum, stytch in
            try await stytch.fault(["method": "POST", "pathPrefix": "/v1/b2b/organizations/eastside/members", "count": 1, "status": 503])
            let first = await apply(manifests, medplum, stytch)
            #expect(first.status == 3, "\(first.output)\(first.error)")
            let failed = first.output.split(separator: "\n").filter { $0.contains("FAILED") }
            #expect(failed.count == 1, "\(first.output)")
            #expect(failed.first?.contains("503") == true, "\(first.output)")
            #expect(stytch.requestsByRoute[Self.memberCreates] == 3, "three creates, none repeated")
            try await expectConvergence(manifests, medplum, stytch)
        }
    }

    /// The answer to a create is lost (it takes longer than plumbline waits) though Stytch makes
    /// the member: the first run reports that create failed, and the next finds the member and
    /// does not make it again.
    @Test func aMemberCreateWhoseAnswerIsLostIsNotMadeTwice() async throws {
        let manifests = try TestManifests(BothSystems.files())
        try await SandboxHarness.withBoth { medplum, stytch in
            // The timeout leaves room for the other requests on a loaded machine (the whole suite
            // runs at once); the faulted create is slower still, by far.
            try await stytch.fault(["method": "POST", "pathPrefix": "/v1/b2b/organizations/eastside/members", "count": 1, "delayMs": 7_000])
            let first = await apply(manifests, medplum, stytch, timeout: "3")
            #expect(first.status == 3, "\(first.output)\(first.error)")
            #expect(first.output.split(separator: "\n").filter { $0.contains("FAILED") }.count == 1, "\(first.output)")
            // The server finishes the slow create after plumbline gave up on it.
            try await waitUntil("the slow create never finished", every: .milliseconds(50), atMost: .seconds(20)) {
                try await stytch.member("eastside", Self.emails[0]) != nil && stytch.inFlight[Self.memberCreates, default: 0] == 0
            }
            let creates = stytch.requestsByRoute[Self.memberCreates]
            try await expectConvergence(manifests, medplum, stytch)
            #expect(stytch.requestsByRoute[Self.memberCreates] == creates, "no member made twice")
        }
    }

    @Test func plumblineKilledMidStytchApplyThenRunAgainConvergesWithoutDuplicates() async throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("plumbline")
        try #require(FileManager.default.isExecutableFile(atPath: executable.path))
        for stopAfter in [1, 2] {
            let manifests = try TestManifests(BothSystems.files())
            try await SandboxHarness.withBoth { medplum, stytch in
                try await stytch.fault(["method": "POST", "pathPrefix": "/v1/b2b/organizations/eastside/members", "count": 100, "delayMs": 250])
                try await KilledApply.run(executable, manifests, variables: medplum.variables.merging(stytch.variables) { $1 }) {
                    (stytch.requestsByRoute[Self.memberCreates] ?? 0) >= stopAfter
                } thenWaitUntil: {
                    stytch.inFlight.isEmpty && medplum.inFlight.isEmpty
                }
                try await stytch.request("DELETE", "_sandbox/faults")
                try await expectConvergence(manifests, medplum, stytch)
            }
        }
    }
}
