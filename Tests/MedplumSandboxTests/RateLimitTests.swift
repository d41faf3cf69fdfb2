import Foundation
@testable import MedplumSandbox
import SandboxSupport
import Testing

/// Contract section 8 and checklist item 11.21.
@Suite("Rate limits", .tags(.medium))
struct RateLimitTests {
    /// The windows' reset times are read off the sandbox clock: frozen here, so a loaded machine
    /// cannot make a second pass between two requests.
    static let frozen = MedplumSandboxConfiguration(clock: SandboxClock(base: { Date(timeIntervalSince1970: 1_800_000_000) }))

    @Test func everyResponseCarriesTheRequestsBudget() async throws {
        try await withSandbox(Self.frozen) { client, _ in
            let first = try await client.send("GET", "healthcheck")
            #expect(first.header("RateLimit") == "\"requests\";r=59999;t=60")
            let notFound = try await client.send("GET", "nowhere")
            #expect(notFound.header("RateLimit") == "\"requests\";r=59998;t=60")
            #expect(notFound.header("Retry-After") == nil)
            #expect(notFound.header("RateLimit-Limit") == nil)
        }
    }

    @Test func fhirResponsesAlsoCarryTheInteractionQuota() async throws {
        try await withSandbox(Self.frozen) { client, _ in
            let admin = try await client.adminBearer()
            let search = try await client.fetch("fhir/R4/Patient", auth: admin)
            let header = try #require(search.header("RateLimit"))
            #expect(header.hasPrefix("\"requests\";r="))
            #expect(header.hasSuffix(", \"fhirInteractions\";r=49980;t=60"))
            let created = try await client.send("POST", "fhir/R4/Patient", json: ["resourceType": "Patient"], auth: admin)
            #expect(created.header("RateLimit")?.hasSuffix("\"fhirInteractions\";r=49880;t=60") == true)
            let read = try await client.fetch("fhir/R4/Patient/\(try created.json["id"]?.stringValue ?? "")", auth: admin)
            #expect(read.header("RateLimit")?.hasSuffix("\"fhirInteractions\";r=49879;t=60") == true)
            // Non-FHIR routes only show the request limiter.
            #expect(try await client.fetch("auth/me", auth: admin).header("RateLimit")?.contains("fhirInteractions") == false)
        }
    }

    @Test func authRoutesHaveTheirOwnSmallBucket() async throws {
        let limits = MedplumSandboxLimits(authRequestsPerMinute: 2)
        try await withSandbox(MedplumSandboxConfiguration(limits: limits)) { client, _ in
            let admin = try await client.adminBearer()
            #expect(try await client.fetch("auth/me", auth: admin).status == 200)
            _ = try await client.token(form: [("grant_type", "client_credentials")])
            let throttled = try await client.token(form: [("grant_type", "client_credentials")])
            #expect(throttled.status == 429)
            #expect(throttled.header("Content-Type") == "application/json; charset=utf-8")
            #expect(throttled.header("Retry-After") == nil)
            #expect(throttled.header("RateLimit")?.hasPrefix("\"requests\";r=0;t=") == true)
            let json = try throttled.json
            #expect(json["resourceType"] == "OperationOutcome")
            #expect(json["id"] == "too-many-requests")
            #expect(json.issueCode == "throttled")
            #expect(json.issueText == "Too Many Requests")
            #expect(json["extension"] == nil)
            let diagnostics = try JSONParser.parse(json["issue"]?.arrayValue?.first?["diagnostics"]?.stringValue ?? "")
            #expect(diagnostics.objectValue?.keys == ["_remainingPoints", "_msBeforeNext", "_consumedPoints", "_isFirstInDuration", "limit"])
            #expect(diagnostics["_remainingPoints"] == 0)
            #expect(diagnostics["_consumedPoints"] == 3)
            #expect(diagnostics["limit"] == 2)
            // The general bucket (and /auth/me, which belongs to it) is unaffected.
            #expect(try await client.fetch("auth/me", auth: admin).status == 200)
            #expect(try await client.fetch("fhir/R4/Patient", auth: admin).status == 200)
        }
    }

    @Test func requestLimiterAndTheProjectSetting() async throws {
        let limits = MedplumSandboxLimits(requestsPerMinute: 3)
        try await withSandbox(MedplumSandboxConfiguration(limits: limits)) { client, _ in
            for _ in 0..<3 { _ = try await client.send("GET", "healthcheck") }
            let throttled = try await client.send("GET", "healthcheck")
            #expect(throttled.status == 429)
            #expect(try throttled.json["id"] == "too-many-requests")
        }
    }

    @Test func fhirQuotaExhaustionIsAFhir429() async throws {
        let limits = MedplumSandboxLimits(fhirQuotaPerMinute: 30)
        try await withSandbox(MedplumSandboxConfiguration(limits: limits)) { client, _ in
            let admin = try await client.adminBearer()
            #expect(try await client.fetch("fhir/R4/Patient", auth: admin).status == 200)
            let throttled = try await client.fetch("fhir/R4/Patient", auth: admin)
            try expectOutcome(throttled, status: 429, code: "throttled", text: "Too Many Requests", id: "too-many-requests")
            #expect(throttled.header("RateLimit")?.contains("\"fhirInteractions\";r=0;t=") == true)
            let diagnostics = try JSONParser.parse(try throttled.json["issue"]?.arrayValue?.first?["diagnostics"]?.stringValue ?? "")
            #expect(diagnostics["limit"] == 30)
            #expect(diagnostics["_consumedPoints"] == 40)
        }
    }

    @Test func minusOneDisablesTheLimiter() async throws {
        let limits = MedplumSandboxLimits(requestsPerMinute: -1, fhirQuotaPerMinute: -1)
        try await withSandbox(MedplumSandboxConfiguration(limits: limits)) { client, _ in
            let answer = try await client.send("GET", "healthcheck")
            #expect(answer.header("RateLimit") == nil)
            let admin = try await client.adminBearer()
            #expect(try await client.fetch("fhir/R4/Patient", auth: admin).header("RateLimit") == nil)
        }
    }
}
