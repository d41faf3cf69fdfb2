import Foundation
@testable import MedplumSandbox
import Testing

/// Contract 4.4 and checklist item 11.17.
@Suite("Batch and transaction", .tags(.medium))
struct BatchTests {
    func post(_ client: SandboxClient, _ auth: String, _ type: String, _ entries: [JSON]) async throws -> HTTPAnswer {
        try await client.send(
            "POST", "fhir/R4", json: ["resourceType": "Bundle", "type": .string(type), "entry": .array(entries)], auth: auth)
    }

    @Test func entriesRunByInteractionAndAnswerInBundleOrder() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let old = try await client.create(["resourceType": "AccessPolicy", "name": "ord-old"], auth: admin)
            let answer = try await post(client, admin, "batch", [
                ["request": ["method": "GET", "url": "AccessPolicy?name=ord-"]],
                ["request": ["method": "POST", "url": "AccessPolicy"], "resource": ["resourceType": "AccessPolicy", "name": "ord-new"]],
                ["request": ["method": "DELETE", "url": .string("AccessPolicy/\(old["id"]?.stringValue ?? "")")]],
            ])
            #expect(answer.status == 200)
            #expect(answer.header("Content-Type") == "application/fhir+json; charset=utf-8")
            let bundle = try answer.json
            #expect(bundle["type"] == "batch-response")
            let entries = bundle["entry"]?.arrayValue ?? []
            #expect(entries.map { $0["response"]?["status"]?.stringValue } == ["200", "201", "200"])
            // The search ran last: it sees the creation and not the deleted policy.
            let found = entries[0]["resource"]?["entry"]?.arrayValue?.compactMap { $0["resource"]?["name"]?.stringValue }
            #expect(found == ["ord-new"])
            #expect(entries[0]["response"]?["location"] == nil)
            let created = entries[1]
            #expect(created["response"]?["location"]?.stringValue == "AccessPolicy/\(created["resource"]?["id"]?.stringValue ?? "")")
            #expect(created["response"]?["outcome"]?["id"] == "created")
            #expect(created["response"]?["outcome"]?["issue"]?.arrayValue?.first?["details"]?["text"] == "Created")
            #expect(entries[2]["response"]?["outcome"]?["id"] == "ok")
            #expect(entries[2]["resource"] == nil)
        }
    }

    @Test func urnUUIDReferencesAreRewritten() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let placeholder = "urn:uuid:0c2d5c9e-8a41-4a55-9f0b-3b1a55e8b001"
            let answer = try await post(client, admin, "batch", [
                ["fullUrl": .string(placeholder), "request": ["method": "POST", "url": "RelatedPerson"],
                 "resource": ["resourceType": "RelatedPerson", "patient": ["reference": "urn:uuid:0c2d5c9e-8a41-4a55-9f0b-3b1a55e8b002"]]],
                ["fullUrl": "urn:uuid:0c2d5c9e-8a41-4a55-9f0b-3b1a55e8b002", "request": ["method": "POST", "url": "Patient"],
                 "resource": ["resourceType": "Patient", "link": [["other": ["reference": .string(placeholder)], "type": "seealso"]]]],
            ])
            let entries = try answer.json["entry"]?.arrayValue ?? []
            let relatedID = try #require(entries[0]["resource"]?["id"]?.stringValue)
            let patientID = try #require(entries[1]["resource"]?["id"]?.stringValue)
            #expect(entries[0]["resource"]?["patient"]?["reference"]?.stringValue == "Patient/\(patientID)")
            #expect(entries[1]["resource"]?["link"]?.arrayValue?.first?["other"]?["reference"]?.stringValue == "RelatedPerson/\(relatedID)")
        }
    }

    @Test func entryErrorsStayInTheirEntry() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let unknown = MedplumID.generate()
            let answer = try await post(client, admin, "batch", [
                ["request": ["url": "Patient"], "resource": ["resourceType": "Patient"]],
                ["request": ["method": "PUT", "url": .string("Patient/\(unknown)")], "resource": ["resourceType": "Patient", "id": .string(unknown)]],
                ["request": ["method": "GET", "url": "Patient/a/b/c/d/e"]],
                ["request": ["method": "POST", "url": "Patient"], "resource": ["resourceType": "Patient"]],
            ])
            #expect(answer.status == 200)
            let entries = try answer.json["entry"]?.arrayValue ?? []
            #expect(entries.map { $0["response"]?["status"]?.stringValue } == ["400", "404", "404", "201"])
            #expect(entries[0]["response"]?["outcome"]?.issueText == "Missing Bundle entry request method")
            #expect(entries[0]["response"]?["outcome"]?["issue"]?.arrayValue?.first?["expression"] == ["Bundle.entry[0].request.method"])
            #expect(entries[1]["response"]?["outcome"]?["id"] == "not-found")
        }
    }

    @Test func bundleLevelErrors() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            try expectOutcome(
                try await client.send("POST", "fhir/R4", json: ["resourceType": "Patient"], auth: admin), status: 400,
                code: "invalid", text: "Not a bundle")
            try expectOutcome(try await post(client, admin, "collection", [["request": ["method": "GET", "url": "Patient"]]]),
                              status: 400, code: "invalid", text: "Unrecognized bundle type: collection")
            try expectOutcome(try await post(client, admin, "batch", []), status: 400, code: "invalid", text: "Missing bundle entries")
        }
    }

    @Test func transactionWithoutTheFeatureIsABatch() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let answer = try await post(client, admin, "transaction", [
                ["request": ["method": "POST", "url": "Patient"], "resource": ["resourceType": "Patient"]],
                ["request": ["method": "PUT", "url": "Patient/missing"], "resource": ["resourceType": "Patient", "id": "missing"]],
            ])
            #expect(answer.status == 200)
            let bundle = try answer.json
            #expect(bundle["type"] == "transaction-response")
            #expect(bundle["entry"]?.arrayValue?.map { $0["response"]?["status"]?.stringValue } == ["201", "404"])
        }
    }

    @Test func transactionWithTheFeatureIsAtomic() async throws {
        try await withSandbox { client, _ in
            let superAdmin = try await client.superAdminBearer()
            let projectID = client.credentials.projectId
            var project = try await client.fetch("fhir/R4/Project/\(projectID)", auth: superAdmin).json
            project["features"] = ["transaction-bundles"]
            #expect(try await client.send("PUT", "fhir/R4/Project/\(projectID)", json: project, auth: superAdmin).status == 200)
            let admin = try await client.adminBearer()
            let failing = try await post(client, admin, "transaction", [
                ["request": ["method": "POST", "url": "Patient"], "resource": ["resourceType": "Patient", "gender": "unknown"]],
                ["request": ["method": "PUT", "url": "Patient/missing"], "resource": ["resourceType": "Patient", "id": "missing"]],
            ])
            try expectOutcome(failing, status: 404, code: "not-found")
            let search = try await client.fetch("fhir/R4/Patient?gender=unknown", auth: admin).json
            #expect(search["entry"]?.arrayValue?.count == 0)
            let passing = try await post(client, admin, "transaction", [
                ["request": ["method": "POST", "url": "Patient"], "resource": ["resourceType": "Patient", "gender": "unknown"]]
            ])
            #expect(passing.status == 200)
            #expect(try passing.json["type"] == "transaction-response")
            #expect(try await client.fetch("fhir/R4/Patient?gender=unknown", auth: admin).json["entry"]?.arrayValue?.count == 1)
        }
    }

    @Test func rateLimitedEntryStopsTheBatch() async throws {
        let limits = MedplumSandboxLimits(fhirQuotaPerMinute: 250)
        try await withSandbox(MedplumSandboxConfiguration(limits: limits)) { client, _ in
            let admin = try await client.adminBearer()
            let entries: [JSON] = (0..<5).map { _ in
                ["request": ["method": "POST", "url": "Patient"], "resource": ["resourceType": "Patient"]]
            }
            let answer = try await post(client, admin, "batch", entries)
            #expect(answer.status == 200)
            let statuses = try answer.json["entry"]?.arrayValue?.map { $0["response"]?["status"]?.stringValue }
            #expect(statuses == ["201", "201", "429", "429", "429"])
            let outcome = try answer.json["entry"]?.arrayValue?.last?["response"]?["outcome"]
            #expect(outcome?["id"] == "too-many-requests")
            #expect(outcome?.issueCode == "throttled")
        }
    }

    @Test func batchPatchTakesBinaryOrParameters() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let policy = try await client.create(["resourceType": "AccessPolicy", "name": "before"], auth: admin)
            let id = try #require(policy["id"]?.stringValue)
            let patch = Data(#"[{"op":"replace","path":"/name","value":"after"}]"#.utf8).base64EncodedString()
            let answer = try await post(client, admin, "batch", [
                ["request": ["method": "PATCH", "url": .string("AccessPolicy/\(id)")],
                 "resource": ["resourceType": "Binary", "contentType": "application/json-patch+json", "data": .string(patch)]],
                ["request": ["method": "PATCH", "url": .string("AccessPolicy/\(id)")], "resource": ["resourceType": "Patient"]],
            ])
            let entries = try answer.json["entry"]?.arrayValue ?? []
            #expect(entries.map { $0["response"]?["status"]?.stringValue } == ["200", "400"])
            #expect(entries[0]["resource"]?["name"] == "after")
            #expect(entries[1]["response"]?["outcome"]?.issueText == "Patch entry must include a Binary or Parameters resource")
        }
    }
}
