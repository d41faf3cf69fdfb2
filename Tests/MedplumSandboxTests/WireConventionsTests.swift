import Foundation
@testable import MedplumSandbox
import Testing

/// Contract section 1 and 7: mounting, headers, bodies, error shapes, public endpoints.
@Suite("Wire conventions", .tags(.medium))
struct WireConventionsTests {
    @Test func rootAndRobotsArePlainText() async throws {
        try await withSandbox { client, _ in
            let root = try await client.send("GET", "")
            #expect(root.status == 200)
            #expect(root.text == "OK")
            #expect(root.header("Content-Type") == "text/plain; charset=utf-8")
            expectStandardHeaders(root)
            let robots = try await client.send("GET", "robots.txt")
            #expect(robots.text == "User-agent: *\nDisallow: /")
            #expect(robots.header("Content-Type") == "text/plain; charset=utf-8")
        }
    }

    @Test func everyRouterIsMountedUnderApiToo() async throws {
        try await withSandbox { client, _ in
            let bearer = try await client.adminBearer()
            let direct = try await client.fetch("fhir/R4/Project/\(client.credentials.projectId)", auth: bearer)
            let mounted = try await client.fetch("api/fhir/R4/Project/\(client.credentials.projectId)", auth: bearer)
            #expect(direct.status == 200)
            #expect(mounted.status == 200)
            #expect(try mounted.json == direct.json)
            #expect(try await client.send("GET", "api/healthcheck").status == 200)
            #expect(try await client.send("GET", "api/").text == "OK")
        }
    }

    @Test func healthcheckReportsVersionAndBackends() async throws {
        try await withSandbox { client, _ in
            let answer = try await client.send("GET", "healthcheck")
            #expect(answer.status == 200)
            #expect(answer.header("Content-Type") == "application/json; charset=utf-8")
            let json = try answer.json
            #expect(json["ok"] == true)
            #expect(json["version"]?.stringValue?.hasPrefix("5.0.10") == true)
            #expect(json["platform"] == "linux")
            #expect(json["runtime"]?.stringValue?.hasPrefix("v") == true)
            #expect(json["postgres"] == true)
            #expect(json["redis"] == true)
            expectStandardHeaders(answer)
        }
    }

    @Test func unknownPathsOutsideFhirGetExpressHTML404() async throws {
        try await withSandbox { client, _ in
            let answer = try await client.send("GET", "nope/x?y=1")
            #expect(answer.status == 404)
            #expect(answer.header("Content-Type") == "text/html; charset=utf-8")
            #expect(answer.text.contains("<pre>Cannot GET /nope/x</pre>"))
            #expect(answer.header("Content-Security-Policy") == "default-src 'none'")
            #expect(answer.header("Cache-Control") == "no-store, no-cache, must-revalidate")
            let post = try await client.send("POST", "api/nope")
            #expect(post.text.contains("<pre>Cannot POST /api/nope</pre>"))
        }
    }

    @Test func unknownPathsUnderFhirAreOperationOutcomes() async throws {
        try await withSandbox { client, _ in
            try expectOutcome(
                try await client.send("GET", "fhir/R4/Patient/x/y/z"), status: 401, code: "login", text: "Unauthorized")
            let bearer = try await client.adminBearer()
            try expectOutcome(
                try await client.fetch("fhir/R4/Patient/x/y/z", auth: bearer), status: 404, code: "not-found",
                text: "Not found", id: "not-found")
        }
    }

    @Test func bodyLimitAndParseErrors() async throws {
        try await withSandbox { client, _ in
            let bearer = try await client.adminBearer()
            let broken = try await client.send(
                "POST", "fhir/R4/Patient", headers: ["Content-Type": "application/fhir+json", "Authorization": bearer],
                body: Data("{\"resourceType\":".utf8))
            try expectOutcome(broken, status: 400, code: "invalid", text: "Content could not be parsed")
            let scalar = try await client.send(
                "POST", "fhir/R4/Patient", headers: ["Content-Type": "application/json", "Authorization": bearer],
                body: Data("\"Patient\"".utf8))
            try expectOutcome(scalar, status: 400, code: "invalid", text: "Content could not be parsed")
            let huge = Data(("{\"resourceType\":\"Patient\",\"text\":{\"div\":\"" + String(repeating: "x", count: 1_100_000) + "\"}}").utf8)
            let tooLarge = try await client.send(
                "POST", "fhir/R4/Patient", headers: ["Content-Type": "application/fhir+json", "Authorization": bearer],
                body: huge)
            try expectOutcome(tooLarge, status: 400, code: "invalid", text: "File too large")
            // A JSON Patch body is JSON too (application/json-patch+json).
            let patient = try await client.create(["resourceType": "Patient"], auth: bearer)
            let patch = try await client.send(
                "PATCH", "fhir/R4/Patient/\(patient["id"]?.stringValue ?? "")",
                json: [["op": "add", "path": "/active", "value": true]], auth: bearer,
                contentType: "application/json-patch+json")
            #expect(patch.status == 200)
            #expect(try patch.json["active"] == true)
        }
    }

