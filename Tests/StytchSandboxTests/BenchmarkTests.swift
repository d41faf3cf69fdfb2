import Foundation
import StytchSandbox
import Testing

/// Throughput of a 1000-member search page over 50,000 members in 20 organizations. Opt-in
/// (`PLUMBLINE_SANDBOX_BENCH=1`), best run in release:
/// `PLUMBLINE_SANDBOX_BENCH=1 swift test -c release --filter StytchSandboxBenchmark`.
/// It prints figures and asserts only correctness, never time.
@Suite("StytchSandboxBenchmark", .tags(.medium))
struct StytchSandboxBenchmark {
    static let enabled = ProcessInfo.processInfo.environment["PLUMBLINE_SANDBOX_BENCH"] == "1"

    @Test(.enabled(if: enabled, "set PLUMBLINE_SANDBOX_BENCH=1"))
    func thousandMemberSearchPageThroughput() async throws {
        let clock = ContinuousClock()
        let seedStart = clock.now
        let configuration = StytchSandboxConfiguration(seed: LargeSeed.json(organizations: 20, membersEach: 2500), limits: .unlimited)
        try await withSandbox(configuration) { client in
            print("seeded 50,000 members in \(clock.now - seedStart)")
            let orgIds = (0..<20).map { "org-\($0)" }
            // Walk every page once (the first page pays for the scan).
            var cursor: String?
            var pages = 0
            let walkStart = clock.now
            repeat {
                var body: [String: Any] = ["organization_ids": orgIds, "limit": 1000]
                if let cursor { body["cursor"] = cursor }
                let json = expectSuccess(try await client.send("POST", "v1/b2b/organizations/members/search", json: body))
                #expect(json.objects("members").count == 1000)
                cursor = json.object("results_metadata")["next_cursor"] as? String
                pages += 1
            } while cursor != nil
            let walk = clock.now - walkStart
            #expect(pages == 50)
            print("paged 50,000 members in \(pages) pages in \(walk): \(rate(pages, walk)) pages/s")

            // Steady state: the same 1000-member page, sequentially and from 4 concurrent clients.
            let body: [String: Any] = ["organization_ids": orgIds, "limit": 1000]
            let sequentialCount = 100
            let sequentialStart = clock.now
            for _ in 0..<sequentialCount {
                let response = try await client.send("POST", "v1/b2b/organizations/members/search", json: body)
                #expect(response.status == 200)
            }
            let sequential = clock.now - sequentialStart
            print("1000-member page, 1 client: \(rate(sequentialCount, sequential)) requests/s")
            let concurrentStart = clock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let page: [String: Any] = ["organization_ids": orgIds, "limit": 1000]
                        for _ in 0..<50 {
                            let response = try await client.send("POST", "v1/b2b/organizations/members/search", json: page)
                            #expect(response.status == 200)
                        }
                    }
                }
                try await group.waitForAll()
            }
            print("1000-member page, 4 clients: \(rate(200, clock.now - concurrentStart)) requests/s")
        }
    }

    func rate(_ count: Int, _ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.1f", Double(count) / seconds)
    }
}
