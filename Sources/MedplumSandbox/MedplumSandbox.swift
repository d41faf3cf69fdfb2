import Foundation
import Hummingbird
import Logging
import NIOCore
import SandboxSupport

/// MedplumSandbox: a Hummingbird emulator of the Medplum 5.0.10 API surface that plumbline uses
/// (`contracts/medplum.md` sections 1–8 and the checklist of section 11), faithful enough that
/// clients written for the real server work against it unchanged. Test-only controls live under
/// `/_sandbox/` (DESIGN §7). Decisions on what the contract leaves open: `CONTRACT-NOTES.md`.
public enum MedplumSandbox {
    /// Starts a sandbox on `configuration.host:port`, runs `body` with its address, credentials and
    /// controls, then shuts it down.
    public static func withRunning<T: Sendable>(
        _ configuration: MedplumSandboxConfiguration,
        _ body: (RunningMedplumSandbox) async throws -> T
    ) async throws -> T {
        let controls = SandboxControls(clock: configuration.clock)
        let prepared = try await prepare(configuration)
        return try await SandboxServer.withRunning(host: configuration.host) { onServerRunning in
            buildApplication(
                store: prepared.store, key: prepared.key, configuration: configuration, controls: controls,
                onServerRunning: onServerRunning)
        } body: { address in
            try await body(
                RunningMedplumSandbox(baseURL: address.baseURL, credentials: prepared.credentials, controls: controls))
        }
    }

    /// Prepares the state (replaying `stateDirectory`, or seeding a fresh one) and builds the
    /// application, for callers that run it in their own service group. The sandbox is seeded
    /// with `configuration.credentials`; pass them (for example `.generate()`) to know them, as
    /// generated ones are only persisted when there is a state directory.
    public static func buildApplication(
        _ configuration: MedplumSandboxConfiguration,
        controls: SandboxControls,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) async throws -> some ApplicationProtocol {
        let prepared = try await prepare(configuration)
        return buildApplication(
            store: prepared.store, key: prepared.key, configuration: configuration, controls: controls,
            onServerRunning: onServerRunning)
    }

    /// The application around a prepared store (STYLE rule 14).
    static func buildApplication(
        store: MedplumStore, key: SigningKey, configuration: MedplumSandboxConfiguration, controls: SandboxControls,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void
    ) -> some ApplicationProtocol {
        let baseURL = BaseURL()
        let host = configuration.host
        if configuration.port != 0 {
            baseURL.set(BaseURL.string(host: host, port: configuration.port))
        }
        let server = MedplumServer(store: store, key: key, baseURL: baseURL, configuration: configuration)
        let responder = MedplumResponder(
            controlRoutes: buildRouter(controls: controls, store: store).buildResponder(),
            controlMiddleware: SandboxControlMiddleware(controls: controls, errorResponse: FaultReplies.response),
            server: server)
        var logger = Logger(label: "MedplumSandbox")
        logger.logLevel = configuration.logLevel
        return Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: configuration.port)),
            onServerRunning: { channel in
                baseURL.set(BaseURL.string(host: host, port: channel.localAddress?.port ?? 0))
                await onServerRunning(channel)
            },
            logger: logger)
    }

    /// The `/_sandbox/` routes: the shared controls plus the email outbox.
    static func buildRouter(controls: SandboxControls, store: MedplumStore) -> Router<SandboxRequestContext> {
        let router = Router(context: SandboxRequestContext.self)
        router.addSandboxRoutes(controls)
        router.addEmailRoutes(store: store)
        return router
    }
}
