import Foundation
import MedplumSandbox
import PlumblineCore
import SandboxSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Starts the emulators on 127.0.0.1 with ephemeral ports for exactly the duration of a test, and
/// gives what a test needs to talk to them: the environment variables a `sandbox` Environment
/// reads, and raw HTTP for changes made "behind plumbline's back".
public enum SandboxHarness {
    /// Runs a Medplum sandbox seeded with `seed(projectId)` (`{"resources": [...]}`) for the
    /// duration of `body`.
    public static func withMedplum<T: Sendable>(seed: (_ projectId: String) -> Data, _ body: (MedplumHandle) async throws -> T) async throws -> T {
        let credentials = MedplumSandboxCredentials.generate()
        return try await withMedplum({
            $0.credentials = credentials
            $0.seed = seed(credentials.projectId)
        }, body)
    }

    /// Runs a Medplum sandbox whose CORS configuration allows `allowedOrigins`.
    public static func withMedplum<T: Sendable>(allowedOrigins: [String], _ body: (MedplumHandle) async throws -> T) async throws -> T {
        try await withMedplum({ $0.allowedOrigins = allowedOrigins }, body)
    }

    /// Runs a Medplum sandbox for the duration of `body`.
    public static func withMedplum<T: Sendable>(
        _ configure: (inout MedplumSandboxConfiguration) -> Void = { _ in },
        _ body: (MedplumHandle) async throws -> T
    ) async throws -> T {
        var configuration = MedplumSandboxConfiguration()
        configure(&configuration)
        return try await MedplumSandbox.withRunning(configuration) { running in
            try await body(MedplumHandle(running: running))
        }
    }
}

/// A running Medplum sandbox, as tests use it.
public struct MedplumHandle: Sendable {
    public let running: RunningMedplumSandbox

    public var baseURL: String { running.baseURL }
    public var credentials: MedplumSandboxCredentials { running.credentials }
    /// The project-admin client plumbline signs in as.
    public var clientId: String { running.credentials.clientId }

    /// The `MEDPLUM_*` variables of DESIGN §7.
    public var variables: [String: String] {
        [
            "MEDPLUM_BASE_URL": running.baseURL,
            "MEDPLUM_PROJECT_ID": credentials.projectId,
            "MEDPLUM_CLIENT_ID": credentials.clientId,
            "MEDPLUM_CLIENT_SECRET": credentials.clientSecret,
            "MEDPLUM_SUPERADMIN_CLIENT_ID": credentials.superAdminClientId,
            "MEDPLUM_SUPERADMIN_CLIENT_SECRET": credentials.superAdminClientSecret,
        ]
    }

    /// Every secret the sandbox issued, for tests that assert none leaks into output.
    public var secrets: [String] { [credentials.clientSecret, credentials.superAdminClientSecret] }

    /// Moves the server's clock `seconds` into the future (tokens and sessions age).
    public func setClockOffset(_ seconds: Double) {
        running.controls.clock.setOffset(seconds)
    }

    /// Forgets the request counters.
    public func resetStats() {
        running.controls.stats.reset()
    }

    /// Requests served so far, by `METHOD /route`.
    public var requestsByRoute: [String: Int] { running.controls.stats.snapshot().requests.byRoute }
    /// The most requests of each route the sandbox answered at once.
    public var peakInFlight: [String: Int] { running.controls.stats.peakInFlight }
    /// The requests of each route the sandbox is answering now.
    public var inFlight: [String: Int] { running.controls.stats.inFlight }

    /// Requests that could change something (everything but GET, HEAD and OPTIONS), token
    /// requests excluded.
    public var writes: Int {
        requestsByRoute.filter { route, _ in
            !(route.hasPrefix("GET ") || route.hasPrefix("HEAD ") || route.hasPrefix("OPTIONS ") || route == "POST /oauth2/token")
        }.values.reduce(0, +)
    }

    /// A raw, authenticated request as the project-admin client (HTTP Basic, accepted on every
    /// protected route) — or, with `superAdmin`, as the super-admin client, the only one that may
    /// write `Login`: how tests change things behind plumbline's back.
    @discardableResult
    public func request(
        _ method: String, _ path: String, json: JSONValue? = nil, headers: [String: String] = [:], superAdmin: Bool = false
    ) async throws -> (status: Int, body: JSONValue?, headers: [String: String]) {
        var request = URLRequest(url: URL(string: running.baseURL + path)!)
        request.httpMethod = method
        let client = superAdmin
            ? (credentials.superAdminClientId, credentials.superAdminClientSecret) : (credentials.clientId, credentials.clientSecret)
        let basic = Data("\(client.0):\(client.1)".utf8).base64EncodedString()
        request.setValue("Basic \(basic)", forHTTPHeaderField: "Authorization")
        if let json {
            request.httpBody = json.encoded()
            request.setValue("application/fhir+json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var responseHeaders: [String: String] = [:]
        for (name, value) in http.allHeaderFields { if let name = name as? String, let value = value as? String { responseHeaders[name.lowercased()] = value } }
        return (http.statusCode, try? JSONValue.parse(data), responseHeaders)
    }

    /// Every resource of `type` in the project.
    public func search(_ type: String, _ query: String = "") async throws -> [JSONValue] {
        let (_, body, _) = try await request("GET", "fhir/R4/\(type)?_count=1000\(query.isEmpty ? "" : "&" + query)")
        return (body?["entry"]?.array ?? []).compactMap { $0["resource"] }
    }

    /// Arms a fault (`POST /_sandbox/faults`).
    public func fault(_ rule: JSONValue) async throws {
        var request = URLRequest(url: URL(string: running.baseURL + "_sandbox/faults")!)
        request.httpMethod = "POST"
        request.httpBody = rule.encoded()
        _ = try await URLSession.shared.data(for: request)
    }
}
