import Foundation
@testable import MedplumSandbox
import Testing

/// The `/_sandbox/` test controls (DESIGN §7).
@Suite("Sandbox controls", .tags(.medium))
struct ControlsTests {
    @Test func statsCountRequestsByRouteTemplate() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            _ = try await client.fetch("fhir/R4/AccessPolicy", auth: admin)
            _ = try await client.fetch("fhir/R4/Patient/\(MedplumID.generate())", auth: admin)
            _ = try await client.fetch("fhir/R4/Patient/\(MedplumID.generate())", auth: admin)
            let stats = try await client.send("GET", "_sandbox/stats").json
            #expect(stats["requests"]?["total"] == 4)
            #expect(stats["requests"]?["byRoute"]?["POST /oauth2/token"] == 1)
            #expect(stats["requests"]?["byRoute"]?["GET /fhir/R4/AccessPolicy"] == 1)
            #expect(stats["requests"]?["byRoute"]?["GET /fhir/R4/Patient/:id"] == 2)
            #expect(try await client.send("DELETE", "_sandbox/stats").status == 204)
            #expect(try await client.send("GET", "_sandbox/stats").json["requests"]?["total"] == 0)
        }
    }

    @Test func injectedFaultsAnswerWithMedplumsBodies() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let arm = try await client.send(
                "POST", "_sandbox/faults",
                body: Data(#"[{"method":"GET","pathPrefix":"/fhir/R4/","status":503},{"pathPrefix":"/fhir/R4/","status":429}]"#.utf8))
            #expect(arm.status == 200)
            let unavailable = try await client.fetch("fhir/R4/Patient", auth: admin)
            try expectOutcome(unavailable, status: 503, code: "exception", text: "Service Unavailable")
            expectStandardHeaders(unavailable)
            let throttled = try await client.fetch("fhir/R4/Patient", auth: admin)
            #expect(throttled.status == 429)
            #expect(throttled.header("RateLimit") == "\"requests\";r=0;t=60")
            #expect(try throttled.json.issueCode == "throttled")
            #expect(try await client.fetch("fhir/R4/Patient", auth: admin).status == 200)
        }
    }

    @Test func droppedConnectionsAndDelays() async throws {
        try await withSandbox { client, _ in
            _ = try await client.send("POST", "_sandbox/faults", body: Data(#"{"pathPrefix":"/healthcheck","drop":true,"count":2}"#.utf8))
            await #expect(throws: (any Error).self) { try await client.send("GET", "healthcheck") }
            // libcurl retries a request dropped on a reused connection once, and not on a fresh
            // one: the second drop may still be armed, so clear it before the delay rule.
            #expect(try await client.send("DELETE", "_sandbox/faults").status < 300)
            _ = try await client.send("POST", "_sandbox/faults", body: Data(#"{"pathPrefix":"/healthcheck","delayMs":10}"#.utf8))
            #expect(try await client.send("GET", "healthcheck").status == 200)
        }
    }

    @Test func clockShiftExpiresTokens() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            #expect(try await client.send("POST", "_sandbox/clock", body: Data(#"{"offsetSeconds":7200}"#.utf8)).status == 200)
            try expectOutcome(try await client.fetch("auth/me", auth: admin), status: 401, code: "login")
            // New tokens and new resources live in the shifted time.
            let fresh = try await client.adminBearer()
            let created = try await client.create(["resourceType": "Patient"], auth: fresh)
            let stamped = try #require(Instant.range(created["meta"]?["lastUpdated"]?.stringValue ?? "")?.lowerBound)
            #expect(stamped > Instant.milliseconds(Date()) + 7_000_000)
        }
    }

    @Test func emailOutboxCanBeReadClearedAndSetToFail() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let invite: JSON = ["resourceType": "Practitioner", "firstName": "E", "lastName": "M", "email": "em@example.org"]
            _ = try await client.send("POST", "admin/projects/x/invite", json: invite, auth: admin, contentType: "application/json")
            #expect(try await client.send("GET", "_sandbox/emails").json["emails"]?.arrayValue?.count == 1)
            #expect(try await client.send("DELETE", "_sandbox/emails").status == 204)
            #expect(try await client.send("GET", "_sandbox/emails").json["emails"]?.arrayValue?.count == 0)
            #expect(try await client.send("POST", "_sandbox/emails", body: Data(#"{"failing":true}"#.utf8)).status == 200)
            let failed = try await client.send(
                "POST", "admin/projects/x/invite",
                json: ["resourceType": "Practitioner", "firstName": "F", "lastName": "M", "email": "fm@example.org"], auth: admin,
                contentType: "application/json")
            #expect(try failed.json.issueText == "Could not send email. Make sure you have AWS SES set up.")
            #expect(try await client.send("POST", "_sandbox/emails", body: Data("{}".utf8)).status == 400)
        }
    }
}
