import Crypto
import Foundation
import PlumblineCore
import SandboxSupport
import StytchSandbox

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension SandboxHarness {
    /// Runs a Stytch sandbox for the duration of `body`.
    public static func withStytch<T: Sendable>(
        _ configure: (inout StytchSandboxConfiguration) -> Void = { _ in },
        _ body: (StytchHandle) async throws -> T
    ) async throws -> T {
        var configuration = StytchSandboxConfiguration()
        configure(&configuration)
        return try await StytchSandbox.withRunning(configuration) { running in
            try await body(StytchHandle(running: running))
        }
    }

    /// Runs both sandboxes; `variables` of the pair are exactly what the `sandbox` environment reads.
    public static func withBoth<T: Sendable>(_ body: (MedplumHandle, StytchHandle) async throws -> T) async throws -> T {
        try await withMedplum { medplum in
            try await withStytch { stytch in try await body(medplum, stytch) }
        }
    }
}

/// A running Stytch sandbox, as tests use it.
public struct StytchHandle: Sendable {
    public let running: RunningStytchSandbox

    /// The `STYTCH_*` variables of DESIGN §7.
    public var variables: [String: String] {
        [
            "STYTCH_BASE_URL": running.baseURL, "STYTCH_PROJECT_ID": running.credentials.projectId,
            "STYTCH_SECRET": running.credentials.secret, "STYTCH_MANAGEMENT_BASE_URL": running.managementBaseURL,
            "STYTCH_PROJECT_SLUG": running.credentials.projectSlug, "STYTCH_ENVIRONMENT_SLUG": running.credentials.environmentSlug,
            "STYTCH_MANAGEMENT_KEY_ID": running.credentials.managementKeyId, "STYTCH_MANAGEMENT_SECRET": running.credentials.managementSecret,
        ]
    }

    public var secrets: [String] { [running.credentials.secret, running.credentials.managementSecret] }
    public var requestsByRoute: [String: Int] { running.controls.stats.snapshot().requests.byRoute }
    /// The most requests of each route the sandbox answered at once.
    public var peakInFlight: [String: Int] { running.controls.stats.peakInFlight }
    /// The requests of each route the sandbox is answering now.
    public var inFlight: [String: Int] { running.controls.stats.inFlight }
    public func resetStats() { running.controls.stats.reset() }
    public func setClockOffset(_ seconds: Double) { running.controls.clock.setOffset(seconds) }

    /// Writes through the API (not counting GETs and searches).
    public var writes: Int {
        requestsByRoute.filter { route, _ in !route.hasPrefix("GET ") && !route.hasSuffix("/search") }.values.reduce(0, +)
    }

    /// A raw API request with the project's Basic credentials: changes behind plumbline's back.
    @discardableResult
    public func request(_ method: String, _ path: String, json: JSONValue? = nil) async throws -> (status: Int, body: JSONValue?) {
        var request = URLRequest(url: URL(string: running.baseURL + path)!)
        request.httpMethod = method
        let basic = Data("\(running.credentials.projectId):\(running.credentials.secret)".utf8).base64EncodedString()
        request.setValue("Basic \(basic)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = json?.encoded()
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, try? JSONValue.parse(data))
    }

    /// The member `email` of organization `slug` (deleted ones included).
    public func member(_ slug: String, _ email: String) async throws -> JSONValue? {
        try await members(slug, [["filter_name": "member_emails", "filter_value": [.string(email)]]]).first
    }

    /// Every member of organization `slug` (deleted ones included) that matches `filters`.
    public func members(_ slug: String, _ filters: [JSONValue] = []) async throws -> [JSONValue] {
        let organization = try await request("GET", "v1/b2b/organizations/\(slug)")
        guard let id = organization.body?["organization"]?["organization_id"]?.string else { return [] }
        let statuses: JSONValue = ["filter_name": "statuses", "filter_value": ["active", "deleted", "pending", "invited"]]
        let search = try await request("POST", "v1/b2b/organizations/members/search", json: [
            "organization_ids": [.string(id)], "limit": 1000, "query": ["operator": "AND", "operands": .array(filters + [statuses])],
        ])
        return search.body?["members"]?.array ?? []
    }

    /// Signs `email` in to `slug` with a password, the way a client of the real service creates a
    /// session (contract 15): migrate an md_5 hash, then authenticate. Returns the session token.
    public func signIn(_ slug: String, _ email: String, password: String = "correct horse battery") async throws -> String {
        let hash = Insecure.MD5.hash(data: Data(password.utf8)).map { String(format: "%02x", $0) }.joined()
        _ = try await request("POST", "v1/b2b/passwords/migrate", json: [
            "organization_id": .string(slug), "email_address": .string(email), "hash": .string(hash), "hash_type": "md_5",
        ])
        let session = try await request("POST", "v1/b2b/passwords/authenticate", json: [
            "organization_id": .string(slug), "email_address": .string(email), "password": .string(password),
        ])
        return session.body?["session_token"]?.string ?? ""
    }

    /// The active sessions of a member.
    public func sessions(_ slug: String, memberId: String) async throws -> [JSONValue] {
        let response = try await request("GET", "v1/b2b/sessions?organization_id=\(slug)&member_id=\(memberId)")
        return response.body?["member_sessions"]?.array ?? []
    }

    /// Arms a fault (`POST /_sandbox/faults`).
    public func fault(_ rule: JSONValue) async throws {
        var request = URLRequest(url: URL(string: running.baseURL + "_sandbox/faults")!)
        request.httpMethod = "POST"
        request.httpBody = rule.encoded()
        _ = try await URLSession.shared.data(for: request)
    }
}
