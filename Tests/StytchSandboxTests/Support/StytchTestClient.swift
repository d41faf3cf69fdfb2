import Foundation
import SandboxSupport
import StytchSandbox
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension Tag {
    /// Tests that talk to a sandbox over loopback HTTP.
    @Tag static var medium: Self
}

/// A response as the tests inspect it.
struct TestResponse: Sendable {
    let status: Int
    let headers: [String: String]
    let data: Data
    /// The body parsed as a JSON object (empty when it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    var text: String { String(decoding: data, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }
}

/// Which credentials a request carries.
enum TestAuth: Sendable {
    case project, management, none
    case basic(String, String)
}

/// A minimal HTTP client for the sandbox: JSON in, JSON out, Basic auth like the SDKs send it.
struct StytchTestClient: Sendable {
    let baseURL: String
    let credentials: StytchSandboxCredentials
    let controls: SandboxControls

    init(_ running: RunningStytchSandbox) {
        baseURL = running.baseURL
        credentials = running.credentials
        controls = running.controls
    }

    /// Sends a request; `path` has no leading slash and may carry a query; `body` is JSON text.
    func send(
        _ method: String, _ path: String, body: String? = nil, auth: TestAuth = .project,
        headers: [String: String] = [:]
    ) async throws -> TestResponse {
        var request = URLRequest(url: try #require(URL(string: baseURL + path)))
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Stytch Python v15.3.0", forHTTPHeaderField: "User-Agent")
        switch auth {
        case .project: request.setValue(Self.basic(credentials.projectId, credentials.secret), forHTTPHeaderField: "Authorization")
        case .management:
            request.setValue(
                Self.basic(credentials.managementKeyId, credentials.managementSecret), forHTTPHeaderField: "Authorization")
        case .basic(let user, let password): request.setValue(Self.basic(user, password), forHTTPHeaderField: "Authorization")
        case .none: break
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body.map { Data($0.utf8) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields["\(key)"] = "\(value)" }
        return TestResponse(status: http.statusCode, headers: fields, data: data)
    }

    /// Sends a JSON object built from Swift values.
    func send(_ method: String, _ path: String, json: [String: Any], auth: TestAuth = .project) async throws -> TestResponse {
        let data = try JSONSerialization.data(withJSONObject: json)
        return try await send(method, path, body: String(decoding: data, as: UTF8.self), auth: auth)
    }

    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }
}

/// Runs `body` against a fresh sandbox (no rate limits unless the configuration sets them).
func withSandbox<T: Sendable>(
    _ configuration: StytchSandboxConfiguration = StytchSandboxConfiguration(limits: .unlimited),
    _ body: (StytchTestClient) async throws -> T
) async throws -> T {
    try await StytchSandbox.withRunning(configuration) { running in
        try await body(StytchTestClient(running))
    }
}
