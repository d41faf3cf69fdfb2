import Crypto
import Foundation
@testable import MedplumSandbox
import SandboxSupport
import Testing

/// Contract section 2 and checklist items 11.1–11.3 and 11.24.
@Suite("Authentication", .tags(.medium))
struct AuthTests {
    @Test func tokenAcceptsOnlyFormBodies() async throws {
        try await withSandbox { client, _ in
            let answer = try await client.send(
                "POST", "oauth2/token", json: ["grant_type": "client_credentials"], auth: nil,
                contentType: "application/json")
            #expect(answer.status == 400)
            #expect(answer.text == "Unsupported content type")
            #expect(answer.header("Content-Type") == "text/html; charset=utf-8")
            expectStandardHeaders(answer)
            let emptyForm = try await client.token(form: [])
            #expect(try emptyForm.json["error_description"] == "Missing grant_type")
        }
    }

    @Test(arguments: [
        ([("client_id", "x")], "Missing grant_type"),
        ([("grant_type", "password")], "Unsupported grant_type"),
        ([("grant_type", "client_credentials"), ("client_secret", "s")], "Missing client_id"),
        ([("grant_type", "client_credentials"), ("client_id", "abc")], "Missing client_secret"),
        ([("grant_type", "client_credentials"), ("client_id", "not-a-client"), ("client_secret", "s")], "Invalid client"),
        (
            [("grant_type", "client_credentials"), ("client_id", "8f1b6f3a-0000-4000-8000-000000000000"), ("client_secret", "s")],
            "Invalid client"
        ),
        (
            [("grant_type", "client_credentials"), ("client_assertion_type", "urn:x"), ("client_assertion", "a.b.c")],
            "Unsupported client assertion type"
        ),
        (
            [
                ("grant_type", "client_credentials"),
                ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                ("client_assertion", "garbage"),
            ], "Invalid client assertion"
        ),
    ])
    func tokenErrors(form: [(String, String)], description: String) async throws {
        try await withSandbox { client, _ in
            let answer = try await client.token(form: form)
            #expect(answer.status == 400)
            #expect(answer.header("Content-Type") == "application/json; charset=utf-8")
            #expect(try answer.json == ["error": "invalid_request", "error_description": .string(description)])
        }
    }

    @Test func wrongSecretIsInvalidSecret() async throws {
        try await withSandbox { client, _ in
            let answer = try await client.token(form: [
                ("grant_type", "client_credentials"), ("client_id", client.credentials.clientId), ("client_secret", "wrong"),
            ])
            #expect(try answer.json["error_description"] == "Invalid secret")
        }
    }