    @Test func missingContentTypeLeavesAnEmptyBody() async throws {
        try await withSandbox { client, _ in
            let bearer = try await client.adminBearer()
            let answer = try await client.send(
                "POST", "fhir/R4/Patient", headers: ["Authorization": bearer, "Content-Type": "text/csv"],
                body: Data("{\"resourceType\":\"Patient\"}".utf8))
            try expectOutcome(answer, status: 400, code: "invalid", text: "Incorrect resource type")
        }
    }

    @Test func unhandledErrorsAreBare500s() async throws {
        try await withSandbox { client, _ in
            let bearer = try await client.adminBearer()
            let broken = try await client.nonAdminClient(auth: bearer)
            var resource = try await client.fetch("fhir/R4/ClientApplication/\(broken.id)", auth: bearer).json
            resource["accessTokenLifetime"] = "soon"
            #expect(try await client.send("PUT", "fhir/R4/ClientApplication/\(broken.id)", json: resource, auth: bearer).status == 200)
            let answer = try await client.token(form: [
                ("grant_type", "client_credentials"), ("client_id", broken.id), ("client_secret", broken.secret),
            ])
            #expect(answer.status == 500)
            #expect(answer.header("Content-Type") == "application/json; charset=utf-8")
            #expect(answer.text == #"{"msg":"Internal Server Error"}"#)
        }
    }

    @Test func operationOutcomesCarryTracingIds() async throws {
        try await withSandbox { client, _ in
            let trace = MedplumID.generate()
            let answer = try await client.send("GET", "fhir/R4/Patient", headers: ["x-trace-id": trace])
            try expectOutcome(answer, status: 401, code: "login", text: "Unauthorized", id: "unauthorized")
            let parts = try answer.json["extension"]?.arrayValue?.first?["extension"]?.arrayValue ?? []
            #expect(parts.last?["valueId"]?.stringValue == trace)
        }
    }

    @Test func metadataOpenAPIAndWellKnownArePublic() async throws {
        try await withSandbox { client, sandbox in
            let metadata = try await client.send("GET", "fhir/R4/metadata")
            #expect(metadata.status == 200)
            #expect(metadata.header("Content-Type") == "application/fhir+json; charset=utf-8")
            #expect(try metadata.json["resourceType"] == "CapabilityStatement")
            #expect(try metadata.json["fhirVersion"] == "4.0.1")
            let openAPI = try await client.send("GET", "openapi.json")
            #expect(try openAPI.json["openapi"] == "3.1.0")
            #expect(try openAPI.json["servers"]?.arrayValue?.first?["url"]?.stringValue == sandbox.baseURL)
            let jwks = try await client.send("GET", ".well-known/jwks.json")
            let key = try jwks.json["keys"]?.arrayValue?.first
            #expect(key?["kty"] == "EC")
            #expect(key?["alg"] == "ES256")
            #expect(key?["use"] == "sig")
            let openID = try await client.send("GET", ".well-known/openid-configuration")
            #expect(try openID.json["token_endpoint"]?.stringValue == sandbox.baseURL + "oauth2/token")
            #expect(try openID.json["issuer"]?.stringValue == sandbox.baseURL)
            #expect(try await client.send("GET", "fhir/R4/.well-known/smart-configuration").status == 200)
        }
    }

    @Test func prettyPrintingAndMinimalReturn() async throws {
        try await withSandbox { client, _ in
            let bearer = try await client.adminBearer()
            let patient = try await client.create(["resourceType": "Patient", "gender": "other"], auth: bearer)
            let id = try #require(patient["id"]?.stringValue)
            let pretty = try await client.fetch("fhir/R4/Patient/\(id)?_pretty=true", auth: bearer)
            #expect(pretty.text.hasPrefix("{\n  \"resourceType\": \"Patient\""))
            let minimal = try await client.send(
                "POST", "fhir/R4/Patient", json: ["resourceType": "Patient"], auth: bearer,
                headers: ["Prefer": "return=minimal"])
            #expect(minimal.status == 201)
            #expect(minimal.body.isEmpty)
            #expect(minimal.header("Location") != nil)
        }
    }

    @Test func headRequestsAnswerWithoutBody() async throws {
        try await withSandbox { client, _ in
            let answer = try await client.send("HEAD", "healthcheck")
            #expect(answer.status == 200)
            #expect(answer.body.isEmpty)
        }
    }
}
