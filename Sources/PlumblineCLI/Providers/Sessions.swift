import Foundation
import PlumblineCore
import PlumblineHTTP
import PlumblineMedplum
import PlumblineStytch

/// The servers an environment declares, each behind one client, all sharing one transport (so
/// requests are counted together and each server gets its own rate-limit gate).
struct Sessions {
    let transport: HTTPTransport
    let medplum: MedplumClient?
    let stytch: StytchClient?
    /// The Stytch Management API, when the environment has management credentials.
    let stytchManagement: StytchManagementClient?

    static func make(_ environment: ResolvedEnvironment, concurrency: Int = 8) throws -> Sessions {
        try checkAllowedHosts(environment)
        let transport = transport(for: environment, concurrency: concurrency)
        return Sessions(
            transport: transport,
            medplum: environment.medplum.map { MedplumClient(connection: $0, transport: transport) },
            stytch: environment.stytch.map { StytchClient(connection: $0, transport: transport) },
            stytchManagement: environment.stytch?.management.map { StytchManagementClient(connection: $0, transport: transport) }
        )
    }

    /// The transport every client of a run shares; `readOnly` refuses any request that could
    /// change a server.
    static func transport(for environment: ResolvedEnvironment, concurrency: Int = 8, readOnly: Bool = false) -> HTTPTransport {
        var limits: [String: ServerLimits] = [:]
        // Medplum allows 60,000 requests a minute by default: plumbline keeps to half of that,
        // leaving the rest to the project's other clients, and waits whenever the server's
        // `RateLimit` header says a tighter budget (a hosted plan's, the FHIR quota) is spent.
        // Stytch documents 100 requests a second for its searches (met with pages of 1000) and no
        // figure for writes: plumbline keeps every request to it under that one.
        let concurrent = max(1, concurrency)
        if let medplum = environment.medplum { limits[Self.server(medplum.baseURL)] = ServerLimits(requestsPerSecond: 500, burst: 50, maxConcurrentRequests: concurrent) }
        if let stytch = environment.stytch { limits[Self.server(stytch.baseURL)] = ServerLimits(requestsPerSecond: 100, burst: 50, maxConcurrentRequests: concurrent) }
        // PLUMBLINE_HTTP_TIMEOUT (seconds) shortens or lengthens the per-request timeout.
        let timeout = Runtime.current.variables["PLUMBLINE_HTTP_TIMEOUT"].flatMap(Double.init).map { Duration.milliseconds(Int($0 * 1000)) } ?? .seconds(30)
        return HTTPTransport(configuration: .init(
            limits: ServerLimits(requestsPerSecond: 50, burst: 20, maxConcurrentRequests: concurrent), limitsByServer: limits, timeout: timeout,
            readOnly: readOnly
        ))
    }

    /// `PLUMBLINE_ALLOWED_HOSTS` (comma-separated host names) pins where credentials may be sent:
    /// a manifest repository changed to point an environment at another server cannot make
    /// plumbline hand that server the project's secrets.
    static func checkAllowedHosts(_ environment: ResolvedEnvironment) throws {
        guard let list = Runtime.current.variables["PLUMBLINE_ALLOWED_HOSTS"] else { return }
        let allowed = Set(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
        let urls = [environment.medplum?.baseURL, environment.stytch?.baseURL, environment.stytch?.management?.baseURL].compactMap { $0 }
        if let refused = urls.first(where: { !allowed.contains($0.host.lowercased()) }) {
            throw CommandFailure.exit(.usage, "environment '\(environment.name)' points at \(refused.host), which PLUMBLINE_ALLOWED_HOSTS does not list; no credential was sent")
        }
    }

    /// `host:port`, as the transport keys its gates.
    static func server(_ url: ServerURL) -> String {
        "\(url.host):\(url.port ?? (url.scheme == "https" ? 443 : 80))"
    }
}
