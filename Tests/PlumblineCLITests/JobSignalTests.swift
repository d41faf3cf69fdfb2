import Foundation
import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("A job stopped by SIGTERM", .tags(.large))
struct JobSignalTests {
    var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("plumbline")
    }

    @Test func sigtermMidApplyLeavesAConsistentReportAndASecondRunConverges() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: executable.path), "build the plumbline executable first")
        let manifests = try TestManifests(TestManifests.medplumProject)
        let job = try writeJob(manifests)
        try String(contentsOfFile: job, encoding: .utf8)
            .replacingOccurrences(of: "apply: { prune: false, maxChanges: 50 }", with: "apply: { prune: false, maxChanges: 50, concurrency: 1 }")
            .write(toFile: job, atomically: true, encoding: .utf8)
        try await SandboxHarness.withMedplum { medplum in
            // Every invitation takes 300 ms, so the run is mid-apply for a while.
            try await medplum.fault(["method": "POST", "pathPrefix": "/admin/projects/", "count": 100, "delayMs": 300])
            let process = Process()
            process.executableURL = executable
            process.arguments = ["run", job]
            process.environment = medplum.variables.merging(["PLUMBLINE_SECRETS_DIR": manifests.path("secrets"), "HOME": manifests.path("home")]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            try await waitUntil("the run never reached the invitations", every: .milliseconds(20)) {
                (medplum.requestsByRoute["POST /admin/projects/:id/invite"] ?? 0) >= 1
            }
            process.terminate()
            process.waitUntilExit()
            #expect(process.terminationStatus == 3, "partly applied")

            let report = try JSONValue.parse(try Data(contentsOf: URL(fileURLWithPath: manifests.path("reports/nightly-latest.json"))))
            #expect(report["stopped"] == true)
            let apply = try #require(report["steps"]?.array?.first { $0["name"] == "apply" })
            let applied = apply["counts"]?["applied"]?.int ?? 0, skipped = apply["counts"]?["skipped"]?.int ?? 0
            #expect(applied >= 4, "the policies, the client and the invitation in flight were applied")
            #expect(skipped >= 1)
            #expect(applied + skipped + (apply["counts"]?["failed"]?.int ?? 0) == 7)
            let lease = try #require(try await medplum.search("Basic").first)
            #expect(lease["extension"]?.array?.contains { $0["valueBoolean"] == true } == true, "the lease was released")

            try await medplum.request("DELETE", "_sandbox/faults")
            let second = await runJob(job, medplum: medplum, manifests: manifests)
            #expect(second.status == 0, "\(second.output)\(second.error)")
            #expect(await runPlumbline(["plan", "--manifests", manifests.directory], medplum: medplum).status == 0)
        }
    }
}
