import Foundation
import SandboxFixtures

/// Issue 9's measurement: the session audit of 2,000 Stytch members — one listing per member is
/// the contract's floor (there is no bulk endpoint) — its wall time and the rate it achieved
/// beside the limit plumbline keeps to for Stytch.
enum SessionBenchmark {
    /// Requests per second plumbline allows itself against Stytch (`Sessions.transport`).
    static let stytchLimit = 100

    static func run(members: Int) async throws -> [String] {
        let fixture = ScaleFixture(people: members, organizations: ScaleBenchmark.organizations, policies: 3, stytch: true)
        let manifests = try TemporaryManifests(fixture.manifestFiles)
        let run = try await ScaleBenchmark.withSandboxes(fixture) { measured, _, _, _ in
            try await measured("session audit", ["sessions", "--manifests", manifests.directory], [0, 2])
        }
        let listings = run.requests["stytch GET /v1/b2b/sessions"] ?? 0
        let seconds = BenchmarkSuite.seconds(run.outcome.wallTime)
        return [
            "## Session audit of \(members) Stytch members", "",
            "| listings (floor: \(members)) | all requests | wall time | achieved rate | plumbline's Stytch limit | peak RSS |", "| --- | --- | --- | --- | --- | --- |",
            "| \(listings) | \(run.total) | \(BenchmarkSuite.format(run.outcome.wallTime)) | \(String(format: "%.0f", Double(run.total) / max(seconds, 0.000_001))) requests/s | \(stytchLimit) requests/s | \(ScaleBenchmark.megabytes(run.outcome.peakMemory)) |",
            "", "Requests by endpoint: " + run.requests.sorted { $0.key < $1.key }.map { "`\($0.key)` \($0.value)" }.joined(separator: ", "),
        ]
    }
}
