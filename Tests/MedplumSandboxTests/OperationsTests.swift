import Foundation
@testable import MedplumSandbox
import Testing

/// Contract 3.7 (provisioning operations), 2.2 (`/auth/revoke`) and 1.5 (on-behalf-of).
@Suite("Operations and sessions", .tags(.medium))
struct OperationsTests {
    @Test func rotateSecret() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let worker = try await client.nonAdminClient(auth: admin)
            let path = "fhir/R4/ClientApplication/\(worker.id)/$rotate-secret"
            try expectOutcome(
                try await client.send("POST", path, json: [:], auth: admin), status: 400, code: "invalid",
                text: "Secret to rotate must be provided")
            try expectOutcome(
                try await client.send("POST", path, json: ["secret": "a", "retiringSecret": "b"], auth: admin),
                status: 400, code: "invalid", text: "Only one secret can be rotated at a time")
            try expectOutcome(
                try await client.send("POST", path, json: ["secret": "wrong"], auth: admin), status: 400,
                code: "invalid", text: "Provided secret does not match client")
            let rotated = try await client.send(
                "POST", path,
                json: ["resourceType": "Parameters", "parameter": [["name": "secret", "valueString": .string(worker.secret)]]],
                auth: admin)
            #expect(rotated.status == 200)
            let client2 = try rotated.json
            #expect(client2["resourceType"] == "ClientApplication")
            #expect(client2["retiringSecret"]?.stringValue == worker.secret)
            let newSecret = try #require(client2["secret"]?.stringValue)
            #expect(newSecret.count == 64 && newSecret != worker.secret)
            // Both secrets work at the token endpoint during the rotation.
            for secret in [worker.secret, newSecret] {
                let answer = try await client.token(form: [
                    ("grant_type", "client_credentials"), ("client_id", worker.id), ("client_secret", secret),
                ])
                #expect(answer.status == 200)
            }
            let retired = try await client.send("POST", path, json: ["retiringSecret": .string(worker.secret)], auth: admin)
            #expect(try retired.json["retiringSecret"] == nil)
            try expectOutcome(try await client.send("POST", path, json: ["secret": .string(newSecret)], auth: worker.bearer), status: 403, code: "forbidden")
        }
    }

    @Test func updateEmailOnlyForProjectScopedUsers() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let membership = try await client.send(
                "POST", "admin/projects/\(client.credentials.projectId)/invite",
                json: ["resourceType": "Patient", "firstName": "O", "lastName": "E", "email": "old@example.org", "sendEmail": false],
                auth: admin, contentType: "application/json").json
            let userID = try #require(StoreState.split(membership["user"]?.referenceString)?.1)
            let answer = try await client.send(
                "POST", "fhir/R4/User/\(userID)/$update-email",
                json: ["resourceType": "Parameters", "parameter": [
                    ["name": "email", "valueString": "New@Example.org"], ["name": "updateProfileTelecom", "valueBoolean": true],
                ]], auth: admin)
            #expect(answer.status == 200)
            #expect(try answer.json["email"] == "new@example.org")
            #expect(try answer.json["emailVerified"] == false)
            let profileID = try #require(StoreState.split(membership["profile"]?.referenceString)?.1)
            let profile = try await client.fetch("fhir/R4/Patient/\(profileID)", auth: admin).json
            #expect(profile["telecom"]?.arrayValue?.first?["value"] == "new@example.org")
            let owner = try await client.fetch("fhir/R4/Project/\(client.credentials.projectId)", auth: admin).json
            let ownerID = try #require(StoreState.split(owner["owner"]?.referenceString)?.1)
            try expectOutcome(
                try await client.send("POST", "fhir/R4/User/\(ownerID)/$update-email", json: ["email": "x@example.org"], auth: admin),
                status: 403, code: "forbidden")
        }
    }

    @Test func revokeOwnLoginsOnly() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let second = try await client.adminBearer()
            let claims = try AuthTests.verify(String(second.dropFirst(7)), jwks: try await client.send("GET", ".well-known/jwks.json").json).1
            let loginID = try #require(claims["login_id"]?.stringValue)
            let revoke = try await client.send("POST", "auth/revoke", json: ["loginId": .string(loginID)], auth: admin, contentType: "application/json")
            try expectOutcome(revoke, status: 200, code: "informational", text: "All OK")
            #expect(try await client.fetch("auth/me", auth: second).status == 401)
            #expect(try await client.fetch("auth/me", auth: admin).status == 200)
            let worker = try await client.nonAdminClient(auth: admin)
            let foreign = try await client.send(
                "POST", "auth/revoke", json: ["loginId": .string(MedplumID.generate())], auth: worker.bearer,
                contentType: "application/json")
            try expectOutcome(foreign, status: 404, code: "not-found")
        }
    }

    @Test func onBehalfOfIsForAdminsOnly() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let worker = try await client.nonAdminClient(auth: admin)
            let memberships = try await client.fetch("fhir/R4/ProjectMembership?user=ClientApplication/\(worker.id)", auth: admin).json
            let membershipID = try #require(memberships["entry"]?.arrayValue?.first?["resource"]?["id"]?.stringValue)
            // As the worker (no admin rights), ProjectMembership is forbidden.
            let acting = try await client.fetch(
                "fhir/R4/ProjectMembership", auth: admin, headers: ["X-Medplum-On-Behalf-Of": "ProjectMembership/\(membershipID)"])
            try expectOutcome(acting, status: 403, code: "forbidden")
            let patients = try await client.fetch(
                "fhir/R4/Patient", auth: admin, headers: ["X-Medplum-On-Behalf-Of": "ProjectMembership/\(membershipID)"])
            #expect(patients.status == 200)
            let refused = try await client.fetch(
                "fhir/R4/Patient", auth: worker.bearer, headers: ["X-Medplum-On-Behalf-Of": "ProjectMembership/\(membershipID)"])
            try expectOutcome(refused, status: 403, code: "forbidden", tracing: false)
        }
    }
}
