import Foundation
import PlumblineCLI
import PlumblineCore
import PlumblineTestSupport
import Testing

/// The example jobs in `Jobs/`, each run with `--sandbox` against the demo project: their steps,
/// exit codes, reports, metrics and audit records, with only the output paths moved to a
/// temporary folder.
@Suite("The example jobs against the demo project", .tags(.large))
struct ExampleJobTests {
    struct Outcome {
        let run: CommandResult
        let report: JSONValue
        let markdown: String
        let audit: [AuditRecord]
        let metrics: String?
    }

    /// Copies `Jobs/NAME.yaml` with its manifests made absolute and its outputs under a temporary
    /// folder, then runs it with `--sandbox`.
    func run(_ name: String) async throws -> Outcome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plumbline-job-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try String(contentsOf: RepositoryPaths.jobs.appendingPathComponent("\(name).yaml"), encoding: .utf8)
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix("manifests:") { return "manifests: \(RepositoryPaths.manifests.path)" }
            if line.hasPrefix("report:") { return "report: { dir: \(folder.path)/reports, markdown: true, metricsFile: \(folder.path)/metrics.prom }" }
            return String(line)
        }
        let job = folder.appendingPathComponent("\(name).yaml").path
        try lines.joined(separator: "\n").write(toFile: job, atomically: true, encoding: .utf8)
        let run = await Runtime.$current.withValue(Runtime(variables: ["HOME": folder.path, "PLUMBLINE_SECRETS_DIR": "\(folder.path)/secrets"], now: { Date() })) {
            await runPlumbline(["run", job, "--sandbox"])
        }
        let reports = "\(folder.path)/reports/\(name)-latest"
        let auditText = (try? String(contentsOfFile: "\(folder.path)/reports/audit.jsonl", encoding: .utf8)) ?? ""
        return Outcome(
            run: run,
            report: try JSONValue.parse(Data(contentsOf: URL(fileURLWithPath: "\(reports).json"))),
            markdown: try String(contentsOfFile: "\(reports).md", encoding: .utf8),
            audit: try auditText.split(separator: "\n").map { try JSONDecoder().decode(AuditRecord.self, from: Data($0.utf8)) },
            metrics: try? String(contentsOfFile: "\(folder.path)/metrics.prom", encoding: .utf8)
        )
    }

    func step(_ outcome: Outcome, _ name: String) -> JSONValue? {
        outcome.report["steps"]?.array?.first { $0["name"]?.string == name }
    }

    @Test func nightlyReconcileAppliesThenReportsDriftAndEndsTheSessionsPolicyForbids() async throws {
        let outcome = try await run("nightly-reconcile")
        #expect(outcome.run.status == 2, "the demo's flagged sessions make the run exit 2: \(outcome.run.error)")
        #expect(outcome.report["steps"]?.array?.compactMap { $0["name"]?.string } == ["plan", "apply", "drift", "sessions"])
        #expect(step(outcome, "apply")?["counts"] == ["applied": 8, "failed": 0, "skipped": 0])
        // After the apply, only the demo's console-made contractor is left: reported, not failing.
        #expect(step(outcome, "drift")?["exitCode"] == 0)
        #expect(step(outcome, "drift")?["counts"] == ["changed": 0, "missing": 0, "unmanaged": 2])
        #expect(step(outcome, "sessions")?["exitCode"] == 2)
        #expect(step(outcome, "sessions")?["counts"]?["revoked"] == 3)
        #expect(step(outcome, "sessions")?["counts"]?["flagged"] == 3)
        #expect(outcome.markdown.contains("### plumbline drift — `sandbox`"))
        #expect(outcome.markdown.contains("medplum ProjectMembership 'temp.contractor@northside.example.org'"))
        #expect(outcome.markdown.contains("### plumbline sessions — `sandbox`"))

        #expect(outcome.audit.map(\.command) == ["run", "run", "run", "run"], "the apply's intent and outcome, then drift and sessions")
        #expect(outcome.audit[0].summary == ["planned": 8] && outcome.audit[0].operations.allSatisfy { $0.outcome == "planned" })
        #expect(outcome.audit[1].summary["applied"] == 8)
        #expect(AuditChain.verify(outcome.audit.map { AuditChain.line($0) }.joined()).isIntact)
        let drift = try #require(outcome.audit.first { $0.operations.contains { $0.action.hasPrefix("drift:") } })
        #expect(Set(drift.operations.map(\.key)) == ["temp.contractor@northside.example.org", "northside/temp.contractor@northside.example.org"])
        let sessions = try #require(outcome.audit.last)
        #expect(sessions.operations.count == 3 && sessions.operations.allSatisfy { $0.kind == "Session" && $0.outcome == "revoked" })
        #expect(sessions.summary["revoked"] == 3)

        let metrics = try #require(outcome.metrics)
        #expect(metrics.contains("plumbline_drift{environment=\"sandbox\",job=\"nightly-reconcile\",type=\"unmanaged\"} 2"))
        #expect(metrics.contains("plumbline_flagged_sessions{environment=\"sandbox\",job=\"nightly-reconcile\",reason=\"flagged\"} 3"))
    }

    @Test func theCIDryRunFailsOnDriftAndWritesNothing() async throws {
        let outcome = try await run("ci-dry-run")
        #expect(outcome.run.status == 2, "\(outcome.run.error)")
        #expect(outcome.report["steps"]?.array?.compactMap { $0["exitCode"]?.int } == [0, 0, 2])
        #expect(step(outcome, "drift")?["counts"]?["changed"]?.int ?? 0 > 0)
        #expect(outcome.report["lease"] == nil, "a job that writes nothing takes no lease")
        #expect(outcome.report["requests"]?.object?.keys.allSatisfy { $0.hasPrefix("GET ") || $0.hasPrefix("OPTIONS ") || $0.hasPrefix("POST /oauth2/token") || $0.contains("/search") } == true)
        #expect(outcome.markdown.contains("### plumbline plan — `sandbox`"))
    }

    @Test func hourlySessionsRevokesAndRecordsEachSession() async throws {
        let outcome = try await run("hourly-sessions")
        #expect(outcome.run.status == 2)
        // Without the nightly apply, Frank is still in Stytch: his session is ended as offboarded.
        #expect(step(outcome, "sessions")?["counts"]?["revoked"] == 4)
        #expect(step(outcome, "sessions")?["counts"]?["offboarded"] == 2)
        #expect(outcome.report["lease"]?["holder"]?.string?.contains("job hourly-sessions") == true, "revoking writes, so the job takes the lease")
        #expect(outcome.audit.count == 1 && outcome.audit[0].operations.count == 4)
        #expect(outcome.audit[0].operations.contains { $0.key.hasPrefix("northside/frank.meyer@northside.example.org/") && $0.action == "offboarded" })
    }
}
