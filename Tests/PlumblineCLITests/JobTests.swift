import Foundation
import PlumblineCLI
import PlumblineCore
import PlumblineHTTP
import PlumblineMedplum
import PlumblineTestSupport
import Testing

/// A job over `TestManifests.medplumProject`, writing its outputs under the temporary folder.
func writeJob(_ manifests: TestManifests, steps: String = "[validate, plan, apply]", extra: String = "") throws -> String {
    let path = manifests.path("Jobs/job.yaml")
    try FileManager.default.createDirectory(atPath: manifests.path("Jobs"), withIntermediateDirectories: true)
    try """
        kind: Job
        name: nightly
        environment: sandbox
        manifests: ../Manifests
        steps: \(steps)
        apply: { prune: false, maxChanges: 50 }
        report: { dir: \(manifests.path("reports")), markdown: true, metricsFile: \(manifests.path("metrics/plumbline.prom")) }
        \(extra)
        """.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// Runs `plumbline run JOB` in-process against a Medplum sandbox, secrets going to a temporary directory.
func runJob(_ job: String, medplum: MedplumHandle, manifests: TestManifests, now: Date = Date()) async -> CommandResult {
    var variables = medplum.variables
    variables["PLUMBLINE_SECRETS_DIR"] = manifests.path("secrets")
    return await Runtime.$current.withValue(Runtime(variables: variables, now: { now })) {
        await runPlumbline(["run", job])
    }
}

@Suite("Jobs against the sandboxes", .tags(.large))
struct JobTests {
    func latestReport(_ manifests: TestManifests) throws -> JSONValue {
        try JSONValue.parse(try Data(contentsOf: URL(fileURLWithPath: manifests.path("reports/nightly-latest.json"))))
    }

    @Test func aJobAppliesWithinItsLimitsAndLeavesAReportMetricsAndAuditRecords() async throws {
        let manifests = try TestManifests(TestManifests.medplumProject)
        let job = try writeJob(manifests)
        try await SandboxHarness.withMedplum { medplum in
            let run = await runJob(job, medplum: medplum, manifests: manifests)
            #expect(run.status == 0, "\(run.output)\(run.error)")
            #expect(run.output.contains("apply: applied 7 of 7 changes: 0 failed, 0 skipped (exit 0)"))
            let report = try latestReport(manifests)
            #expect(report["exitCode"] == 0)
            try #require(report["steps"]?.array?.compactMap { $0["name"]?.string } == ["validate", "plan", "apply"])
            #expect(report["steps"]?.array?[1]["counts"]?["create"] == 7)
            #expect(report["steps"]?.array?[2]["counts"] == ["applied": 7, "failed": 0, "skipped": 0])
            #expect(report["lease"]?["holder"]?.string?.contains("job nightly") == true)
            let markdown = try String(contentsOfFile: manifests.path("reports/nightly-latest.md"), encoding: .utf8)
            #expect(markdown.contains("## plumbline job `nightly` — `sandbox`"))
            #expect(markdown.contains("**⚠ escalation: new member with access"))

            let metrics = try String(contentsOfFile: manifests.path("metrics/plumbline.prom"), encoding: .utf8)
            #expect(metrics.contains("plumbline_run_exit_code{environment=\"sandbox\",job=\"nightly\"} 0"))
            #expect(metrics.contains("plumbline_changes{action=\"create\",environment=\"sandbox\",job=\"nightly\"} 7"))
            #expect(metrics.contains("plumbline_applied_changes{environment=\"sandbox\",job=\"nightly\",outcome=\"applied\"} 7"))
            #expect(metrics.contains("plumbline_last_success_timestamp_seconds{environment=\"sandbox\",job=\"nightly\"} "))
            #expect(metrics.split(separator: "\n").filter { !$0.hasPrefix("#") }.allSatisfy { $0.split(separator: " ").count == 2 })

            let audit = try String(contentsOfFile: manifests.path("reports/audit.jsonl"), encoding: .utf8)
            let record = try #require(AuditChain.last(in: audit))
            #expect(record.job == "nightly" && record.operations.count == 7)
            let events = try await medplum.search("AuditEvent")
            #expect(events.count == 1)
            #expect(events.first?["extension"]?.array?.first?["valueString"]?.string == record.hash)
            for secret in medplum.secrets { #expect(!run.output.contains(secret) && !markdown.contains(secret) && !audit.contains(secret)) }
        }
    }

    @Test func aRetriedLeaseRequestFindsItsOwnLeaseAndStillRefusesOthers() async throws {
        try await SandboxHarness.withMedplum { medplum in
            let connection = try #require(EnvironmentResolverFixtureCLI.connection(medplum))
            let lease = JobLease(client: MedplumClient(connection: connection, transport: HTTPTransport()), environment: "sandbox")
            let now = Date()
            guard case .acquired = try await lease.acquire(holder: "pod-a", now: now, ttl: 3_600) else {
                Issue.record("the lease should be free")
                return
            }
            // The same conditional create again, as the transport retries it when the first
            // attempt's response was lost: the lease it finds is this run's own.
            guard case .acquired = try await lease.acquire(holder: "pod-a", now: now, ttl: 3_600) else {
                Issue.record("a retry must recognise its own lease")
                return
            }
            guard case .heldBy(let holder) = try await lease.acquire(holder: "pod-b", now: now.addingTimeInterval(1), ttl: 3_600) else {
                Issue.record("another run must be refused")
                return
            }
            #expect(holder.holder == "pod-a")
        }
    }

    @Test func aHeldLeaseBlocksASecondRunUntilItExpires() async throws {
        let manifests = try TestManifests(TestManifests.medplumProject)
        let job = try writeJob(manifests)
        try await SandboxHarness.withMedplum { medplum in
            // Another run (say a pod that crashed) holds the lease for an hour.
            let connection = try #require(EnvironmentResolverFixtureCLI.connection(medplum))
            let lease = JobLease(client: MedplumClient(connection: connection, transport: HTTPTransport()), environment: "sandbox")
            let now = Date()
            guard case .acquired = try await lease.acquire(holder: "other-pod", now: now, ttl: 3_600) else {
                Issue.record("the lease should be free")
                return
            }
            let blocked = await runJob(job, medplum: medplum, manifests: manifests, now: now.addingTimeInterval(60))
            #expect(blocked.status == 4)
            #expect(blocked.output.contains("lease: held by other-pod until"))
            // Both lease requests were conditional creates of the same lease; nothing else was sent.
            #expect(medplum.writes == 2 && medplum.requestsByRoute["POST /fhir/R4/Basic"] == 2)
            #expect(try await medplum.search("Basic").count == 1)
            #expect(try await medplum.search("AccessPolicy").isEmpty)
            #expect(try latestReport(manifests)["lease"]?["holder"] == "other-pod")

            let later = await runJob(job, medplum: medplum, manifests: manifests, now: now.addingTimeInterval(3_700))
            #expect(later.status == 0, "\(later.output)\(later.error)")
            #expect(try latestReport(manifests)["lease"]?["holder"]?.string?.contains("job nightly") == true)
        }
    }

    @Test func theAuditLogVerifiesAndDetectsTampering() async throws {
        let manifests = try TestManifests(TestManifests.medplumProject)
        let job = try writeJob(manifests)
        try await SandboxHarness.withMedplum { medplum in
            #expect(await runJob(job, medplum: medplum, manifests: manifests).status == 0)
            try manifests.write("people.yaml", TestManifests.people(["dan@northside.example.org": "active: false\n"]))
            #expect(await runJob(job, medplum: medplum, manifests: manifests).status == 0)
            try manifests.write("people.yaml", TestManifests.people())
            #expect(await runJob(job, medplum: medplum, manifests: manifests).status == 0)
        }
        let log = manifests.path("reports/audit.jsonl")
        let intact = await runPlumbline(["audit", "verify", "--audit-log", log])
        #expect(intact.status == 0)
        #expect(intact.output.contains("intact, 6 record(s)"), "each apply's intent and outcome")

        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        // The second run's outcome: dan deactivated.
        let deactivation = try #require(lines.firstIndex { $0.contains("\"deactivate\"") && $0.contains("\"applied\"") })
        var edited = lines
        edited[deactivation] = edited[deactivation].replacingOccurrences(of: "\"deactivate\"", with: "\"update\"")
        try (edited.joined(separator: "\n") + "\n").write(toFile: log, atomically: true, encoding: .utf8)
        let afterEdit = await runPlumbline(["audit", "verify", "--audit-log", log])
        #expect(afterEdit.status == 2)
        #expect(afterEdit.output.contains("line \(deactivation + 1): record \(deactivation + 1) was edited: its content no longer matches its hash"))

        var removed = lines
        removed.remove(at: deactivation)
        try (removed.joined(separator: "\n") + "\n").write(toFile: log, atomically: true, encoding: .utf8)
        let afterRemoval = await runPlumbline(["audit", "verify", "--audit-log", log])
        #expect(afterRemoval.status == 2)
        #expect(afterRemoval.output.contains("line \(deactivation + 1): record \(deactivation + 2) does not follow the record before it"))
    }

    /// A write cut short (a full disk, a crash) left half a record and no line break: the next
    /// run's record goes on a line of its own and follows the last intact record, so the chain
    /// holds and verify names the one torn line.
    @Test func aRunAfterATornAuditLineKeepsTheChain() async throws {
        let manifests = try TestManifests(TestManifests.medplumProject)
        let job = try writeJob(manifests)
        let log = manifests.path("reports/audit.jsonl")
        try await SandboxHarness.withMedplum { medplum in
            #expect(await runJob(job, medplum: medplum, manifests: manifests).status == 0)
            let intact = try String(contentsOfFile: log, encoding: .utf8)
            try (intact + intact.prefix(30)).write(toFile: log, atomically: true, encoding: .utf8)
            try manifests.write("people.yaml", TestManifests.people(["dan@northside.example.org": "active: false\n"]))
            #expect(await runJob(job, medplum: medplum, manifests: manifests).status == 0)
        }
        let verify = await runPlumbline(["audit", "verify", "--audit-log", log])
        #expect(verify.status == 2)
        #expect(verify.output.split(separator: "\n").first == "\(log): line 3: not an audit record")
        #expect(verify.output.split(separator: "\n").count == 1, "only the torn line is a problem: \(verify.output)")
        let records = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(records.count == 5, "two records per apply, and the torn line")
        #expect(AuditChain.last(in: String(records[3]))?.sequence == 3)
    }

    @Test func anInvalidJobFileRunsNothing() async throws {
        let manifests = try TestManifests(TestManifests.medplumProject)
        let path = manifests.path("bad-job.yaml")
        try "kind: Job\nname: x\nenvironment: sandbox\nsteps: [plan, aply]\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = await runPlumbline(["run", path])
        #expect(run.status == 65)
        #expect(run.output.contains("bad-job.yaml:4:15: error: 'steps[1]' in Job 'x' has unknown value 'aply'; did you mean 'apply'?"))
    }
}

enum EnvironmentResolverFixtureCLI {
    static func connection(_ medplum: MedplumHandle) -> MedplumConnection? {
        let manifest = Validator.validate([SourceFile(path: "env.yaml", text: TestManifests.medplumProject["environment.yaml"] ?? "")])
        guard let environment = manifest.manifests.environments.first else { return nil }
        return try? EnvironmentResolver.resolve(environment, using: ReferenceSource(variables: medplum.variables) { _ in "" }).get().medplum
    }
}
