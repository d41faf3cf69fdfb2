import Foundation
@testable import MedplumSandbox
import Testing

/// Contract 6.1 and checklist item 11.20.
@Suite("CORS", .tags(.medium))
struct CorsTests {
    static let app = "http://localhost:3000"

    @Test func allowedOriginIsEchoedWithCredentials() async throws {
        try await withSandbox { client, _ in
            let answer = try await client.send("GET", "fhir/R4/metadata", headers: ["Origin": Self.app])
            #expect(answer.status == 200)
            #expect(answer.header("Access-Control-Allow-Origin") == Self.app)
            #expect(answer.header("Access-Control-Allow-Credentials") == "true")
            #expect(answer.header("Access-Control-Expose-Headers") == "Content-Location,ETag,Last-Modified,Location")
            #expect(answer.header("Vary")?.contains("Origin") == true)
            #expect(answer.header("Access-Control-Allow-Methods") == nil)
            // Errors carry the CORS headers too, so browsers can read them.
            let denied = try await client.send("GET", "fhir/R4/Patient", headers: ["Origin": Self.app])
            #expect(denied.status == 401)
            #expect(denied.header("Access-Control-Allow-Origin") == Self.app)
        }
    }

    @Test func disallowedOriginsAndUncoveredPathsGetNothing() async throws {
        try await withSandbox { client, _ in
            for (path, origin) in [
                ("fhir/R4/metadata", "https://evil.example"), ("api/fhir/R4/metadata", Self.app),
                ("healthcheck", Self.app), ("openapi.json", Self.app),
            ] {
                let answer = try await client.send("GET", path, headers: ["Origin": origin])
                #expect(answer.status == 200)
                #expect(answer.header("Access-Control-Allow-Origin") == nil, "\(path) from \(origin)")
                #expect(answer.header("Access-Control-Allow-Credentials") == nil)
            }
        }
    }

    @Test func preflightIsAnsweredByTheCorsLayer() async throws {
        try await withSandbox { client, _ in
            let answer = try await client.send(
                "OPTIONS", "fhir/R4/Patient",
                headers: ["Origin": Self.app, "Access-Control-Request-Method": "PUT",
                          "Access-Control-Request-Headers": "authorization,content-type,x-medplum"])
            #expect(answer.status == 204)
            #expect(answer.body.isEmpty)
            // Express also sends `Content-Length: 0`; SwiftNIO strips framing headers from 204s.
            #expect(answer.header("Access-Control-Allow-Origin") == Self.app)
            #expect(answer.header("Access-Control-Allow-Methods") == "GET,HEAD,PUT,PATCH,POST,DELETE")
            #expect(answer.header("Access-Control-Allow-Headers") == "authorization,content-type,x-medplum")
            #expect(answer.header("Access-Control-Allow-Credentials") == "true")
            #expect(answer.header("Vary") == "Origin, Access-Control-Request-Headers")
            #expect(answer.header("Access-Control-Max-Age") == nil)
            #expect(answer.header("RateLimit") == nil)
            expectStandardHeaders(answer)
        }
    }

    @Test func disallowedPreflightFallsThroughToRouting() async throws {
        try await withSandbox { client, _ in
            let answer = try await client.send(
                "OPTIONS", "fhir/R4/Patient", headers: ["Origin": "https://evil.example", "Access-Control-Request-Method": "GET"])
            try expectOutcome(answer, status: 401, code: "login", text: "Unauthorized")
            #expect(answer.header("Access-Control-Allow-Origin") == nil)
            #expect(answer.header("RateLimit") != nil)
            // Elsewhere Express answers OPTIONS itself with the route's methods.
            let healthcheck = try await client.send("OPTIONS", "healthcheck", headers: ["Origin": Self.app])
            #expect(healthcheck.status == 200)
            #expect(healthcheck.header("Allow") == "GET,HEAD")
            #expect(healthcheck.text == "GET,HEAD")
            #expect(try await client.send("OPTIONS", "oauth2/token").header("Allow") == "POST")
            let unknown = try await client.send("OPTIONS", "nowhere")
            #expect(unknown.status == 404)
            #expect(unknown.text.contains("Cannot OPTIONS /nowhere"))
        }
    }

    @Test func wildcardConfigurationStillEchoesTheOrigin() async throws {
        try await withSandbox(MedplumSandboxConfiguration(allowedOrigins: ["*"])) { client, _ in
            let answer = try await client.send("GET", "fhir/R4/metadata", headers: ["Origin": "https://anything.example"])
            #expect(answer.header("Access-Control-Allow-Origin") == "https://anything.example")
        }
    }

    @Test func appBaseUrlIsAPrefixTest() async throws {
        let configuration = MedplumSandboxConfiguration(allowedOrigins: [], appBaseUrl: "https://app.example.org/")
        try await withSandbox(configuration) { client, _ in
            let exact = try await client.send("GET", "fhir/R4/metadata", headers: ["Origin": "https://app.example.org"])
            #expect(exact.header("Access-Control-Allow-Origin") == "https://app.example.org")
            let prefix = try await client.send("GET", "fhir/R4/metadata", headers: ["Origin": "https://app.ex"])
            #expect(prefix.header("Access-Control-Allow-Origin") == "https://app.ex")
            let other = try await client.send("GET", "fhir/R4/metadata", headers: ["Origin": "https://app.example.org.evil"])
            #expect(other.header("Access-Control-Allow-Origin") == nil)
        }
    }
}
