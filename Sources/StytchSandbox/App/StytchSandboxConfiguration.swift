import Foundation
import Logging
import SandboxSupport

/// How to run a Stytch sandbox. Every field has a default, so `StytchSandboxConfiguration()` is an
/// empty project on an ephemeral loopback port.
public struct StytchSandboxConfiguration: Sendable {
    /// Interface to listen on.
    public var host: String
    /// Port to listen on; 0 picks a free one.
    public var port: Int
    /// Directory that keeps the state across restarts (`--state`); nil keeps it in memory only.
    /// The sandbox uses its `stytch/` subdirectory.
    public var stateDirectory: String?
    /// Organizations and members to create at start (see `StytchSeed` for the JSON shape). Ignored
    /// when `stateDirectory` already holds state.
    public var seed: Data?
    /// The project RBAC policy as JSON shaped like the `policy` object of `GET /v1/b2b/rbac/policy`;
    /// nil uses `StytchSandbox.defaultRBACPolicyJSON`.
    public var rbacPolicy: Data?
    /// Rate limits (contract §9).
    public var limits: StytchSandboxLimits
    /// Fixed credentials; nil generates fresh ones (or reuses those saved in `stateDirectory`).
    public var credentials: StytchSandboxCredentials?
    /// The sandbox's clock; tests shift it through `/_sandbox/clock`.
    public var clock: SandboxClock
    /// Server log level.
    public var logLevel: Logger.Level

    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        stateDirectory: String? = nil,
        seed: Data? = nil,
        rbacPolicy: Data? = nil,
        limits: StytchSandboxLimits = StytchSandboxLimits(),
        credentials: StytchSandboxCredentials? = nil,
        clock: SandboxClock = SandboxClock(),
        logLevel: Logger.Level = .warning
    ) {
        self.host = host
        self.port = port
        self.stateDirectory = stateDirectory
        self.seed = seed
        self.rbacPolicy = rbacPolicy
        self.limits = limits
        self.credentials = credentials
        self.clock = clock
        self.logLevel = logLevel
    }
}

/// The secrets of the emulated project and of the workspace management key.
public struct StytchSandboxCredentials: Sendable, Codable, Equatable {
    /// `project-test-<uuid>`: the Basic-auth user of the B2B API.
    public var projectId: String
    /// `secret-test-…`: the Basic-auth password of the B2B API.
    public var secret: String
    /// The project's slug in Management API paths.
    public var projectSlug: String
    /// The environment's slug in Management API paths.
    public var environmentSlug: String
    /// Basic-auth user of the Management API (a workspace key id).
    public var managementKeyId: String
    /// Basic-auth password of the Management API.
    public var managementSecret: String

    public init(
        projectId: String, secret: String, projectSlug: String, environmentSlug: String, managementKeyId: String,
        managementSecret: String
    ) {
        self.projectId = projectId
        self.secret = secret
        self.projectSlug = projectSlug
        self.environmentSlug = environmentSlug
        self.managementKeyId = managementKeyId
        self.managementSecret = managementSecret
    }

    /// Fresh credentials in Stytch's formats.
    public static func generate() -> StytchSandboxCredentials {
        StytchSandboxCredentials(
            projectId: "project-test-\(UUID().uuidString.lowercased())",
            secret: "secret-test-\(RandomToken.make(length: 36))",
            projectSlug: "sandbox-project",
            environmentSlug: "test",
            managementKeyId: "workspace-key-test-\(UUID().uuidString.lowercased())",
            managementSecret: RandomToken.make(length: 48))
    }
}

/// A running sandbox, as `StytchSandbox.withRunning` hands it to its body.
public struct RunningStytchSandbox: Sendable {
    /// The B2B API base, served at the URL root: `http://127.0.0.1:PORT/`.
    public let baseURL: String
    /// The Management API base (the same server: `/pwa/v3/…` lives beside `/v1/…`).
    public let managementBaseURL: String
    public let credentials: StytchSandboxCredentials
    public let controls: SandboxControls
}

/// Random url-safe tokens for secrets and session tokens.
enum RandomToken {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")

    static func make(length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}
