import Foundation
import PlumblineCore
@testable import PlumblineMedplum
import PlumblineTestSupport
import SandboxFixtures
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Every Medplum response parser fed damaged copies of real responses: it may refuse them, never
/// crash. Deterministic seeds, so any failure reproduces.
@Suite("Damaged Medplum responses", .tags(.medium))
struct MedplumResponseFuzzTests {
    @Test func parsersNeverCrashOnDamagedResponses() async throws {
        try await SandboxHarness.withMedplum(seed: ScaleFixture(people: 12).medplumSeed(projectId:)) { medplum in
            let samples = try await Self.samples(medplum)
            let first = try #require(samples[1]["entry"]?.array?.first?["resource"])
            let membership = try #require(LiveMapping.membership(first))
            for seed in Fuzzing.seeds(300) {
                var mutator = Mutator(seed: UInt64(seed))
                let sample = samples[seed % samples.count]
                let raw = mutator.bytes(sample.encoded())
                if let damaged = try? JSONValue.parse(raw) { exercise(damaged, membership) }
                let mutated = mutator.json(sample)
                exercise(mutated, membership)
                readMemberships(raw, seed: seed)
                readMemberships(mutated.encoded(), seed: seed)
                glance(raw, seed: seed)
            }
        }
    }

    /// Each kind of answer plumbline reads from Medplum, as the sandbox gives it: search pages
    /// (with a next link), a Project, an error, a token, a history and a search of Logins.
    static func samples(_ medplum: MedplumHandle) async throws -> [JSONValue] {
        var samples: [JSONValue] = []
        for type in ["AccessPolicy", "ProjectMembership", "ClientApplication"] {
            samples.append(try #require(try await medplum.request("GET", "fhir/R4/\(type)?_count=5").body))
        }
        #expect(samples[1]["link"]?.array?.contains { $0["relation"] == "next" } == true, "a page with a next link")
        let membershipId = try #require(samples[1]["entry"]?.array?.first?["resource"]?["id"]?.string)
        let userReference = try #require(samples[1]["entry"]?.array?.first?["resource"]?["user"]?["reference"]?.string)
        samples.append(try #require(try await medplum.request("GET", "fhir/R4/Project/\(medplum.variables["MEDPLUM_PROJECT_ID"] ?? "")").body))
        samples.append(try #require(try await medplum.request("GET", "fhir/R4/Nope").body))
        samples.append(try await token(medplum))
        samples.append(try #require(try await medplum.request("GET", "fhir/R4/ProjectMembership/\(membershipId)/_history").body))
        let login: JSONValue = [
            "resourceType": "Login", "authMethod": "password", "authTime": "2026-11-23T08:00:00.000Z", "granted": true,
            "user": ["reference": .string(userReference)], "membership": ["reference": .string("ProjectMembership/\(membershipId)")],
        ]
        try #require(try await medplum.request("POST", "fhir/R4/Login", json: login, superAdmin: true).status == 201)
        samples.append(try #require(try await medplum.request("GET", "fhir/R4/Login?user=\(userReference)", superAdmin: true).body))
        #expect(samples.last?["entry"]?.array?.count == 1)
        return samples
    }

    /// The client-credentials grant's answer (a form body, which `request` does not send).
    static func token(_ medplum: MedplumHandle) async throws -> JSONValue {
        var request = URLRequest(url: URL(string: medplum.baseURL + "oauth2/token")!)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data("grant_type=client_credentials&client_id=\(medplum.clientId)&client_secret=\(medplum.variables["MEDPLUM_CLIENT_SECRET"] ?? "")".utf8)
        let (data, _) = try await URLSession.shared.data(for: request)
        let answer = try JSONValue.parse(data)
        #expect(MedplumClient.token(from: answer) != nil)
        return answer
    }

    /// Runs every mapping over every entry of a (possibly damaged) response.
    private func exercise(_ response: JSONValue, _ someone: LiveMembership) {
        let resources = (response["entry"]?.array ?? []).compactMap { $0["resource"] } + [response]
        for resource in resources {
            let membership = LiveMapping.membership(resource)
            _ = LiveMapping.policy(resource)
            _ = LiveMapping.client(resource, membership: membership)
            _ = JobLease.record(resource)
            _ = MedplumLogins.session(from: resource, id: "login", membership: membership ?? someone)
        }
        _ = MedplumHistoryReader.versions(in: response)
        _ = MedplumClient.token(from: response)
        _ = MedplumError.explanation(of: response, raw: response.description)
    }

    /// The search page reader, which parses no tree for memberships, refuses exactly the texts
    /// the parser refuses.
    private func readMemberships(_ text: Data, seed: Int) {
        let page = try? SearchPage(scanning: text, reading: LiveMapping.membership(from:))
        #expect((page == nil) == ((try? JSONValue.parse(text)) == nil), "seed \(seed)")
    }

    /// The glance for the next page's link finds what parsing the page finds, whenever the page
    /// parses (when it does not, the page is refused whatever the glance saw).
    private func glance(_ text: Data, seed: Int) {
        guard let parsed = try? JSONValue.parse(text), parsed.object != nil else { return }
        #expect(JSONValue.peek(["link"], in: text) == parsed["link"], "seed \(seed)")
    }
}