    @Test func clientCredentialsSuccessShape() async throws {
        try await withSandbox { client, sandbox in
            let answer = try await client.token(form: [
                ("grant_type", "client_credentials"), ("client_id", client.credentials.clientId),
                ("client_secret", client.credentials.clientSecret),
            ])
            #expect(answer.status == 200)
            #expect(answer.header("Content-Type") == "application/json; charset=utf-8")
            let json = try answer.json
            #expect(json["token_type"] == "Bearer")
            #expect(json["expires_in"] == 3600)
            #expect(json["scope"] == "openid")
            #expect(json["refresh_token"] == nil)
            #expect(json["patient"] == nil)
            #expect(json["need_patient_banner"] == false)
            #expect(json["smart_style_url"]?.stringValue == sandbox.baseURL + "fhir/R4/.well-known/smart-styles.json")
            #expect(json["project"]?["reference"]?.stringValue == "Project/\(client.credentials.projectId)")
            #expect(json["project"]?["display"]?.stringValue == client.credentials.projectName)
            #expect(json["profile"]?["reference"]?.stringValue == "ClientApplication/\(client.credentials.clientId)")
            #expect(json["id_token"]?.stringValue?.split(separator: ".").count == 3)
            let token = try #require(json["access_token"]?.stringValue)
            let (header, claims) = try Self.verify(token, jwks: try await client.send("GET", ".well-known/jwks.json").json)
            #expect(header["alg"] == "ES256")
            #expect(header["typ"] == "JWT")
            let id = client.credentials.clientId
            #expect(claims["iss"]?.stringValue == sandbox.baseURL)
            for claim in ["aud", "sub", "username", "client_id"] { #expect(claims[claim]?.stringValue == id) }
            #expect(claims["profile"]?.stringValue == "ClientApplication/\(id)")
            #expect(claims["scope"] == "openid")
            #expect(MedplumID.isUUID(claims["login_id"]?.stringValue ?? ""))
            let issued = try #require(claims["iat"]?.numberValue)
            #expect(claims["nbf"]?.numberValue == issued)
            #expect(claims["exp"]?.numberValue == issued + 3600)
        }
    }

    /// Checks a JWT's ES256 signature against the published JWKS, as any OIDC client would.
    static func verify(_ token: String, jwks: JSON) throws -> (JSON, JSON) {
        let parts = token.split(separator: ".").map(String.init)
        let header = try JSONParser.parse([UInt8](try #require(Base64URL.decode(parts[0][...]))))
        let key = try #require(jwks["keys"]?.arrayValue?.first { $0["kid"] == header["kid"] })
        let x = try #require(Base64URL.decode(key["x"]?.stringValue?[...] ?? ""))
        let y = try #require(Base64URL.decode(key["y"]?.stringValue?[...] ?? ""))
        let publicKey = try P256.Signing.PublicKey(x963Representation: Data([0x04]) + x + y)
        let signature = try P256.Signing.ECDSASignature(rawRepresentation: try #require(Base64URL.decode(parts[2][...])))
        #expect(publicKey.isValidSignature(signature, for: Data("\(parts[0]).\(parts[1])".utf8)))
        return (header, try JSONParser.parse([UInt8](try #require(Base64URL.decode(parts[1][...])))))
    }

    @Test func requestedScopeIsKept() async throws {
        try await withSandbox { client, _ in
            let answer = try await client.token(form: [
                ("grant_type", "client_credentials"), ("client_id", client.credentials.clientId),
                ("client_secret", client.credentials.clientSecret), ("scope", "openid system/*.read"),
            ])
            #expect(try answer.json["scope"] == "openid system/*.read")
        }
    }

    @Test func basicHeaderWinsOverFormFields() async throws {
        try await withSandbox { client, _ in
            let basic = SandboxClient.basic(client.credentials.clientId, client.credentials.clientSecret)
            let good = try await client.token(
                form: [("grant_type", "client_credentials"), ("client_id", "ignored"), ("client_secret", "ignored")],
                headers: ["Authorization": basic])
            #expect(good.status == 200)
            let bad = try await client.token(
                form: [
                    ("grant_type", "client_credentials"), ("client_id", client.credentials.clientId),
                    ("client_secret", client.credentials.clientSecret),
                ], headers: ["Authorization": SandboxClient.basic(client.credentials.clientId, "wrong")])
            #expect(try bad.json["error_description"] == "Invalid secret")
            let bearerHeader = try await client.token(
                form: [("grant_type", "client_credentials")], headers: ["Authorization": "Bearer abc"])
            #expect(try bearerHeader.json["error_description"] == "Invalid authorization header")
        }
    }

    @Test func clientStatusMembershipAndRetiringSecret() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let worker = try await client.nonAdminClient(auth: admin)
            var resource = try await client.fetch("fhir/R4/ClientApplication/\(worker.id)", auth: admin).json
            resource["retiringSecret"] = "old-secret"
            resource["status"] = "off"
            #expect(try await client.send("PUT", "fhir/R4/ClientApplication/\(worker.id)", json: resource, auth: admin).status == 200)
            let form: (String) -> [(String, String)] = { secret in
                [("grant_type", "client_credentials"), ("client_id", worker.id), ("client_secret", secret)]
            }
            #expect(try await client.token(form: form(worker.secret)).json["error_description"] == "Invalid client")
            resource = try await client.fetch("fhir/R4/ClientApplication/\(worker.id)", auth: admin).json
            resource["status"] = "active"
            _ = try await client.send("PUT", "fhir/R4/ClientApplication/\(worker.id)", json: resource, auth: admin)
            #expect(try await client.token(form: form("old-secret")).status == 200)
            // HTTP Basic on protected routes checks only the current secret.
            let basicOld = try await client.fetch("auth/me", auth: SandboxClient.basic(worker.id, "old-secret"))
            #expect(basicOld.status == 401)
            // Without a membership the client is not an identity.
            let orphan = try await client.create(
                ["resourceType": "ClientApplication", "name": "orphan", "secret": "s3cret"], auth: admin)
            let orphanAnswer = try await client.token(form: [
                ("grant_type", "client_credentials"), ("client_id", orphan["id"]?.stringValue ?? ""),
                ("client_secret", "s3cret"),
            ])
            #expect(try orphanAnswer.json["error_description"] == "Invalid client")
        }
    }

    @Test func bearerRejectedWhenUnknownExpiredOrRevoked() async throws {
        let clock = SandboxClock()
        try await withSandbox(MedplumSandboxConfiguration(clock: clock)) { client, _ in
            try expectOutcome(
                try await client.fetch("auth/me", auth: "Bearer not.a.token"), status: 401, code: "login",
                text: "Unauthorized")
            let bearer = try await client.adminBearer()
            #expect(try await client.fetch("auth/me", auth: bearer).status == 200)
            clock.setOffset(3601)
            try expectOutcome(try await client.fetch("auth/me", auth: bearer), status: 401, code: "login", text: "Unauthorized")
            clock.setOffset(0)
            #expect(try await client.fetch("auth/me", auth: bearer).status == 200)
            let logout = try await client.send("POST", "oauth2/logout", headers: ["Authorization": bearer])
            try expectOutcome(logout, status: 200, code: "informational", text: "All OK", id: "ok")
            try expectOutcome(try await client.fetch("auth/me", auth: bearer), status: 401, code: "login", text: "Unauthorized")
            try expectOutcome(
                try await client.send("POST", "oauth2/logout"), status: 401, code: "login", text: "Unauthorized")
        }
    }

    @Test func basicCredentialsWorkOnProtectedRoutes() async throws {
        try await withSandbox { client, _ async throws in
            let basic = SandboxClient.basic(client.credentials.clientId, client.credentials.clientSecret)
            #expect(try await client.fetch("auth/me", auth: basic).status == 200)
            #expect(try await client.fetch("fhir/R4/Patient", auth: basic).status == 200)
            #expect(try await client.fetch("admin/projects/\(client.credentials.projectId)", auth: basic).status == 200)
            #expect(try await client.fetch("fhir/R4/Patient", auth: SandboxClient.basic("x", "y")).status == 401)
        }
    }

    @Test func meForAClient() async throws {
        try await withSandbox { client, _ in
            let answer = try await client.fetch("auth/me", auth: try await client.adminBearer())
            #expect(answer.status == 200)
            #expect(answer.header("Content-Type") == "application/json; charset=utf-8")
            let json = try answer.json
            #expect(json["user"] == nil)
            #expect(json["security"] == nil)
            #expect(json["profile"]?["resourceType"] == "ClientApplication")
            #expect(json["profile"]?["secret"]?.stringValue == client.credentials.clientSecret)
            #expect(json["membership"]?["admin"] == true)
            #expect(json["membership"]?["profile"]?["reference"]?.stringValue == "ClientApplication/\(client.credentials.clientId)")
            #expect(json["project"]?["id"]?.stringValue == client.credentials.projectId)
            #expect(json["project"]?["strictMode"] == true)
            #expect(json["accessPolicy"]?["resourceType"] == "AccessPolicy")
            let types = json["accessPolicy"]?["resource"]?.arrayValue?.compactMap { $0["resourceType"]?.stringValue } ?? []
            #expect(types.contains("*"))
            #expect(types.contains("ProjectMembership"))
            let menu = json["config"]?["menu"]?.arrayValue?.compactMap { $0["title"]?.stringValue }
            #expect(menu == ["Favorites", "Admin"])
            try expectOutcome(try await client.send("GET", "auth/me"), status: 401, code: "login", text: "Unauthorized")
        }
    }

    @Test func deletedMembershipMakesEveryRequestGone() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let worker = try await client.nonAdminClient(auth: admin)
            let search = try await client.fetch("fhir/R4/ProjectMembership?user=ClientApplication/\(worker.id)", auth: admin)
            let membershipID = try #require(search.json["entry"]?.arrayValue?.first?["resource"]?["id"]?.stringValue)
            #expect(try await client.send("DELETE", "fhir/R4/ProjectMembership/\(membershipID)", headers: ["Authorization": admin]).status == 200)
            let answer = try await client.fetch("healthcheck", auth: worker.bearer)
            try expectOutcome(answer, status: 410, code: "deleted", text: "Gone", tracing: false)
        }
    }

    @Test func ipAccessRulesAndBrokenPoliciesRefuseTokens() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let worker = try await client.nonAdminClient(auth: admin)
            let blocking = try await client.create(
                ["resourceType": "AccessPolicy", "name": "block", "ipAccessRule": [["value": "*", "action": "block"]]],
                auth: admin)
            let search = try await client.fetch("fhir/R4/ProjectMembership?user=ClientApplication/\(worker.id)", auth: admin)
            var membership = try #require(search.json["entry"]?.arrayValue?.first?["resource"])
            let membershipID = try #require(membership["id"]?.stringValue)
            membership["accessPolicy"] = .reference("AccessPolicy/\(blocking["id"]?.stringValue ?? "")")
            #expect(try await client.send("PUT", "fhir/R4/ProjectMembership/\(membershipID)", json: membership, auth: admin).status == 200)
            let form = [("grant_type", "client_credentials"), ("client_id", worker.id), ("client_secret", worker.secret)]
            #expect(try await client.token(form: form).json["error_description"] == "IP address not allowed")
            membership["accessPolicy"] = .reference("AccessPolicy/\(MedplumID.generate())")
            #expect(try await client.send("PUT", "fhir/R4/ProjectMembership/\(membershipID)", json: membership, auth: admin).status == 200)
            #expect(
                try await client.token(form: form).json["error_description"]?.stringValue?.hasPrefix(
                    "Cannot authenticate: Invalid access policy configuration.") == true)
        }
    }

    @Test func customTokenLifetime() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let worker = try await client.nonAdminClient(auth: admin)
            var resource = try await client.fetch("fhir/R4/ClientApplication/\(worker.id)", auth: admin).json
            resource["accessTokenLifetime"] = "30m"
            _ = try await client.send("PUT", "fhir/R4/ClientApplication/\(worker.id)", json: resource, auth: admin)
            let answer = try await client.token(form: [
                ("grant_type", "client_credentials"), ("client_id", worker.id), ("client_secret", worker.secret),
            ])
            #expect(try answer.json["expires_in"] == 1800)
        }
    }
}
