import Foundation
import Hummingbird
import Logging
import NIOCore
import SandboxSupport

/// A faithful emulator of the Stytch B2B API surface plumbline uses (contracts/stytch.md):
/// organizations, members, RBAC, member sessions, passwords, the Management API's B2B SDK
/// configuration and RBAC policy, rate limits, and the `/_sandbox/` test controls.
///
/// Stytch's official SDKs reach it unchanged; the Python SDK with
/// `B2BClient(project_id, secret, environment="http://127.0.0.1:PORT/")`.
public enum StytchSandbox {
    /// Starts a sandbox, runs `body` with its address and credentials, and stops it when `body`
    /// returns or throws.
    public static func withRunning<T: Sendable>(
        _ configuration: StytchSandboxConfiguration,
        _ body: (RunningStytchSandbox) async throws -> T
    ) async throws -> T {
        let store = try await StytchStore.open(configuration)
        let controls = makeControls(configuration)
        return try await SandboxServer.withRunning(host: configuration.host) { onServerRunning in
            buildApplication(
                store: store, configuration: configuration, controls: controls, onServerRunning: onServerRunning)
        } body: { address in
            try await body(
                RunningStytchSandbox(
                    baseURL: address.baseURL, managementBaseURL: address.baseURL, credentials: store.credentials,
                    controls: controls))
        }
    }

    /// The test controls for a configuration: its clock, and request counters that name routes by
    /// the API's own templates (`/v1/b2b/organizations/:id/member`, whatever the id looked like).
    public static func makeControls(_ configuration: StytchSandboxConfiguration) -> SandboxControls {
        let routes = apiRoutes()
        return SandboxControls(clock: configuration.clock, stats: RequestStats(template: { routes.template(for: $0) }))
    }

    /// The Hummingbird application serving `store` (Hummingbird template style: build the router,
    /// then the application).
    public static func buildApplication(
        store: StytchStore,
        configuration: StytchSandboxConfiguration,
        controls: SandboxControls,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var logger = Logger(label: "StytchSandbox")
        logger.logLevel = configuration.logLevel
        return Application(
            router: buildRouter(store: store, configuration: configuration, controls: controls),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: onServerRunning,
            logger: logger)
    }

    /// The router: test controls, error rendering, authentication, rate limits, then the API.
    public static func buildRouter(
        store: StytchStore, configuration: StytchSandboxConfiguration, controls: SandboxControls
    ) -> Router<SandboxRequestContext> {
        let routes = apiRoutes()
        let router = Router(context: SandboxRequestContext.self)
        router.add(middleware: SandboxControlMiddleware(controls: controls) { status in
            (try? StytchError.forStatus(status).render()) ?? Response(status: status)
        })
        router.add(middleware: StytchErrorMiddleware())
        router.add(middleware: StytchAuthMiddleware(credentials: store.credentials))
        router.add(middleware: StytchRateLimitMiddleware(
            limits: configuration.limits, routes: routes, clock: controls.clock,
            limiter: FixedWindowLimiters(limits: configuration.limits)))
        router.add(middleware: StytchDispatchMiddleware(routes: routes, store: store))
        router.addSandboxRoutes(controls)
        return router
    }

    /// Every endpoint of the emulated API.
    static func apiRoutes() -> APIRouteTable {
        var table = APIRouteTable()
        OrganizationRoutes.add(to: &table)
        MemberRoutes.add(to: &table)
        RBACRoutes.add(to: &table)
        SessionRoutes.add(to: &table)
        PasswordRoutes.add(to: &table)
        ManagementRoutes.add(to: &table)
        return table
    }

    /// The default project RBAC policy: Stytch's default roles and resources plus the roles the
    /// example manifests use (`clinician`, `nurse`, `front-desk`, `auditor`).
    public static let defaultRBACPolicyJSON = Data(DefaultPolicy.json.utf8)
}

/// A configuration the sandbox cannot start with (a malformed policy or seed, an unusable
/// state directory).
public struct StytchSandboxError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
