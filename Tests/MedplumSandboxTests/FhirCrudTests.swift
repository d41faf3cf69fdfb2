import Foundation
@testable import MedplumSandbox
import Testing

/// Contract 4.1, 4.2, 4.5, 4.6 and checklist items 11.9–11.14, 11.18, 11.19.
@Suite("FHIR CRUD", .tags(.medium))
struct FhirCrudTests {
    @Test func createAssignsIdAndAnswersWithLocationETagLastModified() async throws {
        try await withSandbox { client, sandbox in
            let admin = try await client.adminBearer()
            let answer = try await client.send(
                "POST", "fhir/R4/AccessPolicy", json: ["resourceType": "AccessPolicy", "id": "mine", "name": "x"], auth: admin)
            #expect(answer.status == 201)
            #expect(answer.header("Content-Type") == "application/fhir+json; charset=utf-8")
            let json = try answer.json
            let id = try #require(json["id"]?.stringValue)
            #expect(id != "mine" && MedplumID.isUUID(id))
            let version = try #require(json["meta"]?["versionId"]?.stringValue)
            #expect(MedplumID.isUUID(version))
            #expect(answer.header("Location") == "\(sandbox.baseURL)fhir/R4/AccessPolicy/\(id)")
            #expect(answer.header("ETag") == "W/\"\(version)\"")
            let lastUpdated = try #require(json["meta"]?["lastUpdated"]?.stringValue)
            let millis = try #require(Instant.range(lastUpdated)?.lowerBound)
            #expect(answer.header("Last-Modified") == Instant.httpDate(millis))
            #expect(json["meta"]?["author"] == nil)
            #expect(json["meta"]?["project"] == nil)
            expectStandardHeaders(answer)
            let read = try await client.fetch("fhir/R4/AccessPolicy/\(id)", auth: admin)
            #expect(read.status == 200)
            #expect(read.header("ETag") == "W/\"\(version)\"")
            #expect(read.header("Location") == nil)
            #expect(try read.json == json)
        }
    }

