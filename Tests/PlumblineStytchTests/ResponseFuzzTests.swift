import Foundation
import PlumblineCore
@testable import PlumblineStytch
import PlumblineTestSupport
import Testing

/// Every Stytch response parser fed damaged copies of real responses: it may refuse them, never crash.
@Suite("Damaged Stytch responses", .tags(.medium))
struct StytchResponseFuzzTests {
    @Test func parsersNeverCrashOnDamagedResponses() async throws {
        try await SandboxHarness.withStytch { stytch in
            let created = try await stytch.request("POST", "v1/b2b/organizations", json: [
                "organization_name": "Fuzz", "organization_slug": "fuzz", "trusted_metadata": ["plumbline": ["managed": true]],
            ])
            #expect(created.status == 200)
            for index in 0..<5 {
                _ = try await stytch.request("POST", "v1/b2b/organizations/fuzz/members", json: ["email_address": .string("p\(index)@fuzz.example.org"), "roles": ["clinician"]])
            }
            var samples: [JSONValue] = []
            if let body = try await stytch.request("POST", "v1/b2b/organizations/search", json: ["limit": 10]).body { samples.append(body) }
            let id = created.body?["organization"]?["organization_id"]?.string ?? ""
            if let body = try await stytch.request("POST", "v1/b2b/organizations/members/search", json: ["organization_ids": [.string(id)]]).body { samples.append(body) }
            if let body = try await stytch.request("GET", "v1/b2b/organizations/nope").body { samples.append(body) }
            #expect(samples.count == 3)
            for seed in 0..<300 {
                var mutator = Mutator(seed: UInt64(seed))
                let sample = samples[seed % samples.count]
                let raw = mutator.bytes(sample.encoded())
                if let damaged = try? JSONValue.parse(raw) { exercise(damaged, raw: raw) }
                exercise(mutator.json(sample), raw: raw)
            }
        }
    }

    private func exercise(_ response: JSONValue, raw: Data) {
        for organization in response["organizations"]?.array ?? [] { _ = StytchMapping.organization(organization) }
        readMembers(raw)
        readMembers(response.encoded())
        _ = StytchError(request: "POST /v1/b2b/organizations/search", status: 400, body: response, raw: raw)
    }

    /// The member page reader, which parses no tree, refuses exactly the texts the parser refuses.
    private func readMembers(_ text: Data) {
        let page = try? StytchSearchPage(scanning: text, items: "members") { try StytchMapping.member(from: &$0) { _ in "fuzz" } }
        #expect((page == nil) == ((try? JSONValue.parse(text)) == nil))
    }
}
