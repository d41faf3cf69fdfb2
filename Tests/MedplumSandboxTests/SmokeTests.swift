import Foundation
@testable import MedplumSandbox
import Testing

@Suite("Smoke", .tags(.medium))
struct SmokeTests {
    @Test func bootsAuthenticatesCreatesAndSearches() async throws {
        try await withSandbox { client, _ in
            let root = try await client.send("GET", "")
            #expect(root.status == 200)
            #expect(root.text == "OK")
            let bearer = try await client.adminBearer()
            let created = try await client.send(
                "POST", "fhir/R4/AccessPolicy", json: ["resourceType": "AccessPolicy", "name": "clinician"], auth: bearer)
            #expect(created.status == 201, "\(created.text)")
            let search = try await client.fetch("fhir/R4/AccessPolicy?name=clin", auth: bearer)
            #expect(search.status == 200, "\(search.text)")
            print(search.text)
            print(search.headers)
        }
    }
}
