import Foundation
import SandboxSupport
@testable import StytchSandbox
import Testing

/// Paging a large member set costs one scan, not one per page (the 50k-member target is the
/// benchmark's; this keeps the suite fast with 5k).
@Suite("Search paging cost", .tags(.medium))
struct PerformanceTests {
    @Test func pagingThousandsOfMembersScansOnce() async throws {
        let configuration = StytchSandboxConfiguration(seed: LargeSeed.json(organizations: 20, membersEach: 250), limits: .unlimited)
        let store = try await StytchStore.open(configuration)
        let controls = StytchSandbox.makeControls(configuration)
        try await SandboxServer.withRunning(host: "127.0.0.1") { onServerRunning in
            StytchSandbox.buildApplication(store: store, configuration: configuration, controls: controls, onServerRunning: onServerRunning)
        } body: { address in
            let client = StytchTestClient(
                RunningStytchSandbox(baseURL: address.baseURL, managementBaseURL: address.baseURL, credentials: store.credentials, controls: controls))
            let orgIds = (0..<20).map { "org-\($0)" }
            var seen = Set<String>()
            var cursor: String?
            var pages = 0
            let scansBefore = await store.searchScans
            repeat {
                var body: [String: Any] = ["organization_ids": orgIds, "limit": 1000]
                if let cursor { body["cursor"] = cursor }
                let json = expectSuccess(try await client.send("POST", "v1/b2b/organizations/members/search", json: body))
                #expect(json.object("results_metadata").int("total") == 5000)
                for member in json.objects("members") { seen.insert(member.string("member_id") ?? "") }
                cursor = json.object("results_metadata")["next_cursor"] as? String
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 5)
            #expect(seen.count == 5000)
            #expect(await store.searchScans == scansBefore + 1)
            // A write invalidates the cached matches.
            try await client.createMember("org-0", "late@org0.example.org")
            let after = expectSuccess(try await client.send("POST", "v1/b2b/organizations/members/search", json: ["organization_ids": orgIds]))
            #expect(after.object("results_metadata").int("total") == 5001)
            #expect(await store.searchScans == scansBefore + 2)
        }
    }
}
