import Foundation
@testable import MedplumSandbox
import Testing

/// Checks an OperationOutcome answer: status, content type, tracing extension, first issue.
func expectOutcome(
    _ answer: HTTPAnswer, status: Int, code: String, text: String? = nil, id: String? = nil, tracing: Bool = true,
    contentType: String = "application/fhir+json; charset=utf-8",
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    #expect(answer.status == status, "status of \(answer.text)", sourceLocation: sourceLocation)
    #expect(answer.header("Content-Type") == contentType, sourceLocation: sourceLocation)
    let json = try answer.json
    #expect(json["resourceType"] == "OperationOutcome", sourceLocation: sourceLocation)
    #expect(json.issueCode == code, "issue code of \(answer.text)", sourceLocation: sourceLocation)
    if let text { #expect(json.issueText == text, "issue text of \(answer.text)", sourceLocation: sourceLocation) }
    if let id { #expect(json["id"]?.stringValue == id, sourceLocation: sourceLocation) }
    let extensionURL = json["extension"]?.arrayValue?.first?["url"]?.stringValue
    if tracing {
        #expect(extensionURL == "https://medplum.com/fhir/StructureDefinition/tracing", sourceLocation: sourceLocation)
        let parts = json["extension"]?.arrayValue?.first?["extension"]?.arrayValue ?? []
        #expect(parts.map { $0["url"]?.stringValue } == ["requestId", "traceId"], sourceLocation: sourceLocation)
        #expect(parts.allSatisfy { $0["valueId"]?.stringValue?.isEmpty == false }, sourceLocation: sourceLocation)
    } else {
        #expect(extensionURL == nil, sourceLocation: sourceLocation)
    }
}

/// Medplum's security headers, which every response carries.
func expectStandardHeaders(_ answer: HTTPAnswer, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(answer.header("Cache-Control") == "no-store, no-cache, must-revalidate", sourceLocation: sourceLocation)
    #expect(answer.header("Pragma") == "no-cache", sourceLocation: sourceLocation)
    #expect(answer.header("Referrer-Policy") == "no-referrer", sourceLocation: sourceLocation)
    #expect(answer.header("X-Content-Type-Options") == "nosniff", sourceLocation: sourceLocation)
    #expect(answer.header("X-Frame-Options") == "DENY", sourceLocation: sourceLocation)
    #expect(answer.header("X-XSS-Protection") == "1; mode=block", sourceLocation: sourceLocation)
    #expect(answer.header("Permissions-Policy")?.hasPrefix("accelerometer=()") == true, sourceLocation: sourceLocation)
    #expect(answer.header("Content-Security-Policy")?.hasPrefix("default-src 'none'") == true, sourceLocation: sourceLocation)
    #expect(answer.header("Strict-Transport-Security") == nil, sourceLocation: sourceLocation)
    #expect(answer.header("X-Powered-By") == nil, sourceLocation: sourceLocation)
}

extension SandboxClient {
    /// Creates a resource as `auth` and returns its JSON (expects 201).
    func create(_ resource: JSON, auth: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSON {
        let type = resource["resourceType"]?.stringValue ?? ""
        let answer = try await send("POST", "fhir/R4/\(type)", json: resource, auth: auth)
        #expect(answer.status == 201, "create \(type): \(answer.text)", sourceLocation: sourceLocation)
        return try answer.json
    }

    /// A ClientApplication made through `/client` (a non-admin member) and a Bearer token for it.
    func nonAdminClient(auth: String, name: String = "worker") async throws -> (id: String, secret: String, bearer: String) {
        let answer = try await send(
            "POST", "admin/projects/\(credentials.projectId)/client", json: ["name": .string(name)], auth: auth,
            contentType: "application/json")
        let client = try answer.json
        let id = try #require(client["id"]?.stringValue)
        let secret = try #require(client["secret"]?.stringValue)
        return (id, secret, try await bearer(clientID: id, secret: secret))
    }
}
