import Foundation
import PlumblineCore
import PlumblineHTTP
@testable import PlumblineStytch
import PlumblineTestSupport
import Testing

/// Every Stytch response parser fed damaged copies of real responses: it may refuse them, never
/// crash. Deterministic seeds, so any failure reproduces.
@Suite("Damaged Stytch responses", .tags(.medium))
struct StytchResponseFuzzTests {
    @Test func parsersNeverCrashOnDamagedResponses() async throws {
        try await SandboxHarness.withStytch { stytch in
            let (samples, member) = try await Self.samples(stytch)
            for seed in Fuzzing.seeds(300) {
                var mutator = Mutator(seed: UInt64(seed))
                let sample = samples[seed % samples.count]
                let raw = mutator.bytes(sample.encoded())
                if let damaged = try? JSONValue.parse(raw) { exercise(damaged, raw: raw, member, seed: seed) }
                exercise(mutator.json(sample), raw: raw, member, seed: seed)
                glance(raw, seed: seed)
            }
        }
    }

    /// Each kind of answer plumbline reads from Stytch, as the sandbox gives it: searches of
    /// organizations and members (with a next cursor), an error, the RBAC policy, a member's
    /// sessions and the frontend SDK's configuration. Also one member, as read.
    static func samples(_ stytch: StytchHandle) async throws -> ([JSONValue], LiveMember) {
        let created = try await stytch.request("POST", "v1/b2b/organizations", json: [
            "organization_name": "Fuzz", "organization_slug": "fuzz", "trusted_metadata": ["plumbline": ["managed": true]],
        ])
        #expect(created.status == 200)
        for index in 0..<5 {
            _ = try await stytch.request("POST", "v1/b2b/organizations/fuzz/members", json: ["email_address": .string("p\(index)@fuzz.example.org"), "roles": ["clinician"]])
        }
        _ = try await stytch.signIn("fuzz", "p0@fuzz.example.org")
        let id = try #require(created.body?["organization"]?["organization_id"]?.string)
        var samples: [JSONValue] = []
        samples.append(try #require(try await stytch.request("POST", "v1/b2b/organizations/search", json: ["limit": 10]).body))
        let members = try #require(try await stytch.request("POST", "v1/b2b/organizations/members/search", json: ["organization_ids": [.string(id)], "limit": 3]).body)
        #expect(members["results_metadata"]?["next_cursor"]?.string != nil, "a page with a next cursor")
        samples.append(members)
        samples.append(try #require(try await stytch.request("GET", "v1/b2b/organizations/nope").body))
        samples.append(try #require(try await stytch.request("GET", "v1/b2b/rbac/policy").body))
        let page = try StytchSearchPage(scanning: members.encoded(), items: "members") { try StytchMapping.member(from: &$0) { _ in "fuzz" } }
        let member = try #require(page.items.first { $0.email == "p0@fuzz.example.org" })
        let sessions = try #require(try await stytch.request("GET", "v1/b2b/sessions?organization_id=\(id)&member_id=\(member.id)").body)
        #expect(sessions["member_sessions"]?.array?.count == 1)
        samples.append(sessions)
        let connection = try #require(SandboxEnvironment.resolve(stytch.variables, medplum: false, management: true)?.stytch?.management)
        samples.append(try await StytchManagementClient(connection: connection, transport: HTTPTransport()).call(.get, "sdk/b2b", route: "sdk/b2b"))
        return (samples, member)
    }

    private func exercise(_ response: JSONValue, raw: Data, _ member: LiveMember, seed: Int) {
        for organization in response["organizations"]?.array ?? [] { _ = StytchMapping.organization(organization) }
        for session in (response["member_sessions"]?.array ?? []) + [response] { _ = StytchSessions.session(from: session, member: member) }
        _ = StytchReader.roleIds(in: response)
        _ = FrontendSDKReader.live(response["config"]?["basic"] ?? response, key: "fuzz")
        readMembers(raw, seed: seed)
        readMembers(response.encoded(), seed: seed)
        _ = StytchError(request: "POST /v1/b2b/organizations/search", status: 400, body: response, raw: raw)
    }

    /// The member page reader, which parses no tree, refuses exactly the texts the parser refuses.
    private func readMembers(_ text: Data, seed: Int) {
        let page = try? StytchSearchPage(scanning: text, items: "members") { try StytchMapping.member(from: &$0) { _ in "fuzz" } }
        #expect((page == nil) == ((try? JSONValue.parse(text)) == nil), "seed \(seed)")
    }

    /// The glance for the next page's cursor finds what parsing the page finds, whenever the
    /// page parses (when it does not, the page is refused whatever the glance saw).
    private func glance(_ text: Data, seed: Int) {
        guard let parsed = try? JSONValue.parse(text), parsed.object != nil else { return }
        #expect(JSONValue.peek(["results_metadata", "next_cursor"], in: text) == parsed["results_metadata"]?["next_cursor"], "seed \(seed)")
    }
}
