import Foundation
import PlumblineCore
@testable import PlumblineMedplum
import PlumblineTestSupport
import SandboxFixtures
import Testing

/// Every Medplum response parser fed damaged copies of real responses: it may refuse them, never
/// crash. Deterministic seeds, so any failure reproduces.
@Suite("Damaged Medplum responses", .tags(.medium))
struct MedplumResponseFuzzTests {
    @Test func parsersNeverCrashOnDamagedResponses() async throws {
        try await SandboxHarness.withMedplum(seed: ScaleFixture(people: 12).medplumSeed(projectId:)) { medplum in
            var samples: [JSONValue] = []
            for type in ["AccessPolicy", "ProjectMembership", "ClientApplication", "Project"] {
                if let body = try await medplum.request("GET", "fhir/R4/\(type)?_count=20").body { samples.append(body) }
            }
            if let error = try await medplum.request("GET", "fhir/R4/Nope").body { samples.append(error) }
            #expect(samples.count == 5)
            for seed in 0..<300 {
                var mutator = Mutator(seed: UInt64(seed))
                let sample = samples[seed % samples.count]
                let raw = mutator.bytes(sample.encoded())
                if let damaged = try? JSONValue.parse(raw) { exercise(damaged) }
                let mutated = mutator.json(sample)
                exercise(mutated)
                readMemberships(raw)
                readMemberships(mutated.encoded())
            }
        }
    }

    /// Runs every mapping over every entry of a (possibly damaged) response.
    private func exercise(_ response: JSONValue) {
        let resources = (response["entry"]?.array ?? []).compactMap { $0["resource"] } + [response]
        for resource in resources {
            let membership = LiveMapping.membership(resource)
            _ = LiveMapping.policy(resource)
            _ = LiveMapping.client(resource, membership: membership)
            _ = JobLease.record(resource)
        }
        _ = MedplumError.explanation(of: response, raw: response.description)
    }

    /// The search page reader, which parses no tree for memberships, refuses exactly the texts
    /// the parser refuses.
    private func readMemberships(_ text: Data) {
        let page = try? SearchPage(scanning: text, reading: LiveMapping.membership(from:))
        #expect((page == nil) == ((try? JSONValue.parse(text)) == nil))
    }
}