    @Test func readUnknownNonUUIDAndDeleted() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            try expectOutcome(try await client.fetch("fhir/R4/Patient/\(MedplumID.generate())", auth: admin), status: 404, code: "not-found", text: "Not found")
            try expectOutcome(try await client.fetch("fhir/R4/Patient/not-a-uuid", auth: admin), status: 404, code: "not-found")
            let patient = try await client.create(["resourceType": "Patient"], auth: admin)
            let id = try #require(patient["id"]?.stringValue)
            let deleted = try await client.send("DELETE", "fhir/R4/Patient/\(id)", headers: ["Authorization": admin])
            try expectOutcome(deleted, status: 200, code: "informational", text: "All OK", id: "ok")
            try expectOutcome(try await client.fetch("fhir/R4/Patient/\(id)", auth: admin), status: 410, code: "deleted", text: "Gone", id: "gone")
            let again = try await client.send("DELETE", "fhir/R4/Patient/\(id)", headers: ["Authorization": admin])
            #expect(again.status == 200)
            try expectOutcome(
                try await client.send("DELETE", "fhir/R4/Patient/\(MedplumID.generate())", headers: ["Authorization": admin]),
                status: 404, code: "not-found")
            // PUT to a deleted id brings it back as a new version.
            let revived = try await client.send("PUT", "fhir/R4/Patient/\(id)", json: ["resourceType": "Patient", "id": .string(id), "gender": "male"], auth: admin)
            #expect(revived.status == 200)
            #expect(try await client.fetch("fhir/R4/Patient/\(id)", auth: admin).status == 200)
            let history = try await client.fetch("fhir/R4/Patient/\(id)/_history", auth: admin).json
            #expect(history["type"] == "history")
            #expect(history["entry"]?.arrayValue?.count == 3)
        }
    }

    @Test func updateRules() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            try expectOutcome(
                try await client.send("PUT", "fhir/R4/Patient/\(MedplumID.generate())", json: ["resourceType": "Patient"], auth: admin),
                status: 400, code: "invalid", text: "Incorrect resource ID")
            let unknown = MedplumID.generate()
            try expectOutcome(
                try await client.send("PUT", "fhir/R4/Patient/\(unknown)", json: ["resourceType": "Patient", "id": .string(unknown)], auth: admin),
                status: 404, code: "not-found")
            let patient = try await client.create(["resourceType": "Patient", "gender": "female"], auth: admin)
            let id = try #require(patient["id"]?.stringValue)
            try expectOutcome(
                try await client.send("PUT", "fhir/R4/Patient/\(id)", json: ["resourceType": "Practitioner", "id": .string(id)], auth: admin),
                status: 400, code: "invalid", text: "Incorrect resource type")
            let version = try #require(patient["meta"]?["versionId"]?.stringValue)
            // Identical content keeps the version.
            let same = try await client.send("PUT", "fhir/R4/Patient/\(id)", json: patient, auth: admin)
            #expect(same.status == 200)
            #expect(try same.json["meta"]?["versionId"]?.stringValue == version)
            // Empty values count as absent.
            var withEmpties = patient
            withEmpties["name"] = []
            withEmpties["text"] = [:]
            withEmpties["language"] = ""
            #expect(try await client.send("PUT", "fhir/R4/Patient/\(id)", json: withEmpties, auth: admin).json["meta"]?["versionId"]?.stringValue == version)
            var changed = patient
            changed["gender"] = "other"
            let updated = try await client.send("PUT", "fhir/R4/Patient/\(id)", json: changed, auth: admin)
            #expect(updated.status == 200)
            let newVersion = try #require(try updated.json["meta"]?["versionId"]?.stringValue)
            #expect(newVersion != version)
            #expect(updated.header("ETag") == "W/\"\(newVersion)\"")
            // vread of both versions.
            #expect(try await client.fetch("fhir/R4/Patient/\(id)/_history/\(version)", auth: admin).json["gender"] == "female")
            #expect(try await client.fetch("fhir/R4/Patient/\(id)/_history/\(newVersion)", auth: admin).json["gender"] == "other")
        }
    }

    @Test func ifMatchNeedsQuotes() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let patient = try await client.create(["resourceType": "Patient"], auth: admin)
            let id = try #require(patient["id"]?.stringValue)
            let version = try #require(patient["meta"]?["versionId"]?.stringValue)
            var body = patient
            body["gender"] = "male"
            for stale in ["W/\"\(MedplumID.generate())\"", "\"\(MedplumID.generate())\""] {
                let answer = try await client.send("PUT", "fhir/R4/Patient/\(id)", json: body, auth: admin, headers: ["If-Match": stale])
                try expectOutcome(answer, status: 412, code: "processing", text: "Precondition Failed", id: "precondition-failed")
            }
            let unquoted = try await client.send("PUT", "fhir/R4/Patient/\(id)", json: body, auth: admin, headers: ["If-Match": "nonsense"])
            #expect(unquoted.status == 200)
            body["gender"] = "female"
            let stale = try await client.send("PUT", "fhir/R4/Patient/\(id)", json: body, auth: admin, headers: ["If-Match": "W/\"\(version)\""])
            #expect(stale.status == 412)
            let current = try unquoted.json["meta"]?["versionId"]?.stringValue ?? ""
            let fresh = try await client.send("PUT", "fhir/R4/Patient/\(id)", json: body, auth: admin, headers: ["If-Match": "W/\"\(current)\""])
            #expect(fresh.status == 200)
        }
    }

    @Test func patchAppliesJSONPatch() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let policy = try await client.create(["resourceType": "AccessPolicy", "name": "a"], auth: admin)
            let id = try #require(policy["id"]?.stringValue)
            let answer = try await client.send(
                "PATCH", "fhir/R4/AccessPolicy/\(id)",
                json: [["op": "replace", "path": "/name", "value": "b"], ["op": "add", "path": "/resource", "value": [["resourceType": "Patient"]]]],
                auth: admin, contentType: "application/json-patch+json")
            #expect(answer.status == 200)
            #expect(try answer.json["name"] == "b")
            #expect(try answer.json["resource"] == [["resourceType": "Patient"]])
            try expectOutcome(
                try await client.send("PATCH", "fhir/R4/AccessPolicy/\(id)", json: ["op": "add"], auth: admin, contentType: "application/json-patch+json"),
                status: 400, code: "invalid", text: "Patch body must be an array")
            let failedTest = try await client.send(
                "PATCH", "fhir/R4/AccessPolicy/\(id)", json: [["op": "test", "path": "/name", "value": "zzz"]], auth: admin,
                contentType: "application/json-patch+json")
            #expect(failedTest.status == 400)
        }
    }

    @Test func conditionalCreate() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let body: JSON = ["resourceType": "Practitioner", "identifier": [["system": "urn:x", "value": "1"]]]
            let headers = ["If-None-Exist": "identifier=urn:x|1"]
            let first = try await client.send("POST", "fhir/R4/Practitioner", json: body, auth: admin, headers: headers)
            #expect(first.status == 201)
            let second = try await client.send("POST", "fhir/R4/Practitioner", json: body, auth: admin, headers: headers)
            #expect(second.status == 200)
            #expect(try second.json["id"] == first.json["id"])
            #expect(second.header("Location") == nil)
            _ = try await client.create(body, auth: admin)
            let ambiguous = try await client.send("POST", "fhir/R4/Practitioner", json: body, auth: admin, headers: headers)
            try expectOutcome(
                ambiguous, status: 412, code: "multiple-matches", text: "Multiple resources found matching condition", id: "multiple-matches")
        }
    }

    @Test func conditionalUpdateAndDelete() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let body: JSON = ["resourceType": "AccessPolicy", "name": "cond"]
            let created = try await client.send("PUT", "fhir/R4/AccessPolicy?name:exact=cond", json: body, auth: admin)
            #expect(created.status == 201)
            var update = body
            update["resource"] = [["resourceType": "Patient"]]
            let updated = try await client.send("PUT", "fhir/R4/AccessPolicy?name:exact=cond", json: update, auth: admin)
            #expect(updated.status == 200)
            #expect(try updated.json["id"] == created.json["id"])
            let withID = try await client.send(
                "PUT", "fhir/R4/AccessPolicy?name:exact=nothing", json: ["resourceType": "AccessPolicy", "id": "x"], auth: admin)
            #expect(withID.status == 400)
            _ = try await client.create(body, auth: admin)
            #expect(try await client.send("PUT", "fhir/R4/AccessPolicy?name:exact=cond", json: body, auth: admin).status == 412)
            #expect(try await client.send("DELETE", "fhir/R4/AccessPolicy?name:exact=none", headers: ["Authorization": admin]).status == 200)
            #expect(try await client.send("DELETE", "fhir/R4/AccessPolicy?name:exact=cond", headers: ["Authorization": admin]).status == 412)
        }
    }

    @Test func projectAdminReadOnlyAndHiddenFields() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let projectID = client.credentials.projectId
            var project = try await client.fetch("fhir/R4/Project/\(projectID)", auth: admin).json
            #expect(project["strictMode"] == nil)
            #expect(project["superAdmin"] == nil)
            let version = project["meta"]?["versionId"]
            project["features"] = ["transaction-bundles"]
            project["superAdmin"] = true
            let noop = try await client.send("PUT", "fhir/R4/Project/\(projectID)", json: project, auth: admin)
            #expect(noop.status == 200)
            #expect(try noop.json["meta"]?["versionId"] == version)
            #expect(try noop.json["features"] == nil)
            project["description"] = "changed"
            let changed = try await client.send("PUT", "fhir/R4/Project/\(projectID)", json: project, auth: admin)
            #expect(try changed.json["description"] == "changed")
            #expect(try changed.json["features"] == nil)
            // The super admin sees the hidden fields, which the admin's write left intact.
            let superAdmin = try await client.superAdminBearer()
            let full = try await client.fetch("fhir/R4/Project/\(projectID)", auth: superAdmin).json
            #expect(full["strictMode"] == true)
            #expect(full["superAdmin"] == nil)
            // Creating a Project is refused to project admins.
            try expectOutcome(
                try await client.send("POST", "fhir/R4/Project", json: ["resourceType": "Project", "name": "x"], auth: admin),
                status: 403, code: "forbidden")
            // Login is super-admin only.
            try expectOutcome(try await client.fetch("fhir/R4/Login", auth: admin), status: 403, code: "forbidden")
        }
    }

    @Test func membershipAndUserProtectedFields() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let invite = try await client.send(
                "POST", "admin/projects/\(client.credentials.projectId)/invite",
                json: ["resourceType": "Patient", "firstName": "U", "lastName": "V", "email": "uv@example.org", "sendEmail": false],
                auth: admin, contentType: "application/json")
            var membership = try invite.json
            let membershipID = try #require(membership["id"]?.stringValue)
            membership["meta"] = nil
            membership["user"] = .reference("User/\(MedplumID.generate())")
            membership["userName"] = "uv"
            let saved = try await client.send("PUT", "fhir/R4/ProjectMembership/\(membershipID)", json: membership, auth: admin).json
            #expect(try saved["user"] == invite.json["user"])
            #expect(saved["userName"] == "uv")
            let userID = try #require(StoreState.split(saved["user"]?.referenceString)?.1)
            var user = try await client.fetch("fhir/R4/User/\(userID)", auth: admin).json
            #expect(user["passwordHash"] == nil)
            user["email"] = "other@example.org"
            user["firstName"] = "Changed"
            let savedUser = try await client.send("PUT", "fhir/R4/User/\(userID)", json: user, auth: admin).json
            #expect(savedUser["email"] == "uv@example.org")
            #expect(savedUser["firstName"] == "Changed")
            // POSTing a membership blanks its read-only project and user, so validation fails.
            let post = try await client.send(
                "POST", "fhir/R4/ProjectMembership",
                json: ["resourceType": "ProjectMembership", "project": .reference("Project/\(client.credentials.projectId)"),
                       "user": .reference("User/\(userID)"), "profile": .reference("Patient/\(MedplumID.generate())")],
                auth: admin)
            #expect(post.status == 400)
            let expressions = try post.json["issue"]?.arrayValue?.compactMap { $0["expression"]?.arrayValue?.first?.stringValue }
            #expect(expressions == ["ProjectMembership.project", "ProjectMembership.user"])
            #expect(try post.json.issueCode == "structure")
            #expect(try post.json.issueText == "Missing required property")
        }
    }

    @Test func uniqueExternalIdAndUserNameAndStructure() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let membershipSearch = try await client.fetch("fhir/R4/ProjectMembership?profile-type=Practitioner", auth: admin).json
            var owner = try #require(membershipSearch["entry"]?.arrayValue?.first?["resource"])
            let ownerID = try #require(owner["id"]?.stringValue)
            owner["externalId"] = "dup"
            #expect(try await client.send("PUT", "fhir/R4/ProjectMembership/\(ownerID)", json: owner, auth: admin).status == 200)
            let invite = try await client.send(
                "POST", "admin/projects/\(client.credentials.projectId)/invite",
                json: ["resourceType": "Practitioner", "firstName": "Z", "lastName": "Z", "email": "z@example.org", "sendEmail": false],
                auth: admin, contentType: "application/json")
            var other = try invite.json
            other["externalId"] = "dup"
            let clash = try await client.send("PUT", "fhir/R4/ProjectMembership/\(other["id"]?.stringValue ?? "")", json: other, auth: admin)
            try expectOutcome(clash, status: 409, code: "conflict", id: "conflict")
            #expect(try clash.json.issueText?.hasSuffix("already exists.") == true)
            owner["userName"] = "same-name"
            #expect(try await client.send("PUT", "fhir/R4/ProjectMembership/\(ownerID)", json: owner, auth: admin).status == 200)
            other["externalId"] = nil
            other["userName"] = "same-name"
            let nameClash = try await client.send("PUT", "fhir/R4/ProjectMembership/\(other["id"]?.stringValue ?? "")", json: other, auth: admin)
            try expectOutcome(nameClash, status: 409, code: "conflict")
            #expect(try nameClash.json.issueText?.contains("\"userName\"") == true)
            let invalid = try await client.send(
                "POST", "fhir/R4/AccessPolicy", json: ["resourceType": "AccessPolicy", "nmae": "typo"], auth: admin)
            try expectOutcome(invalid, status: 400, code: "structure", text: "Invalid additional property \"nmae\"")
            #expect(try invalid.json["issue"]?.arrayValue?.first?["expression"] == ["AccessPolicy.nmae"])
            let identified = try await client.send(
                "POST", "fhir/R4/ClientApplication",
                json: ["resourceType": "ClientApplication", "identifier": [["value": "x"]]], auth: admin)
            try expectOutcome(identified, status: 400, code: "structure", text: "Invalid additional property \"identifier\"")
        }
    }

    @Test func extendedModeShowsServerMeta() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let answer = try await client.send(
                "POST", "fhir/R4/Patient", json: ["resourceType": "Patient", "meta": ["tag": [["code": "t"]]]], auth: admin,
                headers: ["X-Medplum": "extended"])
            let meta = try #require(try answer.json["meta"])
            #expect(meta["project"]?.stringValue == client.credentials.projectId)
            #expect(meta["author"]?["reference"]?.stringValue == "ClientApplication/\(client.credentials.clientId)")
            #expect(meta["compartment"]?.arrayValue?.first?["reference"]?.stringValue == "Project/\(client.credentials.projectId)")
            #expect(meta["tag"] == [["code": "t"]])
            let plain = try await client.fetch("fhir/R4/Patient/\(try answer.json["id"]?.stringValue ?? "")", auth: admin).json
            #expect(plain["meta"]?["project"] == nil)
            #expect(plain["meta"]?["tag"] == [["code": "t"]])
        }
    }

    @Test func superAdminReadsLoginsAndAuditEventsWork() async throws {
        let seed: JSON = [
            "resources": [
                ["resourceType": "Login", "id": "1b5b0a44-3c0e-4e6f-9a67-2d7c1d9f0a01", "authMethod": "password",
                 "authTime": "2025-01-01T00:00:00.000Z", "user": ["reference": "User/abc"]]
            ]
        ]
        let configuration = MedplumSandboxConfiguration(seed: Data(JSONWriter.serialize(seed)))
        try await withSandbox(configuration) { client, _ in
            let superAdmin = try await client.superAdminBearer()
            let logins = try await client.fetch("fhir/R4/Login?user=User/abc", auth: superAdmin).json
            #expect(logins["entry"]?.arrayValue?.count == 1)
            let claims = try AuthTests.verify(String(superAdmin.dropFirst(7)), jwks: try await client.send("GET", ".well-known/jwks.json").json).1
            let loginID = try #require(claims["login_id"]?.stringValue)
            let clientLogin = try await client.fetch("fhir/R4/Login/\(loginID)", auth: superAdmin).json
            #expect(clientLogin["authMethod"] == "client")
            let admin = try await client.adminBearer()
            let event = try await client.create(
                ["resourceType": "AuditEvent", "type": ["code": "rest"], "recorded": "2025-02-01T00:00:00Z",
                 "agent": [["who": ["reference": "ClientApplication/x"], "requestor": true]], "source": ["observer": ["display": "plumbline"]]],
                auth: admin)
            let found = try await client.fetch("fhir/R4/AuditEvent?type=rest&date=gt2025-01-01", auth: admin).json
            #expect(found["entry"]?.arrayValue?.first?["resource"]?["id"] == event["id"])
            try expectOutcome(try await client.fetch("fhir/R4/NotAType", auth: admin), status: 400, code: "structure", text: "Unknown resource type")
        }
    }

    @Test func nonAdminMembersFollowTheirPolicy() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let worker = try await client.nonAdminClient(auth: admin)
            // No policy: everything but the project-admin types.
            #expect(try await client.fetch("fhir/R4/Patient", auth: worker.bearer).status == 200)
            try expectOutcome(try await client.fetch("fhir/R4/ProjectMembership", auth: worker.bearer), status: 403, code: "forbidden")
            try expectOutcome(try await client.fetch("fhir/R4/User", auth: worker.bearer), status: 403, code: "forbidden")
            // A read-only Patient policy.
            let policy = try await client.create(
                ["resourceType": "AccessPolicy", "resource": [["resourceType": "Patient", "readonly": true, "hiddenFields": ["birthDate"]]]],
                auth: admin)
            let memberships = try await client.fetch("fhir/R4/ProjectMembership?user=ClientApplication/\(worker.id)", auth: admin).json
            var membership = try #require(memberships["entry"]?.arrayValue?.first?["resource"])
            membership["accessPolicy"] = .reference("AccessPolicy/\(policy["id"]?.stringValue ?? "")")
            _ = try await client.send("PUT", "fhir/R4/ProjectMembership/\(membership["id"]?.stringValue ?? "")", json: membership, auth: admin)
            let patient = try await client.create(["resourceType": "Patient", "birthDate": "1990-01-01"], auth: admin)
            let read = try await client.fetch("fhir/R4/Patient/\(patient["id"]?.stringValue ?? "")", auth: worker.bearer)
            #expect(read.status == 200)
            #expect(try read.json["birthDate"] == nil)
            try expectOutcome(
                try await client.send("POST", "fhir/R4/Patient", json: ["resourceType": "Patient"], auth: worker.bearer),
                status: 403, code: "forbidden")
            try expectOutcome(try await client.fetch("fhir/R4/Practitioner", auth: worker.bearer), status: 403, code: "forbidden")
        }
    }
}
