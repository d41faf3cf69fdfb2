import Foundation
import Testing

/// Small builders for the objects most tests need, through the API itself.
extension StytchTestClient {
    /// Creates an organization and returns its object.
    @discardableResult
    func createOrganization(
        _ slug: String, name: String? = nil, extra: [String: Any] = [:], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [String: Any] {
        var body: [String: Any] = ["organization_name": name ?? "Org \(slug)", "organization_slug": slug]
        body.merge(extra) { _, new in new }
        let response = try await send("POST", "v1/b2b/organizations", json: body)
        return expectSuccess(response, sourceLocation: sourceLocation).object("organization")
    }

    /// Creates a member and returns its object.
    @discardableResult
    func createMember(
        _ org: String, _ email: String, extra: [String: Any] = [:], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [String: Any] {
        var body: [String: Any] = ["organization_id": org, "email_address": email]
        body.merge(extra) { _, new in new }
        let response = try await send("POST", "v1/b2b/organizations/\(org)/members", json: body)
        return expectSuccess(response, sourceLocation: sourceLocation).object("member")
    }

    /// Migrates the unsalted sha_512 of `Hashes.staple` for `email` (creating the member if
    /// needed) and returns the member.
    @discardableResult
    func migratePassword(
        _ org: String, _ email: String, extra: [String: Any] = [:], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [String: Any] {
        var body: [String: Any] = [
            "organization_id": org, "email_address": email, "hash_type": "sha_512", "hash": Hashes.sha512Staple,
        ]
        body.merge(extra) { _, new in new }
        let response = try await send("POST", "v1/b2b/passwords/migrate", json: body)
        return expectSuccess(response, sourceLocation: sourceLocation).object("member")
    }

    /// Signs in with a password and returns the authenticate response body.
    func login(
        _ org: String, _ email: String, password: String = Hashes.staple, extra: [String: Any] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> [String: Any] {
        var body: [String: Any] = ["organization_id": org, "email_address": email, "password": password]
        body.merge(extra) { _, new in new }
        let response = try await send("POST", "v1/b2b/passwords/authenticate", json: body)
        return expectSuccess(response, sourceLocation: sourceLocation)
    }

    /// Moves the sandbox clock.
    func setClockOffset(_ seconds: Int) async throws {
        let response = try await send("POST", "_sandbox/clock", body: #"{"offsetSeconds": \#(seconds)}"#, auth: .none)
        #expect(response.status == 200)
    }
}

/// Known password hashes, computed once with Python's hashlib and bcrypt so the tests do not
/// share the sandbox's hashing code.
enum Hashes {
    /// The password behind `sha512Staple`.
    static let staple = "correct horse battery staple"
    static let sha512Staple =
        "be5ef7679d88ab9a9045f6267e55f5e5784b4b8cd764b5cd855a5244f91c626953cd46c43d7668873fd6efbd3b221249315580031963472a078781fe046e62ae"
    /// md5("pre" + "hunter2-md5" + "post").
    static let md5Salted = "d7c0de6201c986791a6bd0a2a5b0e294"
    /// md5("hunter2-md5").
    static let md5Plain = "6eb9f735eec136b34cdc1715d6c7da57"
    /// sha1("hunter2-sha1").
    static let sha1Plain = "d5ed15b7346c9812cac99d2be3e289252262d52a"
    /// sha1("NaCl" + "hunter2-sha1").
    static let sha1Prepended = "a1297931be1709d2cfe0c0ecb224a1f2b245e983"
    /// sha512("hunter2-sha512" + "pepper").
    static let sha512Appended =
        "61644db8ff3159bcacc7f51cf4e920f82b0f0b1a294378c099251da21df38f5c6136e346da831d8ba407ed4d0f1759ef99ccb886e9632df6de7786352b808b22"
    /// bcrypt("hunter2-bcrypt"), cost 4 and cost 5 ($2a$).
    static let bcrypt2b = "$2b$04$c2eUAhi1qMugWpU67VSB5Of4tYzEilR2fJOKeBqFHgZj8rEzXwx8S"
    static let bcrypt2a = "$2a$05$VUSACT8XDigNJUDXQvzn6uRjS24D2Jn2gNAeJh9R8baJ/b4WPM7eG"
    /// pbkdf2-sha256("hunter2-pbkdf2", salt "saltsalt", 1000 rounds, 32 bytes), base64.
    static let pbkdf2 = "U773pYiNqHsZQCCFxE0HlslD9hX6TUJlTMc4swBT2t0="
    /// scrypt("hunter2-scrypt", salt "saltsalt", N=16, r=8, p=1, 32 bytes), base64.
    static let scrypt = "gr+7rr8NmkE0CplHnjefeWsgFbAftxPw563SdxjJ4ec="
    /// base64("saltsalt").
    static let saltBase64 = "c2FsdHNhbHQ="
}
