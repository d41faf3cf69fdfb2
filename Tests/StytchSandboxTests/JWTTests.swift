import Foundation
import StytchSandbox
import Testing
import _CryptoExtras

/// Contract §6.6: session JWT claims and the JWKS.
@Suite("Session JWTs and JWKS", .tags(.medium))
struct JWTTests {
    @Test func jwtCarriesTheClaimsOfTheContract() async throws {
        try await withSandbox { client in
            let org = try await client.createOrganization("jwt-org")
            try await client.migratePassword("jwt-org", "j@jwt.example.org", extra: ["roles": ["nurse"]])
            let login = try await client.login("jwt-org", "j@jwt.example.org")
            let jwt = try JWTParts(try #require(login.string("session_jwt")))
            #expect(jwt.header.string("alg") == "RS256")
            let keys = expectSuccess(
                try await client.send("GET", "v1/b2b/sessions/jwks/\(client.credentials.projectId)", auth: .none)
            ).objects("keys")
            #expect(jwt.header.string("kid") == keys.first?.string("kid"))
            let claims = jwt.payload
            #expect(claims.strings("aud") == [client.credentials.projectId])
            #expect(claims.string("iss") == "stytch.com/\(client.credentials.projectId)")
            #expect(claims.string("sub") == login.string("member_id"))
            let issued = try #require(claims.int("iat"))
            #expect(claims.int("exp") == issued + 300)
            #expect(claims.int("nbf") == issued)
            let session = claims.object("https://stytch.com/session")
            #expect(session.string("id") == login.object("member_session").string("member_session_id"))
            #expect(session.strings("roles") == ["stytch_member", "nurse"])
            #expect(isTimestamp(session["started_at"]) && isTimestamp(session["expires_at"]) && isTimestamp(session["last_accessed_at"]))
            #expect(session.objects("authentication_factors").first?.string("type") == "password")
            // The signature verifies with the published key.
            let key = try #require(keys.first)
            let publicKey = try _RSA.Signing.PublicKey(
                n: try #require(key.string("n").flatMap(JWTParts.base64URL)), e: try #require(key.string("e").flatMap(JWTParts.base64URL)))
            #expect(publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: jwt.signature), for: jwt.signingInput, padding: .insecurePKCS1v1_5))
            var tampered = jwt.signingInput
            tampered.append(0x20)
            #expect(!publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: jwt.signature), for: tampered, padding: .insecurePKCS1v1_5))
            let organization = claims.object("https://stytch.com/organization")
            #expect(organization.string("organization_id") == org.string("organization_id"))
            #expect(organization.string("slug") == "jwt-org")
        }
    }

    @Test func jwksIsPublicAndHasEveryFieldTheSDKModelRequires() async throws {
        try await withSandbox { client in
            let path = "v1/b2b/sessions/jwks/\(client.credentials.projectId)?project_id=\(client.credentials.projectId)"
            let json = expectSuccess(try await client.send("GET", path, auth: .none))
            let key = try #require(json.objects("keys").first)
            #expect(key.string("kty") == "RSA" && key.string("use") == "sig" && key.string("alg") == "RS256")
            #expect(key.strings("key_ops") == ["verify"])
            #expect(key.string("kid")?.hasPrefix("jwk-test-") == true)
            let certificate = try #require(key.strings("x5c")?.first.flatMap { Data(base64Encoded: $0) })
            #expect(certificate.first == 0x30, "x5c holds a DER certificate")
            #expect(key.string("x5tS256").flatMap(JWTParts.base64URL)?.count == 32)
            #expect(key.string("n").flatMap(JWTParts.base64URL)?.count == 256)
            #expect(key.string("e") == "AQAB")
            expectError(try await client.send("GET", "v1/b2b/sessions/jwks/project-test-other", auth: .none), 404, "project_not_found")
        }
    }
}
