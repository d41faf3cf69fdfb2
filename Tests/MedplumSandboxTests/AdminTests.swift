import Foundation
@testable import MedplumSandbox
import Testing

/// Contract section 3 and checklist items 11.4–11.8.
@Suite("Admin endpoints", .tags(.medium))
struct AdminTests {
    @Test func onlyAdminsReachTheAdminRouters() async throws {
        try await withSandbox { client, _ in
            let project = client.credentials.projectId
            try expectOutcome(
                try await client.send("GET", "admin/projects/\(project)"), status: 401, code: "login", text: "Unauthorized")
            let worker = try await client.nonAdminClient(auth: try await client.adminBearer())
            for path in ["admin/projects/\(project)", "admin/projects/\(project)/members/x", "admin/projects/x/nowhere", "scim/v2/Users"] {
                try expectOutcome(
                    try await client.fetch(path, auth: worker.bearer), status: 403, code: "forbidden", text: "Forbidden",
                    id: "forbidden")
            }
            let invite = try await client.send(
                "POST", "admin/projects/\(project)/invite",
                json: ["resourceType": "Practitioner", "firstName": "A", "lastName": "B", "email": "a@b.org"],
                auth: worker.bearer, contentType: "application/json")
            try expectOutcome(invite, status: 403, code: "forbidden")
            // After the guard, unknown admin paths fall through to Express's 404.
            let unknown = try await client.fetch("admin/projects/x/nowhere", auth: try await client.adminBearer())
            #expect(unknown.status == 404)
            #expect(unknown.text.contains("Cannot GET /admin/projects/x/nowhere"))
        }
    }

