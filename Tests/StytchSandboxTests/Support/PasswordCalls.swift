import Foundation

/// `passwords/migrate` of a hash into the organization `pw`.
func migrateHash(_ client: StytchTestClient, _ email: String, _ type: String, _ hash: String, extra: [String: Any] = [:]) async throws
    -> TestResponse
{
    var body: [String: Any] = ["organization_id": "pw", "email_address": email, "hash_type": type, "hash": hash]
    body.merge(extra) { _, new in new }
    return try await client.send("POST", "v1/b2b/passwords/migrate", json: body)
}

/// `passwords/authenticate` against the organization `pw`.
func authenticatePassword(_ client: StytchTestClient, _ email: String, _ password: String, extra: [String: Any] = [:]) async throws
    -> TestResponse
{
    var body: [String: Any] = ["organization_id": "pw", "email_address": email, "password": password]
    body.merge(extra) { _, new in new }
    return try await client.send("POST", "v1/b2b/passwords/authenticate", json: body)
}