    @Test func projectSummaryIgnoresThePathIdForProjectAdmins() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let answer = try await client.fetch("admin/projects/\(MedplumID.generate())", auth: admin)
            #expect(answer.status == 200)
            #expect(answer.header("Content-Type") == "application/json; charset=utf-8")
            #expect(try answer.json == ["project": ["id": .string(client.credentials.projectId), "name": .string(client.credentials.projectName)]])
            let secrets = try await client.send(
                "POST", "admin/projects/\(client.credentials.projectId)/secrets",
                json: [["name": "api-key", "valueString": "abc"]], auth: admin, contentType: "application/json")
            #expect(secrets.status == 200)
            #expect(try secrets.json["secret"] == [["name": "api-key", "valueString": "abc"]])
            #expect(try secrets.json["superAdmin"] == nil)
            let summary = try await client.fetch("admin/projects/\(client.credentials.projectId)", auth: admin).json
            #expect(summary["project"]?["secret"] == [["name": "api-key", "valueString": "abc"]])
        }
    }

    @Test func inviteValidationMessages() async throws {
        try await withSandbox { client, _ in
            let answer = try await client.send(
                "POST", "admin/projects/\(client.credentials.projectId)/invite", json: ["email": "not-an-email"],
                auth: try await client.adminBearer(), contentType: "application/json")
            #expect(answer.status == 400)
            let json = try answer.json
            #expect(MedplumID.isUUID(json["id"]?.stringValue ?? ""))
            let issues = json["issue"]?.arrayValue ?? []
            #expect(issues.map { $0["details"]?["text"]?.stringValue } == [
                "Resource type is required", "First name is required", "Last name is required",
                "Valid email address is required", "External ID cannot be empty",
            ])
            #expect(issues.map { $0["expression"]?.arrayValue?.first?.stringValue } == [
                "resourceType", "firstName", "lastName", "email", "externalId",
            ])
            #expect(issues.allSatisfy { $0["code"] == "invalid" && $0["severity"] == "error" })
        }
    }

    @Test func inviteCreatesUserProfileAndMembership() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let answer = try await invite(client, admin, ["resourceType": "Practitioner", "firstName": "Alice", "lastName": "Doe", "email": "Alice@Example.org"])
            #expect(answer.status == 200)
            #expect(answer.header("Content-Type") == "application/fhir+json; charset=utf-8")
            let membership = try answer.json
            let version = try #require(membership["meta"]?["versionId"]?.stringValue)
            #expect(answer.header("ETag") == "W/\"\(version)\"")
            #expect(answer.header("Last-Modified")?.hasSuffix(" GMT") == true)
            #expect(membership["meta"]?["project"]?.stringValue == client.credentials.projectId)
            #expect(membership["meta"]?["author"] == ["reference": "system"])
            #expect(membership["meta"]?["compartment"] != nil)
            #expect(membership["user"]?["display"] == "alice@example.org")
            #expect(membership["profile"]?["display"] == "Alice Doe")
            #expect(membership["admin"] == nil)
            // A Practitioner invited without scope gets a server-scoped User: invisible to the admin.
            let userID = try #require(StoreState.split(membership["user"]?.referenceString)?.1)
            try expectOutcome(try await client.fetch("fhir/R4/User/\(userID)", auth: admin), status: 404, code: "not-found")
            let profileID = try #require(StoreState.split(membership["profile"]?.referenceString)?.1)
            let profile = try await client.fetch("fhir/R4/Practitioner/\(profileID)", auth: admin).json
            #expect(profile["telecom"] == [["system": "email", "use": "work", "value": "alice@example.org"]])
            // The default sendEmail=true put a set-password email in the outbox.
            let outbox = try await client.send("GET", "_sandbox/emails").json
            #expect(outbox["emails"]?.arrayValue?.first?["to"] == "alice@example.org")
            #expect(outbox["emails"]?.arrayValue?.first?["subject"] == "Welcome to Medplum")
        }
    }

    @Test func projectScopedUsersForPatientsExternalIdsAndScopeProject() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            for body: JSON in [
                ["resourceType": "Patient", "firstName": "P", "lastName": "One", "email": "p1@example.org", "sendEmail": false],
                ["resourceType": "Practitioner", "firstName": "E", "lastName": "Two", "externalId": "ext-2"],
                ["resourceType": "RelatedPerson", "firstName": "S", "lastName": "Three", "email": "s3@example.org", "scope": "project", "sendEmail": false],
            ] {
                let membership = try await invite(client, admin, body).json
                let userID = try #require(StoreState.split(membership["user"]?.referenceString)?.1)
                let user = try await client.fetch("fhir/R4/User/\(userID)", auth: admin)
                #expect(user.status == 200, "\(body)")
                #expect(try user.json["project"]?["reference"]?.stringValue == "Project/\(client.credentials.projectId)")
                #expect(try user.json["passwordHash"] == nil)
            }
            let external = try await client.fetch("fhir/R4/ProjectMembership?external-id=ext-2", auth: admin).json
            #expect(external["entry"]?.arrayValue?.count == 1)
        }
    }

    @Test func existingUserAndProfileAreReusedAndDuplicatesConflict() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let body: JSON = ["resourceType": "Practitioner", "firstName": "Bob", "lastName": "Lee", "email": "bob@example.org", "sendEmail": false]
            let first = try await invite(client, admin, body).json
            let again = try await invite(client, admin, body)
            try expectOutcome(again, status: 409, code: "conflict", text: "User is already a member of this project", id: "conflict")
            // Upsert replaces externalId/accessPolicy/access/admin wholesale from the request.
            let policy = try await client.create(["resourceType": "AccessPolicy", "name": "p"], auth: admin)
            var upsert = body
            upsert["upsert"] = true
            upsert["membership"] = ["admin": true, "accessPolicy": .reference("AccessPolicy/\(policy["id"]?.stringValue ?? "")")]
            let updated = try await invite(client, admin, upsert)
            #expect(updated.status == 200)
            #expect(try updated.json["id"] == first["id"])
            #expect(try updated.json["admin"] == true)
            var second = upsert
            second["membership"] = ["admin": false]
            let replaced = try await invite(client, admin, second).json
            #expect(replaced["accessPolicy"] == nil)
            #expect(replaced["admin"] == false)
            #expect(replaced["user"] == first["user"])
            // A different profile for the same user is refused even with upsert.
            let other = try await client.create(["resourceType": "Practitioner", "name": [["family": "Other"]]], auth: admin)
            var mismatch = upsert
            mismatch["membership"] = ["profile": .reference("Practitioner/\(other["id"]?.stringValue ?? "")")]
            try expectOutcome(
                try await invite(client, admin, mismatch), status: 409, code: "conflict",
                text: "User is already a member of this project with a different profile")
            // A second invitation of another person reuses the existing profile with that email.
            let profileID = StoreState.split(first["profile"]?.referenceString)?.1
            let rename: JSON = ["resourceType": "Practitioner", "firstName": "Robert", "lastName": "Lee", "email": "bob@example.org", "upsert": true, "sendEmail": false]
            let reused = try await invite(client, admin, rename).json
            #expect(StoreState.split(reused["profile"]?.referenceString)?.1 == profileID)
        }
    }

    @Test func duplicateExternalIdAndUnknownPolicies() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            _ = try await invite(client, admin, ["resourceType": "Patient", "firstName": "A", "lastName": "A", "externalId": "same"])
            let duplicate = try await invite(client, admin, ["resourceType": "Patient", "firstName": "B", "lastName": "B", "externalId": "same"])
            #expect(duplicate.status == 409)
            #expect(try duplicate.json.issueText?.contains("already exists") == true)
            let missing = "AccessPolicy/\(MedplumID.generate())"
            let answer = try await invite(client, admin, [
                "resourceType": "Practitioner", "firstName": "C", "lastName": "C", "email": "c@example.org",
                "accessPolicy": .reference(missing),
            ])
            try expectOutcome(answer, status: 400, code: "invalid", text: "Access policy \(missing) does not exist")
        }
    }

    @Test func failedEmailDeliveryAnswersOkOutcomeButKeepsTheMembership() async throws {
        try await withSandbox(MedplumSandboxConfiguration(emailDeliveryFails: true)) { client, _ in
            let admin = try await client.adminBearer()
            let answer = try await invite(client, admin, ["resourceType": "Practitioner", "firstName": "M", "lastName": "X", "email": "mail@example.org"])
            #expect(answer.status == 200)
            let json = try answer.json
            #expect(json["resourceType"] == "OperationOutcome")
            #expect(json["id"] == "ok")
            #expect(json["issue"]?.arrayValue?.first?["severity"] == "error")
            #expect(json["issue"]?.arrayValue?.first?["code"] == "exception")
            #expect(json.issueText == "Could not send email. Make sure you have AWS SES set up.")
            let members = try await client.fetch("fhir/R4/Practitioner?email=mail@example.org", auth: admin).json
            #expect(members["entry"]?.arrayValue?.count == 1)
            let noEmail = try await invite(client, admin, ["resourceType": "Practitioner", "firstName": "N", "lastName": "X", "email": "quiet@example.org", "sendEmail": false])
            #expect(try noEmail.json["resourceType"] == "ProjectMembership")
        }
    }

    @Test func clientCreation() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let project = client.credentials.projectId
            let missing = try await client.send(
                "POST", "admin/projects/\(project)/client", json: ["description": "x"], auth: admin, contentType: "application/json")
            try expectOutcome(missing, status: 400, code: "invalid", text: "Client name is required")
            let answer = try await client.send(
                "POST", "admin/projects/\(project)/client",
                json: ["name": "svc", "secret": "mine", "status": "off", "pkceOptional": true], auth: admin,
                contentType: "application/json")
            #expect(answer.status == 201)
            #expect(answer.header("Content-Type") == "application/json; charset=utf-8")
            let created = try answer.json
            let secret = try #require(created["secret"]?.stringValue)
            #expect(secret.count == 64 && secret.allSatisfy { $0.isHexDigit && !$0.isUppercase })
            #expect(created["status"] == nil)
            #expect(created["pkceOptional"] == nil)
            #expect(created["meta"]?["project"]?.stringValue == project)
            #expect(created["meta"]?["author"]?["reference"]?.stringValue == "ClientApplication/\(client.credentials.clientId)")
            let id = try #require(created["id"]?.stringValue)
            let membership = try #require(
                try await client.fetch("fhir/R4/ProjectMembership?user=ClientApplication/\(id)", auth: admin)
                    .json["entry"]?.arrayValue?.first?["resource"])
            #expect(membership["profile"]?["reference"]?.stringValue == "ClientApplication/\(id)")
            #expect(membership["admin"] == nil)
        }
    }

    @Test func memberReadUpdateAndDelete() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let project = client.credentials.projectId
            let membership = try await invite(client, admin, ["resourceType": "Practitioner", "firstName": "D", "lastName": "E", "email": "de@example.org", "sendEmail": false]).json
            let id = try #require(membership["id"]?.stringValue)
            let read = try await client.fetch("admin/projects/\(project)/members/\(id)", auth: admin)
            #expect(read.status == 200)
            #expect(read.header("Content-Type") == "application/json; charset=utf-8")
            #expect(try read.json["meta"]?["project"] == nil)
            try expectOutcome(
                try await client.fetch("admin/projects/\(project)/members/\(MedplumID.generate())", auth: admin),
                status: 404, code: "not-found")
            // The body must be the same membership, else 403.
            var body = try read.json
            body["id"] = .string(MedplumID.generate())
            try expectOutcome(
                try await client.send("POST", "admin/projects/\(project)/members/\(id)", json: body, auth: admin, contentType: "application/json"),
                status: 403, code: "forbidden")
            // Promotion works; project and user changes are ignored.
            body = try read.json
            body["admin"] = true
            body["user"] = .reference("User/\(MedplumID.generate())")
            let updated = try await client.send("POST", "admin/projects/\(project)/members/\(id)", json: body, auth: admin, contentType: "application/json")
            #expect(updated.status == 200)
            #expect(updated.header("ETag") == nil)
            #expect(try updated.json["admin"] == true)
            #expect(try updated.json["user"] == membership["user"])
            let deleted = try await client.send("DELETE", "admin/projects/\(project)/members/\(id)", headers: ["Authorization": admin])
            try expectOutcome(deleted, status: 200, code: "informational", text: "All OK", id: "ok")
            try expectOutcome(try await client.fetch("fhir/R4/ProjectMembership/\(id)", auth: admin), status: 410, code: "deleted")
        }
    }

    @Test func theOwnersMembershipCannotBeDeleted() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let project = try await client.fetch("fhir/R4/Project/\(client.credentials.projectId)", auth: admin).json
            let owner = try #require(project["owner"]?.referenceString)
            let search = try await client.fetch("fhir/R4/ProjectMembership?user=\(owner)", auth: admin).json
            let id = try #require(search["entry"]?.arrayValue?.first?["resource"]?["id"]?.stringValue)
            let answer = try await client.send(
                "DELETE", "admin/projects/\(client.credentials.projectId)/members/\(id)", headers: ["Authorization": admin])
            try expectOutcome(answer, status: 400, code: "invalid", text: "Cannot delete the owner of the project")
        }
    }

    @Test func setPasswordOnlyForProjectScopedUsers() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            _ = try await invite(client, admin, ["resourceType": "Patient", "firstName": "P", "lastName": "W", "email": "pw@example.org", "sendEmail": false])
            let short = try await client.send("POST", "admin/projects/setpassword", json: ["email": "pw@example.org", "password": "short"], auth: admin, contentType: "application/json")
            try expectOutcome(short, status: 400, code: "invalid", text: "Invalid password, must be at least 8 characters")
            let ok = try await client.send("POST", "admin/projects/setpassword", json: ["email": "pw@example.org", "password": "long enough"], auth: admin, contentType: "application/json")
            try expectOutcome(ok, status: 200, code: "informational", text: "All OK")
            let serverScoped = try await client.send("POST", "admin/projects/setpassword", json: ["email": "owner@example.com", "password": "long enough"], auth: admin, contentType: "application/json")
            try expectOutcome(serverScoped, status: 400, code: "invalid", text: "User not found")
        }
    }

    private func invite(_ client: SandboxClient, _ auth: String, _ body: JSON) async throws -> HTTPAnswer {
        try await client.send(
            "POST", "admin/projects/\(client.credentials.projectId)/invite", json: body, auth: auth,
            contentType: "application/json")
    }
}
